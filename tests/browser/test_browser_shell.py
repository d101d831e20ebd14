"""The RTL shell as a browser shows it."""
import os

from tests.browser.conftest import sign_in

SHOTS = os.environ.get("TRACKER_SCREENSHOTS")


def test_login_page_renders_rtl_with_local_assets(page, live_server, users):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(live_server + "/auth/login")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The Persian web font loaded from the app, not a fallback.
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"')")
    assert failed == []
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "login.png"), full_page=True)
    sign_in(page, live_server, "pr_staff")
    assert "/auth/login" not in page.url
