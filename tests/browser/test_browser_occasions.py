"""Planning around an occasion in Chromium: from the dashboard's coming occasions to a campaign, its target
list and a visit dated outside it, confirmed; screenshots of the new pages at desktop and phone widths."""
import os
import re
from datetime import timedelta

from sqlalchemy import select

from tests.browser.conftest import add_occasion, pick, sign_in
from tracker.extensions import db
from tracker.models import Campaign, Event, Household, Neighborhood, Official, campaign_household
from tracker.persian.dates import format_jalali, jalali_str, jalali_year_month, today_tehran
from tracker.persian.digits import to_persian_digits

SHOTS = os.environ.get("TRACKER_SCREENSHOTS")
TITLE = "جشن محلهٔ وردآورد"


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_plan_a_campaign_from_an_occasion_and_confirm_a_visit_outside_it(page, phone_page, _browser, live_server,
                                                                         users, district):
    start = add_occasion(district, TITLE, today_tehran() + timedelta(days=10), 3)
    hood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "وردآورد"))
    db.session.add_all([
        Official(district_id=district.id, name="مهندس علیرضا نادری", title="شهردار منطقه"),
        Household(district_id=district.id, neighborhood_id=hood.id, category="martyr_family",
                  name="خانواده رضایی", martyr_name="حسن رضایی", phone="09121234567"),
        Household(district_id=district.id, neighborhood_id=hood.id, category="martyr_family",
                  name="خانواده احمدی", martyr_name="علی احمدی"),
        Household(district_id=district.id, neighborhood_id=hood.id, category="trustee", name="حاج کاظم کیانی"),
    ])
    db.session.commit()
    year = jalali_year_month(start)[0]

    # The dashboard lists the occasion among the next thirty days; "plan a campaign" fills the form.
    sign_in(page, live_server, "pr_staff")
    item = page.locator("#upcoming-occasions li.occasion", has_text=TITLE)
    item.locator("text=۱۰ روز دیگر").wait_for()
    _shot(page, "occasions-1-dashboard")
    item.locator("a.plan-campaign").click()
    page.wait_for_url(re.compile(r"/campaigns/new\?"))
    title = f"{TITLE} {to_persian_digits(year)}"
    assert page.input_value("input[name=title]") == title
    assert page.input_value("input[name=starts_on]") == to_persian_digits(jalali_str(start))
    assert page.input_value("input[name=ends_on]") == to_persian_digits(jalali_str(start + timedelta(days=2)))
    assert page.input_value("input[name='phases-0-title']") == title
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/campaigns/\d+$"))
    campaign = db.session.scalar(select(Campaign).where(Campaign.title == title))
    assert campaign.calendar_occasion.title == TITLE and campaign.occasion == TITLE
    assert campaign.starts_on == start

    # Its target list: the martyrs' families of Vardavard, counted before they are added.
    page.click("text=ساختن فهرست هدف")
    page.select_option("select[name=neighborhood_id]", str(hood.id))
    page.select_option("select[name=category]", "martyr_family")
    page.click("#pick form[method=get] button[type=submit]")
    page.locator("#preview", has_text="۲ خانوار با این انتخاب پیدا شد").wait_for()
    page.click("#add-all")
    page.locator(".alert-success", has_text="۲ خانوار به فهرست هدف افزوده شد.").wait_for()
    db.session.expire_all()
    assert len(db.session.execute(select(campaign_household)).all()) == 2

    # A visit planned from the campaign page, dated before the campaign: the warning must be confirmed.
    page.goto(f"{live_server}/campaigns/{campaign.id}")
    page.click("#plan-visit")
    page.wait_for_url(re.compile(r"/events/new\?campaign_id="))
    assert page.input_value("input[name=held_on]") == to_persian_digits(jalali_str(start))
    outside = today_tehran()
    page.fill("input[name=held_on]", to_persian_digits(jalali_str(outside)))
    page.select_option("select[name=neighborhood_id]", str(hood.id))
    pick(page, "official_ids", "نادری", "علیرضا نادری")
    pick(page, "household_ids", "رضايي", "خانواده رضایی")
    page.click("#event-form button[type=submit]")
    warning = page.locator("#outside-dates")
    warning.wait_for()
    assert page.locator(".field-error", has_text=f"بیرون از بازهٔ پویش «{title}»").count() == 1
    assert db.session.scalar(select(Event)) is None
    _shot(page, "occasions-2-visit-warning")
    warning.locator("input[type=checkbox]").check()
    page.click("#event-form button[type=submit]")
    page.wait_for_url(re.compile(r"/events/\d+$"))
    event = db.session.scalar(select(Event))
    assert event.held_on == outside and event.campaign_id == campaign.id and event.phase_id is not None

    # Held: the family shows as visited, the other one still waits.
    page.fill("#done-form textarea[name=done-minutes]", "شهردار منطقه با خانوادهٔ رضایی دیدار کرد.")
    page.click("#done-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server}/campaigns/{campaign.id}")
    summary = page.locator("#target-summary")
    assert summary.inner_text() == "۲ خانوار در فهرست؛ ۱ دیدارشده و ۱ در انتظار."
    group = page.locator(f"#target-n{hood.id}")
    assert "خانواده احمدی" in group.locator(".waiting").inner_text()
    assert format_jalali(outside) in group.locator(".visited").inner_text()
    _shot(page, "occasions-3-campaign")

    page.goto(f"{live_server}/occasions/?year={year}")
    page.locator("#occasions", has_text=TITLE).wait_for()
    _shot(page, "occasions-4-calendar")
    season = (jalali_year_month(outside)[1] - 1) // 3 + 1
    page.goto(f"{live_server}/reports/monthly?year={jalali_year_month(outside)[0]}&period=s{season}")
    assert page.locator("h1", has_text="گزارش فعالیت فصلی").count() == 1
    _shot(page, "occasions-5-period-report")

    # The new pages at a desktop's and a phone's width, none wider than the screen.
    desktop = _browser.new_context(viewport={"width": 1366, "height": 768}, locale="fa-IR").new_page()
    report = f"/reports/monthly?year={jalali_year_month(outside)[0]}&period=s{season}"
    pages = (("/", "dashboard"), (f"/campaigns/{campaign.id}", "campaign"), (f"/occasions/?year={year}", "calendar"),
             (report, "period-report"))
    try:
        for browser_page, width in ((desktop, 1366), (phone_page, 360)):
            sign_in(browser_page, live_server, "pr_staff")
            for url, name in pages:
                if width < 1000 and name == "period-report":
                    continue  # the reports at phone width are the page crawl's (tests/browser/test_pages_crawl.py)
                browser_page.goto(live_server + url)
                overflow = browser_page.evaluate("document.documentElement.scrollWidth") - width
                _shot(browser_page, f"occasions-{name}-{width}")
                wide = browser_page.evaluate("""w => {
                    const out = e => e.getBoundingClientRect().left < -1 || e.getBoundingClientRect().right > w + 1;
                    return [...document.querySelectorAll('body *')].filter(e => out(e) && ![...e.children].some(out))
                        .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id);
                }""", width)
                assert overflow <= 0, f"{url} is {overflow} px wider than {width} px: {wide}"
    finally:
        desktop.context.close()
