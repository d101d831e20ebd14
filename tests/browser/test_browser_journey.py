"""The PR journey of the web issue, driven in Chromium from sign-in to the viewer's masked view."""
import os
import re

from sqlalchemy import select

from tests.browser.conftest import sign_in
from tracker.extensions import db
from tracker.models import Event, FeedbackItem, Household, Neighborhood, Official

SHOTS = os.environ.get("TRACKER_SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _pick(page, picker, typed, expected):
    """Type into a search-as-you-type picker and click the suggestion containing expected."""
    page.fill(f"#{picker}-search", typed)
    page.locator(f'.picker[data-name="{picker}"] .results button', has_text=expected).first.click()
    page.locator(f"#{picker}-chips .chip", has_text=expected).wait_for()


def test_pr_logs_a_visit_and_a_viewer_sees_no_phone(page, live_server, users, district):
    nb = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "وردآورد"))
    db.session.add_all([
        Official(district_id=district.id, name="مهندس کاظم یگانه", title="شهردار منطقه"),
        Official(district_id=district.id, name="دکتر پروین کیانی", title="معاون امور اجتماعی و فرهنگی"),
        Household(district_id=district.id, neighborhood_id=nb.id, category="martyr_family",
                  name="زهرا کریمی", martyr_name="یوسف کریمی", phone="09121234567",
                  address="وردآورد، کوچهٔ یاس، پلاک ۷"),
    ])
    db.session.commit()

    sign_in(page, live_server, "pr_staff")
    page.goto(live_server + "/events/new")
    page.select_option("select[name=kind]", "home_visit")
    page.select_option("select[name=neighborhood_id]", str(nb.id))
    page.fill("input[name=held_on]", "۱۴۰۵/۰۹/۰۴")
    # The weekday preview appears as the date is typed: 1405/09/04 is a Wednesday (and already past,
    # so the feedback heard at the visit may be recorded).
    page.locator("#date-preview", has_text="چهارشنبه").wait_for()
    page.fill("input[name=start_time]", "۱۷:۳۰")
    _pick(page, "official_ids", "یگانه", "کاظم یگانه")
    _pick(page, "official_ids", "کيانی", "پروین کیانی")
    _pick(page, "household_ids", "كريمي", "زهرا کریمی")
    _shot(page, "journey-1-new-event")
    page.click("#event-form button[type=submit]")
    page.wait_for_url(re.compile(r"/events/\d+$"))

    event = db.session.scalar(select(Event).order_by(Event.id.desc()))
    db.session.refresh(event)
    assert event.status == "planned"
    assert event.held_on.isoformat() == "2026-11-25"
    assert sorted(o.name for o in event.officials) == ["دکتر پروین کیانی", "مهندس کاظم یگانه"]

    page.fill("#done-form textarea[name=done-minutes]",
              "شهردار منطقه و معاون اجتماعی با خانوادهٔ شهید کریمی دیدار کردند.")
    page.click("#done-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=انجام‌شده").count() > 0

    page.select_option("select[name='fb-rows-0-kind']", "criticism")
    page.fill("textarea[name='fb-rows-0-text']", "چراغ‌های کوچهٔ یاس شب‌ها خاموش است.")
    page.select_option("select[name='fb-rows-0-household_id']", label="زهرا کریمی")
    page.select_option("select[name='fb-rows-1-kind']", "suggestion")
    page.fill("textarea[name='fb-rows-1-text']", "برگزاری یادوارهٔ شهدای محله در سرای محله.")
    page.click("#feedback-rows button[type=submit]")
    page.wait_for_load_state("networkidle")
    _shot(page, "journey-2-event-with-feedback")
    assert page.locator("text=چراغ‌های کوچهٔ یاس").count() > 0

    db.session.expire_all()
    kinds = sorted(db.session.scalars(select(FeedbackItem.kind).where(FeedbackItem.event_id == event.id)))
    assert kinds == ["criticism", "suggestion"]
    assert db.session.get(Event, event.id).status == "done"

    # Found by typing the name with Arabic yeh and kaf.
    page.fill("nav input[name=q]", "زهرا كريمي")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("#result-households", has_text="زهرا کریمی").count() == 1

    page.click("nav form[action$='/auth/logout'] button")
    sign_in(page, live_server, "viewer")
    html = page.content()
    assert "09121234567" not in html and "۰۹۱۲۱۲۳۴۵۶۷" not in html
    household_id = db.session.scalar(select(Household.id).where(Household.name == "زهرا کریمی"))
    response = page.goto(f"{live_server}/households/{household_id}")
    assert response.status == 403
    assert "۰۹۱۲" not in page.content() and "0912" not in page.content()
