"""Security headers on every answer, no-store wherever personal data may be, no inline script or style."""
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.routing import BuildError

from tests.pages import ANONYMOUS, API, ASSET, OK, PAGE, ROUTES, viewable
from tests.sample_data import PASSWORD, USERNAMES
from tracker.headers import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.fixture(scope="module")
def site(demo_site):
    """The demo district with a signed-in client and an API token per role."""
    from tracker.auth.services import create_token
    from tracker.extensions import db
    from tracker.models import User

    with demo_site() as (app, sample):
        with app.app_context():
            tokens = {role: create_token(db.session.scalar(select(User).where(User.username == name)))
                      for role, name in USERNAMES.items()}
            db.session.commit()
        clients = {ANONYMOUS: app.test_client()}
        for role, name in USERNAMES.items():
            clients[role] = app.test_client()
            clients[role].post("/auth/login", data={"username": name, "password": PASSWORD})
        yield SimpleNamespace(app=app, sample=sample, clients=clients, tokens=tokens)


def _get(site, route, role):
    try:
        url = route.url(site.app, site.sample, site.sample.own)
    except BuildError:
        pytest.skip(f"the route registry names {route.endpoint}, which the app does not have")
    if route.kind == API:
        headers = {"Authorization": f"Bearer {site.tokens[role]}"} if role in site.tokens else {}
        response = site.app.test_client().get(url, headers=headers)
    else:
        response = site.clients[role].get(url)
    response.get_data()
    response.close()
    return response


def _assert_secured(response, where):
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, f"{where}: {name}"
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp == CONTENT_SECURITY_POLICY, where
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), where
    assert "Strict-Transport-Security" not in response.headers, f"{where}: HSTS without HTTPS"


class _InlineCode(HTMLParser):
    """Collect inline scripts, style blocks, style attributes and event-handler attributes of a page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> block")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")


@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_every_route_sends_the_headers_and_keeps_personal_data_out_of_caches(site, route):
    role = next(iter(viewable(route)), "admin")
    response = _get(site, route, role)
    where = f"{route.name} as {role}"
    assert response.status_code in (OK, 404), where
    _assert_secured(response, where)
    cache = response.headers.get("Cache-Control", "")
    if route.kind == ASSET:
        assert "no-store" not in cache, f"{where}: a static file keeps its cache"
        if route.endpoint == "assets.asset":
            assert "max-age=86400" in cache, where
    else:
        assert cache == "no-store", where
    if route.kind == PAGE and response.status_code == OK:
        parser = _InlineCode()
        parser.feed(response.get_data(as_text=True))
        assert parser.found == [], where


def test_redirects_errors_and_refusals_carry_the_headers_too(site):
    anonymous = site.clients[ANONYMOUS]
    for response, status in [
        (anonymous.get("/households/"), 302),
        (anonymous.get("/no/such/page"), 404),
        (site.clients["viewer"].get("/admin/"), 403),
        (site.app.test_client().get("/api/v1/households"), 401),
        (anonymous.post("/auth/login", data={"username": "admin", "password": "wrong"}), 200),
    ]:
        assert response.status_code == status
        _assert_secured(response, response.request.path)
        assert response.headers["Cache-Control"] == "no-store"
        if response.mimetype == "text/html":
            parser = _InlineCode()
            parser.feed(response.get_data(as_text=True))
            assert parser.found == [], response.request.path


def test_no_template_holds_inline_script_style_or_event_handler():
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        parser = _InlineCode()
        # Jinja tags are not HTML; blank them out so the parser sees only the markup around them.
        parser.feed(re.sub(r"{[{%#].*?[}%#]}", "x", path.read_text(encoding="utf-8"), flags=re.S))
        if parser.found:
            found[str(path.relative_to(TEMPLATES))] = parser.found
    assert found == {}


def test_an_unexpected_error_page_carries_the_headers(app):
    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/broken-for-test", "broken", broken)
    response = app.test_client().get("/broken-for-test")
    assert response.status_code == 500
    assert "کار شما ذخیره نشد" in response.get_data(as_text=True)
    _assert_secured(response, "500 page")
    assert response.headers["Cache-Control"] == "no-store"


def test_hsts_is_sent_only_when_the_site_is_declared_https(_schema):
    from tracker import create_app

    secure = create_app({**_schema, "SESSION_COOKIE_SECURE": True}).test_client().get("/auth/login")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain = create_app(dict(_schema)).test_client().get("/auth/login")
    assert "Strict-Transport-Security" not in plain.headers
