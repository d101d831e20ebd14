"""The feedback loop in Chromium: a manager answers from the inbox, PR tells the family, the item closes."""
import os
from datetime import date, timedelta

from sqlalchemy import select

from tests.browser.conftest import record_contact_and_close, sign_in
from tracker.extensions import db
from tracker.feedback import services
from tracker.models import Event, FeedbackItem, Household, Neighborhood, Topic

SHOTS = os.environ.get("TRACKER_SCREENSHOTS")


def test_manager_answers_pr_calls_and_item_closes(page, live_server, users, district):
    topic = db.session.scalar(select(Topic).where(Topic.name == "روشنایی معابر"))
    manager = users["manager"]
    manager.department_id = topic.department_id
    nb = db.session.scalars(select(Neighborhood)).first()
    home = Household(district_id=district.id, neighborhood_id=nb.id, category="martyr_family",
                     name="فاطمه رضایی", martyr_name="علی رضایی", phone="09351234567")
    event = Event(district_id=district.id, neighborhood_id=nb.id, kind="home_visit", status="done",
                  held_on=date.today() - timedelta(days=3), minutes="دیدار انجام شد.")
    event.households = [home]
    db.session.add_all([home, event])
    db.session.flush()
    item = services.create_feedback(event, kind="criticism", text="چراغ کوچه خاموش است.", topic=topic, household=home)
    services.refer(item, actor=users["pr_staff"])
    db.session.commit()
    item_id = item.id

    sign_in(page, live_server, "manager")
    page.goto(live_server + "/feedback/inbox")
    page.locator("a", has_text="پاسخ").first.click()
    page.wait_for_load_state("networkidle")
    page.click("#action-start button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.fill("#action-answer textarea[name=response]", "تیر چراغ تعمیر شد و روشنایی کوچه برقرار است.")
    page.click("#action-answer button[type=submit]")
    page.wait_for_load_state("networkidle")
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item_id).status == "answered"

    page.click("nav form[action$='/auth/logout'] button")
    sign_in(page, live_server, "pr_staff")
    page.goto(live_server + "/feedback/to-inform")
    assert page.locator("text=چراغ کوچه خاموش است.").count() > 0
    page.goto(f"{live_server}/feedback/{item_id}")
    record_contact_and_close(page)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "feedback-closed.png"), full_page=True)

    db.session.expire_all()
    closed = db.session.get(FeedbackItem, item_id)
    assert closed.status == "closed" and closed.satisfaction == "satisfied"
    actions = [u.action for u in closed.updates]
    assert actions[0] == "create" and "answer" in actions and actions[-1] in ("close", "contact")
    assert any(u.contact_channel == "phone" for u in closed.updates)
    assert page.locator("text=بسته‌شده").count() > 0
