"""The household import's pages in Chromium at a desktop's and a phone's width: upload, columns, report."""
import os
import re

from sqlalchemy import func, select

from tests.browser.conftest import sign_in
from tests.import_files import FAMILIES, HASAN, bad_nid, csv_bytes
from tracker.extensions import db
from tracker.models import Household

SHOTS = os.environ.get("TRACKER_SCREENSHOTS")
# The columns are in another order than the template's, and one header is the office's own word.
HEADERS = ["ردیف", "نام و نام خانوادگی", "نام شهید", "محله", "نشانی", "موبایل", "کد ملی", "دسته", "توضیحات",
           "رضایت انتشار"]
ROWS = [[str(n), *row] for n, row in enumerate([
    *FAMILIES,
    HASAN,
    ["علی نوری", "", "وردآورد", "کوچهٔ ۱۲", "", bad_nid("001111222"), "شهروند", "", ""],
    ["رضا احمدی", "", "نارمک", "", "", "", "شهروند", "", ""],
], start=1)]


def _overflow(page, width) -> list[str]:
    """Return the elements that stick out of the screen sideways (none should)."""
    return page.evaluate("""w => {
        const out = e => e.getBoundingClientRect().left < -1 || e.getBoundingClientRect().right > w + 1;
        return [...document.querySelectorAll('body *')].filter(e => out(e) && ![...e.children].some(out))
            .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id);
    }""", width)


def _look(page, name, width):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"import-{name}-{width}.png"), full_page=True)
    assert _overflow(page, width) == [], f"{name} at {width} px"


def test_import_pages_read_at_desktop_and_phone_width(page, phone_page, _browser, live_server, users, district):
    data = csv_bytes(ROWS, headers=HEADERS, bom=True)
    desktop = _browser.new_context(viewport={"width": 1366, "height": 768}, locale="fa-IR").new_page()
    desktop.set_default_timeout(10_000)
    try:
        for browser_page, width in ((phone_page, 360), (desktop, 1366)):  # the phone only looks
            sign_in(browser_page, live_server, "pr_staff")
            browser_page.goto(live_server + "/households/")
            browser_page.click("text=درون‌ریزی از فایل")
            browser_page.wait_for_url(re.compile(r"/households/import/$"))
            _look(browser_page, "upload", width)
            browser_page.set_input_files("input[name=file]", files=[
                {"name": "فهرست خانواده‌ها.csv", "mimeType": "text/csv", "buffer": data}])
            browser_page.click("#upload-form button[type=submit]")
            browser_page.wait_for_url(re.compile(r"/households/import/[A-Za-z0-9_-]{22}$"))
            assert browser_page.input_value("select[name=column_1]") == "name"
            assert browser_page.input_value("select[name=column_0]") == ""
            _look(browser_page, "mapping", width)
            browser_page.click("#mapping-form button[type=submit]")
            browser_page.wait_for_url(re.compile(r"/report$"))
            assert browser_page.locator("#count-new").inner_text() == "تازه: ۳"
            assert browser_page.locator("#count-file_duplicate").inner_text() == "تکراری در همین فایل: ۱"
            assert browser_page.locator("#count-invalid").inner_text() == "نادرست: ۲"
            _look(browser_page, "report", width)
            if width == 1366:
                with browser_page.expect_download() as download:
                    browser_page.click("text=دریافت گزارش کامل (اکسل)")
                assert download.value.suggested_filename.endswith(".xlsx")
                browser_page.click("#run-form button[type=submit]")
                browser_page.locator(".alert", has_text="۳ خانوار ثبت شد؛ ۳ ردیف ثبت نشد").wait_for()
                _look(browser_page, "done", width)
                db.session.expire_all()
                assert db.session.scalar(select(func.count(Household.id))) == 3
    finally:
        desktop.context.close()
