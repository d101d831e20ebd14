"""The office's lists, forms, reports and calendar on a 360-px phone, and the pickers by keyboard."""
import pytest

from tests.browser.conftest import serve, sign_in
from tests.pages import PAGES
from tests.sample_data import PASSWORD, USERNAMES

PHONE = {"viewport": {"width": 360, "height": 760}, "is_mobile": True, "has_touch": True}
# Every part of a box that lies within the screen's 360 px.
ON_SCREEN = "el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= 360; }"


@pytest.fixture(scope="module")
def site(demo_site):
    """The demo district served on loopback."""
    with demo_site() as (app, sample), serve(app) as base_url:
        yield app, sample, base_url


def _url(site, name):
    app, sample, base_url = site
    route = next(route for route in PAGES if route.name == name)
    return base_url + route.url(app, sample, sample.own)


@pytest.fixture
def phone(_browser, site):
    """A PR officer signed in on a phone."""
    context = _browser.new_context(locale="fa-IR", **PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, site[2], USERNAMES["pr_staff"], PASSWORD)
    yield page
    context.close()


def _cells(page, selector):
    """Return each matching cell's label and whether the whole cell is on the screen."""
    return page.eval_on_selector_all(
        selector, f"cells => cells.map(c => [c.dataset.label, ({ON_SCREEN})(c), c.innerText.trim() !== ''])")


@pytest.mark.parametrize("name, columns", [
    ("feedback.index", ("وضعیت", "مهلت")),
    ("feedback.inbox", ("مهلت",)),
    ("households.index", ("شماره همراه", "آخرین دیدار")),
    ("events.index", ("وضعیت", "محله")),
    ("feedback.commitments", ("وضعیت", "مهلت")),
])
def test_a_list_on_a_phone_is_cards_with_every_key_field_on_screen(phone, site, name, columns):
    phone.goto(_url(site, name))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    cells = _cells(phone, "table.table-cards > tbody > tr > td")
    assert cells, "the list is empty in the demo district"
    for column in columns:
        shown = [on_screen for label, on_screen, filled in cells if label == column and filled]
        assert shown and all(shown), f"{column}: some cells are off the screen"


def test_the_calendar_on_a_phone_lists_every_days_events_on_screen(phone, site):
    phone.goto(_url(site, "events.calendar"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    events = phone.eval_on_selector_all("#calendar a.ev", f"links => links.map({ON_SCREEN})")
    assert events and all(events)
    # A day takes the screen's width, so an event's title reads as a line, not a letter a line.
    widths = phone.eval_on_selector_all("#calendar a.ev", "links => links.map(a => a.getBoundingClientRect().width)")
    assert min(widths) > 250
    # Each day shown names its weekday: Thursday and Friday are no longer cut off.
    days = _cells(phone, "#calendar td[data-day]:not([data-quiet])")
    assert days and all(label for label, _, _ in days)


def test_the_phase_title_on_a_phone_takes_the_screens_width(phone, site):
    phone.goto(_url(site, "campaigns.new"))
    width = phone.eval_on_selector("#phases input[name$='-title']", "el => el.getBoundingClientRect().width")
    assert width > 250


def test_report_chart_labels_on_a_phone_keep_a_readable_size(phone, site):
    phone.goto(_url(site, "reports.campaign"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    sizes = phone.eval_on_selector_all(".bar-chart .bar-label, .bar-chart .bar-value",
                                       "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 12


def test_a_picker_chooses_its_first_suggestion_on_enter(page, site):
    sign_in(page, site[2], USERNAMES["pr_staff"], PASSWORD)
    page.goto(_url(site, "events.new"))
    first = page.locator('.picker[data-name="official_ids"] .results button').first
    page.fill("#official_ids-search", "ی")
    first.wait_for()
    expected = first.inner_text()
    page.press("#official_ids-search", "Enter")
    page.locator("#official_ids-chips .chip", has_text=expected).wait_for()
    assert page.input_value("#official_ids-search") == ""
    page.fill("#official_ids-search", "ی")
    first.wait_for()
    page.press("#official_ids-search", "ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('list-group-item')")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "official_ids-search"
