"""The inbox and the item page as people use them: triage for PR, order by deadline and priority, one-step answer."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event, func, select

from tests.factories import first_topic, make_event
from tracker.extensions import db
from tracker.feedback import services
from tracker.feedback.digest import build_digest
from tracker.models import (
    Commitment, Department, Event, FeedbackItem, FeedbackUpdate, Neighborhood, Official,
)
from tracker.persian.dates import format_jalali, today_tehran
from tracker.persian.digits import to_persian_digits as fa
from tracker.reports.queries import deadline_rows, triage_rows
from tracker.workcalendar import work_calendar


@pytest.fixture
def desk(district, users):
    """A topic, its department's manager, and a day a week ago on which families were heard."""
    topic = first_topic(district)
    users["manager"].department_id = topic.department_id
    db.session.commit()
    return {"topic": topic, "day": today_tehran() - timedelta(days=7), "pr": users["pr_staff"]}


def hear(district, desk, text, *, priority="normal", topic=True, days_ago=7, actor="pr"):
    event = make_event(district, held_on=today_tehran() - timedelta(days=days_ago))
    event.status, event.minutes = "done", "دیدار انجام شد."
    item = services.create_feedback(event, kind="request", text=text, priority=priority,
                                    topic=desk["topic"] if topic else None, actor=desk.get(actor))
    db.session.commit()
    return item


def rows_order(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-item="(\d+)"', html)]


def test_inbox_sorts_by_deadline_then_priority_and_shows_both(client, auth, district, desk):
    normal = hear(district, desk, "نیمکت شکسته", days_ago=7)
    urgent = hear(district, desk, "چاه باز کنار مدرسه", priority="urgent", days_ago=30)
    high = hear(district, desk, "چراغ خاموش", priority="high", days_ago=7)
    same_day = hear(district, desk, "درخت افتاده", priority="urgent", days_ago=7)
    rows = deadline_rows(district.id, today_tehran(), work_calendar(district),
                         department_id=desk["topic"].department_id)
    # Urgent from a month ago is long overdue; of those heard a week ago, the shorter times come first.
    assert [r.id for r in rows] == [urgent.id, same_day.id, high.id, normal.id]
    assert [r.due_on for r in rows] == sorted(r.due_on for r in rows)
    auth.login("manager")
    html = client.get("/feedback/inbox").get_data(as_text=True)
    assert rows_order(html) == [urgent.id, same_day.id, high.id, normal.id]
    hood = db.session.get(Neighborhood, urgent.event.neighborhood_id).name
    row = html.split(f'data-item="{urgent.id}"')[1].split("</tr>")[0]
    assert "فوری" in row and hood in row and "روز کاری تأخیر" in row
    assert 'id="triage"' not in html  # triage is PR's, not the department's


def test_ties_in_deadline_go_to_the_more_urgent(app, district, desk):
    calendar = work_calendar(district)
    low = hear(district, desk, "پیشنهاد کم‌اهمیت", priority="low")
    normal = hear(district, desk, "پیشنهاد عادی")
    for item in (low, normal):
        item.due_on = calendar.add(today_tehran(), 3)  # the same deadline for both
    db.session.commit()
    rows = deadline_rows(district.id, today_tehran(), calendar)
    assert [r.id for r in rows] == [normal.id, low.id]


def test_pr_sees_the_items_awaiting_referral_with_their_triage_deadline(client, auth, district, desk):
    waiting = hear(district, desk, "درخواست نامشخص", topic=False, days_ago=0)
    late = hear(district, desk, "پیشنهاد بی‌معاونت", topic=False, days_ago=10)
    hear(district, desk, "مورد ارجاع‌شده")
    rows = triage_rows(district.id, today_tehran(), work_calendar(district))
    assert [r.id for r in rows] == [late.id, waiting.id] and rows[0].working_days_over > 0
    auth.login("pr_staff")
    html = client.get("/feedback/inbox").get_data(as_text=True)
    triage = html.split('id="triage"')[1].split("</section>")[0]
    assert "در انتظار ارجاع — روابط عمومی (۲)" in triage
    assert rows_order(triage) == [late.id, waiting.id]
    assert f"/feedback/{late.id}#action-refer" in triage and "روز کاری تأخیر" in triage
    assert "مورد ارجاع‌شده" not in triage
    assert 'href="/feedback/inbox"' in html  # PR staff have the inbox in the menu now


def test_inbox_does_not_run_a_query_per_row(client, auth, district, desk):
    def count_for(n):
        for i in range(n):
            hear(district, desk, f"مورد {i}", days_ago=i % 9)
        db.session.expire_all()  # as in a fresh request: nothing already loaded
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/feedback/inbox").status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    auth.login("pr_staff")
    few = count_for(2)
    many = count_for(12)
    assert many == few


def test_a_manager_answers_a_referred_item_in_one_step_from_the_inbox(client, auth, district, desk):
    item = hear(district, desk, "چراغ کوچه خاموش است")
    auth.login("manager")
    inbox = client.get("/feedback/inbox").get_data(as_text=True)
    assert f'href="/feedback/{item.id}#action-answer">پاسخ</a>' in inbox
    page = client.get(f"/feedback/{item.id}").get_data(as_text=True)
    assert 'id="action-answer"' in page
    assert page.index('id="action-answer"') < page.index('id="action-start"')  # the answer form comes first
    response = client.post(f"/feedback/{item.id}/answer", data={"response": "تیر چراغ تعمیر شد",
                                                                 "version": item.version}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "پاسخ ثبت شد" in html and "پاسخ داده شده" in html
    assert 'id="action-start"' not in html and 'id="action-answer"' not in html
    db.session.expire_all()
    actions = db.session.scalars(select(FeedbackUpdate.action).where(FeedbackUpdate.item_id == item.id)
                                 .order_by(FeedbackUpdate.id)).all()
    assert actions == ["create", "refer", "start", "answer"]
    timeline = html.split('id="timeline"')[1]
    assert timeline.index("آغاز رسیدگی") < timeline.index("«در حال رسیدگی» ← «پاسخ داده شده»")


def test_an_empty_answer_is_refused_beside_the_box_and_nothing_moves(client, auth, district, desk):
    item = hear(district, desk, "چراغ کوچه خاموش است")
    auth.login("manager")
    response = client.post(f"/feedback/{item.id}/answer", data={"response": "  "})
    assert response.status_code == 400
    assert 'field-error">متن پاسخ را بنویسید.' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item.id).status == "referred"
    assert db.session.scalar(select(func.count()).select_from(FeedbackUpdate)
                             .where(FeedbackUpdate.item_id == item.id)) == 2


def answered(district, desk, users):
    item = hear(district, desk, "چراغ کوچه خاموش است")
    services.answer(item, response="تعمیر شد", actor=users["manager"])
    db.session.commit()
    return item


def test_contact_form_offers_now_and_its_button_follows_the_box(client, auth, district, desk, users):
    item = answered(district, desk, users)
    auth.login("pr_staff")
    page = client.get(f"/feedback/{item.id}").get_data(as_text=True)
    card = page.split('id="action-contact"')[1].split("</form>")[0]
    assert "<div class=\"card-header\">ثبت تماس با خانواده</div>" in page
    assert f'value="{fa(format_jalali(today_tehran()))}"' in card  # today, in Persian digits
    assert 'name="contact_time"' in card
    assert re.search(r'data-label-close="ثبت تماس و بستن"[^>]*>ثبت تماس</button>', card)
    assert "close-toggle.js" in page and "onclick" not in page and "onchange" not in card
    # sent back with the box ticked, the label says so without a script
    response = client.post(f"/feedback/{item.id}/contact", data={"channel": "phone", "outcome": "reached",
                                                                  "close": "y"})
    assert response.status_code == 400
    assert re.search(r">ثبت تماس و بستن</button>", response.get_data(as_text=True).split('id="action-contact"')[1])


@pytest.mark.parametrize("day, at, message", [
    ("1405/13/01", "10:00", "ماه"),  # not a date
    ("", "10:00", "تاریخ و ساعت تماس را با هم بنویسید"),
    (None, "25:00", "ساعت باید بین ۰ و ۲۳ باشد."),
])
def test_a_bad_contact_time_is_refused_beside_the_field(client, auth, district, desk, users, day, at, message):
    item = answered(district, desk, users)
    auth.login("pr_staff")
    day = format_jalali(today_tehran()) if day is None else day
    response = client.post(f"/feedback/{item.id}/contact", data={
        "channel": "phone", "outcome": "reached", "contact_day": day, "contact_time": at,
        "comment": "با مادر شهید صحبت شد"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert "با مادر شهید صحبت شد" in html  # the input is kept
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(FeedbackUpdate)
                             .where(FeedbackUpdate.item_id == item.id, FeedbackUpdate.action == "contact")) == 0


def test_a_contact_in_the_future_is_refused_and_a_past_one_is_kept_with_its_time(client, auth, district, desk,
                                                                                  users):
    item = answered(district, desk, users)
    auth.login("pr_staff")
    tomorrow = format_jalali(today_tehran() + timedelta(days=1))
    response = client.post(f"/feedback/{item.id}/contact", data={
        "channel": "phone", "outcome": "reached", "contact_day": tomorrow, "contact_time": "09:00"})
    html = response.get_data(as_text=True)
    beside = html.split('name="contact_time"')[1].split('name="comment"')[0]  # the time field's own box
    assert response.status_code == 400 and 'field-error">زمان تماس (' in beside
    assert "نمی‌تواند پس از اکنون باشد" in beside
    response = client.post(f"/feedback/{item.id}/contact", data={
        "channel": "sms", "outcome": "no_answer", "contact_day": format_jalali(today_tehran()),
        "contact_time": "00:01"}, follow_redirects=True)
    assert "تماس با خانواده ثبت شد." in response.get_data(as_text=True)
    db.session.expire_all()
    contact = db.session.scalar(select(FeedbackUpdate).where(FeedbackUpdate.item_id == item.id,
                                                              FeedbackUpdate.action == "contact"))
    assert (contact.at.date(), contact.at.hour, contact.at.minute) == (today_tehran(), 0, 1)


def test_pr_changes_the_priority_and_the_deadline_follows(client, auth, district, desk):
    item = hear(district, desk, "چاه باز کنار مدرسه")
    before = item.due_on
    auth.login("pr_staff")
    response = client.post(f"/feedback/{item.id}/prioritize", data={"priority": "", "version": item.version})
    assert response.status_code == 400 and "اولویت را از فهرست انتخاب کنید." in response.get_data(as_text=True)
    response = client.post(f"/feedback/{item.id}/prioritize",
                           data={"priority": "urgent", "version": item.version}, follow_redirects=True)
    assert "اولویت تغییر کرد و مهلت از نو حساب شد." in response.get_data(as_text=True)
    db.session.expire_all()
    item = db.session.get(FeedbackItem, item.id)
    assert item.priority == "urgent" and item.due_on < before


def test_cli_changes_priority_and_refuses_a_bad_contact_time(runner, district, desk, users):
    item = hear(district, desk, "چاه باز")
    result = runner.invoke(args=["feedback-action", str(item.id), "prioritize", "--user", "pr_staff",
                                 "--priority", "high"])
    assert result.exit_code == 0, result.output
    services.answer(db.session.get(FeedbackItem, item.id), response="پر شد", actor=users["manager"])
    db.session.commit()
    result = runner.invoke(args=["feedback-action", str(item.id), "contact", "--user", "pr_staff",
                                 "--channel", "phone", "--outcome", "reached", "--at", "دیروز ساعت ۱۰"])
    assert result.exit_code == 4 and "زمان تماس را به شکل" in result.stderr
    result = runner.invoke(args=["feedback-action", str(item.id), "contact", "--user", "pr_staff",
                                 "--channel", "phone", "--outcome", "reached", "--at", "1405/13/01 10:00"])
    assert result.exit_code == 4 and result.stderr.startswith("زمان تماس: ")
    result = runner.invoke(args=["feedback-action", str(item.id), "contact", "--user", "pr_staff",
                                 "--channel", "phone", "--outcome", "reached", "--at", "00:00"])
    assert result.exit_code == 0, result.stderr
    db.session.expire_all()
    contact = db.session.scalar(select(FeedbackUpdate).where(FeedbackUpdate.item_id == item.id,
                                                              FeedbackUpdate.action == "contact"))
    assert contact.at.date() == today_tehran() and contact.at.hour == 0


def test_digest_names_triage_overdue_commitments_and_missing_minutes(app, district, desk, users):
    waiting = hear(district, desk, "پیشنهاد بی‌معاونت", topic=False, days_ago=10)
    hood = db.session.scalars(select(Neighborhood)).first()
    missed = Event(district_id=district.id, neighborhood_id=hood.id, kind="home_visit", status="planned",
                   title="دیدار با خانوادهٔ کیانی", held_on=today_tehran() - timedelta(days=4))
    tomorrow = Event(district_id=district.id, neighborhood_id=hood.id, kind="home_visit", status="planned",
                     title="دیدار فردا", held_on=today_tehran() + timedelta(days=1))
    official = Official(district_id=district.id, name="مهندس نادری", title="شهردار منطقه")
    db.session.add_all([missed, tomorrow, official])
    db.session.flush()
    promise = services.create_commitment(missed, official=official, text="نصب سرعت‌گیر",
                                         due_on=missed.held_on + timedelta(days=1))
    kept = services.create_commitment(missed, official=official, text="کاشت درخت",
                                      due_on=today_tehran() + timedelta(days=30))
    db.session.commit()
    text = build_digest(district)
    triage = text.split("در انتظار ارجاع")[1].split("■")[0]
    assert f"بازخورد {fa(waiting.id)}: پیشنهاد بی‌معاونت" in triage and "روز کاری تأخیر" in triage
    commitments = text.split("■ تعهدهای عقب‌افتاده (۱):")[1].split("■")[0]
    assert f"تعهد {fa(promise.id)}: نصب سرعت‌گیر — مهندس نادری" in commitments
    assert kept.text not in text
    minutes = text.split("■ صورت‌جلسه نوشته نشده (۱):")[1]
    assert "دیدار با خانوادهٔ کیانی" in minutes and "دیدار فردا" not in text
    # a department's own digest leaves the office's part out
    department = db.session.get(Department, desk["topic"].department_id)
    assert "در انتظار ارجاع" not in build_digest(district, department)
    assert db.session.scalar(select(func.count()).select_from(Commitment)) == 2
