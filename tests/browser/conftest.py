"""Browser fixtures: the app served on loopback and Debian's Chromium driven by Playwright."""
import shutil
import threading
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium must not reach out to the closed network; these flags keep it quiet and fast.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    reason = None
    if CHROMIUM is None:
        reason = "Debian's chromium is not installed (apt-get install chromium); browser tests skipped"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed; browser tests skipped"
    if reason:
        for item in items:
            if "browser" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


@contextmanager
def serve(app):
    """Serve the app on a free loopback port; yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the duration of one test."""
    with serve(app) as base_url:
        yield base_url


def pytest_terminal_summary(terminalreporter, config):
    """Print the page crawl's counts when it ran."""
    from tests.browser.page_report import CRAWL_SUMMARY

    lines = config.stash.get(CRAWL_SUMMARY, None)
    if lines:
        terminalreporter.section("page crawl")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def _browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser):
    """A fresh browser context (no cookies) sized like a desktop."""
    context = _browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(_browser):
    """A fresh browser context the size of a 360-px-wide phone."""
    context = _browser.new_context(viewport={"width": 360, "height": 760}, device_scale_factor=2,
                                   is_mobile=True, has_touch=True, locale="fa-IR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, base_url, username, password="test-password-1"):
    """Sign in through the login form."""
    page.goto(base_url + "/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def add_occasion(district, title: str, start, length_days: int):
    """Add an occasion of the district from start (moved a day on from 30 Esfand, which most years lack)."""
    from datetime import timedelta

    from tracker.occasions.services import create_occasion
    from tracker.persian.dates import jalali_str

    if jalali_str(start).endswith("/12/30"):
        start += timedelta(days=1)
    _, month, day = map(int, jalali_str(start).split("/"))
    create_occasion(district.id, {"title": title, "month": month, "day": day, "length_days": length_days})
    return start


def pick(page, picker, typed, expected):
    """Type into a search-as-you-type picker and choose the result showing expected."""
    page.fill(f"#{picker}-search", typed)
    page.locator(f'.picker[data-name="{picker}"] .results button', has_text=expected).first.click()
    page.locator(f"#{picker}-chips .chip", has_text=expected).wait_for()


def record_contact_and_close(page):
    """Fill the open item's contact form: phoned, reached, satisfied, close the item; send it."""
    page.select_option("#action-contact select[name=channel]", "phone")
    page.select_option("#action-contact select[name=outcome]", "reached")
    page.select_option("#action-contact select[name=satisfaction]", "satisfied")
    page.check("#action-contact input[name=close]")
    page.click("#action-contact button[type=submit]")
    page.wait_for_load_state("networkidle")
