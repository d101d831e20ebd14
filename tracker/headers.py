"""Security and caching headers on every response.

A fixed header set needs no extension: there are no inline scripts or styles to give nonces
to, and the session cookie's flags are already the config's (flask-talisman would take both
over, and has had no release since 2023).
"""
from flask import current_app, request

# Every script and style is a file under /assets/; inline ones, event-handler attributes and
# style attributes are refused.  Bootstrap's CSS draws its icons from data: URIs.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# Only features Chromium knows: an unknown one is a console error on every page.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in (
        "camera", "microphone", "geolocation", "payment", "usb", "serial", "midi",
        "display-capture", "accelerometer", "gyroscope", "magnetometer",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Not no-referrer: Flask-WTF checks the Referer of every HTTPS form post against the host.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Without includeSubDomains: other services of the municipality may share the parent domain.
HSTS = "max-age=31536000"


def _static_file() -> bool:
    """Tell whether the request is for a static file, which holds no personal data."""
    return request.blueprint == "assets" or request.endpoint == "static"


def add_headers(response):
    """Set the security headers, and no-store on everything but static files (they keep their cache)."""
    for name, value in HEADERS.items():
        response.headers[name] = value
    # TRACKER_SECURE_COOKIES=1 says the site is served over HTTPS only.
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers["Strict-Transport-Security"] = HSTS
    if not _static_file():
        # Pages, lists, reports, PDFs, exports and API answers all may carry personal data;
        # no-store also keeps them out of the back-forward cache after signing out.
        response.headers["Cache-Control"] = "no-store"
    return response


def register(app):
    """Add the headers to every response of app, error pages and streamed downloads included."""
    app.after_request(add_headers)
