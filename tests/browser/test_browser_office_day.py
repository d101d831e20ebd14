"""The PR office's day in Chromium, end to end: import a list, plan a campaign from an occasion, log a visit
whose three feedback items are referred on save, the manager answers one in one step, PR calls the family
and closes it, and the household page shows it all."""
import os
import re
from datetime import timedelta

from sqlalchemy import select

from tests.browser.conftest import add_occasion, pick, record_contact_and_close, sign_in
from tests.import_files import bad_nid, csv_bytes, nid
from tracker.extensions import db
from tracker.models import (
    Campaign, Department, Event, FeedbackItem, FeedbackUpdate, Household, Neighborhood, Official, Topic,
)
from tracker.models.choices import label
from tracker.persian.dates import format_jalali, jalali_str, today_tehran
from tracker.persian.digits import to_persian_digits

SHOTS = os.environ.get("TRACKER_SCREENSHOTS")
OCCASION = "یادوارهٔ شهدای محلهٔ وردآورد"
# The list as the office keeps it: one family new, one martyr's family new, a trustee already registered
# (typed with Arabic yeh and kaf), and a row whose national ID fails its check digit.
LIST = [
    ["خانواده رضایی", "حسن رضایی", "وردآورد", "کوچهٔ لاله، پلاک ۴", "۰۹۱۲۱۲۳۴۵۶۷", nid("001354241"),
     "خانواده شهید", "", "بله"],
    ["خانواده احمدی", "علی احمدی", "وردآورد", "", "09351112233", "", "خانواده شهید", "", "خیر"],
    ["حاج كاظم كياني", "", "وردآورد", "", "0912 000 1133", "", "معتمد محل", "", ""],
    ["خانواده نوری", "", "وردآورد", "", "", bad_nid("002468135"), "شهروند", "", ""],
]
# Three things the family said, each on a topic that names its department.
HEARD = [
    ("criticism", "روشنایی معابر", "چراغ‌های کوچهٔ لاله شب‌ها خاموش است."),
    ("request", "پسماند و نظافت محله", "سطل زبالهٔ سر کوچه کافی نیست."),
    ("suggestion", "برنامه‌های فرهنگی و مذهبی", "یادوارهٔ شهدای محله در سرای محله برگزار شود."),
]
ANSWER = "تیر چراغ کوچهٔ لاله تعمیر شد و روشنایی برقرار است."


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"day-{name}.png"), full_page=True)


def _sign_out(page):
    page.click("nav form[action$='/auth/logout'] button")
    page.wait_for_url(re.compile(r"/auth/login"))


def test_the_office_day_from_the_list_to_the_closed_loop(page, live_server, users, district):
    hood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "وردآورد"))
    lighting = db.session.scalar(select(Topic).where(Topic.name == "روشنایی معابر"))
    users["manager"].department_id = lighting.department_id
    db.session.add_all([
        Official(district_id=district.id, name="مهندس علیرضا نادری", title="شهردار منطقه"),
        Household(district_id=district.id, neighborhood_id=hood.id, category="trustee", name="حاج کاظم کیانی"),
    ])
    # Began yesterday (today, if yesterday was 30 Esfand).
    start = add_occasion(district, OCCASION, today_tehran() - timedelta(days=1), 4)
    db.session.commit()
    today = today_tehran()

    # 1. The list: checked in a dry run, then imported; the duplicate and the invalid row are named.
    sign_in(page, live_server, "pr_staff")
    page.goto(live_server + "/households/")
    page.click("text=درون‌ریزی از فایل")
    page.set_input_files("input[name=file]", files=[
        {"name": "فهرست وردآورد.csv", "mimeType": "text/csv", "buffer": csv_bytes(LIST, bom=True)}])
    page.click("#upload-form button[type=submit]")
    page.click("#mapping-form button[type=submit]")
    page.wait_for_url(re.compile(r"/report$"))
    assert page.locator("#count-new").inner_text() == "تازه: ۲"
    duplicate = page.locator("tr.status-row-duplicate")
    assert "حاج کاظم کیانی" in duplicate.inner_text() and "ردیف" not in duplicate.locator("td").nth(4).inner_text()
    invalid = page.locator("tr.status-row-invalid")
    assert "۵" in invalid.locator("td").first.inner_text() and "کد ملی معتبر نیست." in invalid.inner_text()
    _shot(page, "1-import-report")
    page.click("#run-form button[type=submit]")
    page.locator(".alert", has_text="۲ خانوار ثبت شد؛ ۲ ردیف ثبت نشد").wait_for()
    family = db.session.scalar(select(Household).where(Household.name == "خانواده رضایی"))
    assert family.phone == "09121234567" and family.martyr_name == "حسن رضایی"
    assert db.session.scalar(select(Household).where(Household.name == "خانواده نوری")) is None

    # 2. The dashboard's running occasion: "plan a campaign" fills the form with its name and dates.
    page.goto(live_server + "/")
    page.locator("#upcoming-occasions li.occasion", has_text=OCCASION).locator("a.plan-campaign").click()
    page.wait_for_url(re.compile(r"/campaigns/new\?"))
    assert page.input_value("input[name=starts_on]") == to_persian_digits(jalali_str(start))
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/campaigns/\d+$"))
    campaign = db.session.scalar(select(Campaign).where(Campaign.title.startswith(OCCASION)))
    assert campaign.calendar_occasion.title == OCCASION

    # 3. A visit planned from the campaign, held today, with three things heard: each referred on save.
    page.click("#plan-visit")
    page.wait_for_url(re.compile(r"/events/new\?campaign_id="))
    page.fill("input[name=held_on]", to_persian_digits(jalali_str(today)))
    page.select_option("select[name=neighborhood_id]", str(hood.id))
    pick(page, "official_ids", "نادری", "علیرضا نادری")
    pick(page, "household_ids", "رضايي", "خانواده رضایی")
    page.click("#event-form button[type=submit]")
    page.wait_for_url(re.compile(r"/events/\d+$"))
    page.fill("#done-form textarea[name=done-minutes]", "شهردار منطقه با خانوادهٔ شهید رضایی دیدار کرد.")
    page.click("#done-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    for i, (kind, topic, text) in enumerate(HEARD):
        page.select_option(f"select[name='fb-rows-{i}-kind']", kind)
        page.select_option(f"select[name='fb-rows-{i}-topic_id']", label=topic)
        page.fill(f"textarea[name='fb-rows-{i}-text']", text)
        page.select_option(f"select[name='fb-rows-{i}-household_id']", label="خانواده رضایی")
    page.click("#feedback-rows button[type=submit]")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#feedback tr.feedback-row")
    assert rows.count() == 3
    for i in range(3):
        assert label("referred", "feedback_status") in rows.nth(i).inner_text()
    _shot(page, "2-visit-referred")
    event = db.session.scalar(select(Event).where(Event.campaign_id == campaign.id))
    assert event.status == "done" and [h.name for h in event.households] == ["خانواده رضایی"]
    items = {i.text: i for i in db.session.scalars(select(FeedbackItem).where(FeedbackItem.event_id == event.id))}
    assert {i.status for i in items.values()} == {"referred"}
    departments = {db.session.get(Department, i.department_id).name for i in items.values()}
    assert departments == {"معاونت فنی و عمرانی", "معاونت خدمات شهری و محیط زیست", "معاونت امور اجتماعی و فرهنگی"}
    assert all(i.received_on == today and i.due_on > today for i in items.values())
    lamp = items[HEARD[0][2]]

    # 4. The manager answers from the inbox in one step: the answer form is there at once.
    _sign_out(page)
    sign_in(page, live_server, "manager")
    page.goto(live_server + "/feedback/inbox")
    row = page.locator(f"tr[data-item='{lamp.id}']")
    assert "وردآورد" in row.inner_text()
    row.locator("a", has_text="پاسخ").click()
    page.wait_for_url(re.compile(rf"/feedback/{lamp.id}#action-answer$"))
    page.fill("#action-answer textarea[name=response]", ANSWER)
    _shot(page, "3-answer")
    page.click("#action-answer button[type=submit]")
    page.wait_for_load_state("networkidle")
    db.session.expire_all()
    assert db.session.get(FeedbackItem, lamp.id).status == "answered"
    steps = list(db.session.scalars(select(FeedbackUpdate.to_status).where(FeedbackUpdate.item_id == lamp.id)
                                    .order_by(FeedbackUpdate.id)))
    assert steps[-2:] == ["in_progress", "answered"]

    # 5. PR calls the family, who are satisfied, and closes the item.
    _sign_out(page)
    sign_in(page, live_server, "pr_staff")
    page.goto(live_server + "/feedback/to-inform")
    page.locator("tr", has_text=HEARD[0][2]).locator("a", has_text="ثبت تماس").click()
    page.wait_for_url(re.compile(rf"/feedback/{lamp.id}#action-contact$"))
    record_contact_and_close(page)
    db.session.expire_all()
    assert db.session.get(FeedbackItem, lamp.id).status == "closed"

    # 6. The family's page: the visit, the three items with their outcome, and the call.
    page.goto(f"{live_server}/households/{family.id}")
    assert format_jalali(today, "long") in page.locator("#visits").inner_text()
    assert "مهندس علیرضا نادری" in page.locator("#visits").inner_text()
    closed = page.locator(f"#feedback tr[data-item='{lamp.id}']").inner_text()
    assert label("closed", "feedback_status") in closed and ANSWER in closed
    assert label("satisfied", "satisfaction") in closed
    for _, _, text in HEARD[1:]:
        assert label("referred", "feedback_status") in page.locator("#feedback tr", has_text=text).inner_text()
    call = page.locator("#contacts").inner_text()
    assert label("phone", "contact_channel") in call and label("satisfied", "satisfaction") in call
    _shot(page, "4-household")
