"""Deadlines: referral on save, counted from the day the family spoke, triage for PR, priority, one-step answer."""
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import first_topic, make_event
from tracker.extensions import db
from tracker.feedback import services
from tracker.feedback.deadlines import answer_days, compute_due_on, default_days
from tracker.holidays.services import fill_years
from tracker.models import AuditEntry, Department, FeedbackItem, FeedbackUpdate
from tracker.models.base import tehran_now
from tracker.persian.dates import jalali_to_date, today_tehran
from tracker.persian.digits import to_persian_digits
from tracker.workcalendar import work_calendar

# Heard on Wednesday 1405/03/13 (2026-06-03). Thursday 1405/03/14 is a national holiday and Friday
# 1405/03/15 is both a holiday and the weekly day off, so the first working day counted is Saturday.
HEARD = jalali_to_date(1405, 3, 13)


@pytest.fixture
def topic(district):
    """A topic answered in 5 working days, high and urgent left to the default shares."""
    fill_years((1405,))
    topic = first_topic(district)
    topic.sla_days, topic.high_days, topic.urgent_days = 5, None, None
    db.session.flush()
    return topic


def heard(district, topic, *, priority="normal", on=HEARD, actor=None, **extra):
    event = make_event(district, held_on=on)
    return services.create_feedback(event, kind="request", text="چراغ کوچه خاموش است", topic=topic,
                                    priority=priority, actor=actor, **extra)


def steps(item):
    return [(u.action, u.from_status, u.to_status) for u in db.session.scalars(
        select(FeedbackUpdate).where(FeedbackUpdate.item_id == item.id).order_by(FeedbackUpdate.id))]


def test_worked_example_a_wednesday_before_a_holiday(app, district, users, topic):
    # Counting starts the day after it was heard: Thu 14 Khordad (holiday), Fri 15 Khordad (holiday
    # and Friday) are skipped; Sat 16 (1), Sun 17 (2), Mon 18 (3), Tue 19 (4), Wed 20 (5).
    assert date(2026, 6, 3) == HEARD and HEARD.weekday() == 2
    calendar = work_calendar(district)
    assert not calendar.is_working_day(date(2026, 6, 4)) and not calendar.is_working_day(date(2026, 6, 5))
    normal = heard(district, topic, actor=users["pr_staff"])
    high = heard(district, topic, priority="high", actor=users["pr_staff"])
    urgent = heard(district, topic, priority="urgent", actor=users["pr_staff"])
    waiting = heard(district, None, actor=users["pr_staff"])  # no topic, no department: PR's triage
    assert (normal.status, normal.referred_on) == ("referred", today_tehran())  # typed in today, months later
    assert normal.due_on == jalali_to_date(1405, 3, 20) == date(2026, 6, 10)   # 5 working days
    assert high.due_on == jalali_to_date(1405, 3, 18) == date(2026, 6, 8)      # ceil(5 / 2) = 3
    assert urgent.due_on == jalali_to_date(1405, 3, 16) == date(2026, 6, 6)    # ceil(5 / 5) = 1
    assert (waiting.status, waiting.due_on) == ("new", jalali_to_date(1405, 3, 17))  # 2 triage days
    # The database's own rule holds: no deadline before the day it was heard.
    assert all(i.due_on >= i.received_on for i in (normal, high, urgent, waiting))


def test_referral_on_save_writes_both_steps_as_the_recorder(app, district, users, topic):
    item = heard(district, topic, actor=users["pr_staff"])
    db.session.commit()
    assert steps(item) == [("create", None, "new"), ("refer", "new", "referred")]
    lines = db.session.scalars(select(FeedbackUpdate).where(FeedbackUpdate.item_id == item.id)).all()
    assert {u.user_id for u in lines} == {users["pr_staff"].id}
    assert lines[0].due_on == jalali_to_date(1405, 3, 17) and lines[1].due_on == item.due_on
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == item.id)))
    assert {"feedback.create", "feedback.refer"} <= actions


def test_a_chosen_department_wins_over_the_topics(app, district, users, topic):
    other = db.session.scalar(select(Department).where(Department.district_id == district.id,
                                                       Department.id != topic.department_id))
    item = heard(district, topic, actor=users["pr_staff"], department=other)
    assert (item.status, item.department_id) == ("referred", other.id)


@pytest.mark.parametrize("who", ["manager", "viewer", None])
def test_someone_who_may_not_refer_leaves_it_new_for_triage(app, district, users, topic, who):
    actor = users[who] if who else None
    item = heard(district, topic, actor=actor)
    assert item.status == "new" and item.referred_on is None
    assert item.department_id == topic.department_id  # the suggestion stays for PR
    assert item.due_on == jalali_to_date(1405, 3, 17)
    assert steps(item) == [("create", None, "new")]


def test_triage_days_are_a_setting(app, district, users, topic):
    app.config["TRIAGE_WORKING_DAYS"] = 4
    item = heard(district, None, actor=users["pr_staff"])
    assert item.due_on == jalali_to_date(1405, 3, 19)  # Sat, Sun, Mon, Tue
    app.config["TRIAGE_WORKING_DAYS"] = 2


def test_triage_then_referral_counts_from_the_day_it_was_heard(app, district, users, topic):
    item = heard(district, None, actor=users["pr_staff"])
    department = topic.department
    services.perform(item, "refer", services.ActionParams(department_id=department.id), users["pr_staff"])
    assert item.status == "referred"
    assert item.due_on == work_calendar(district).add(HEARD, 10)  # no topic: ten working days from HEARD


def test_a_topics_own_priority_times_win(app, district, users, topic):
    topic.sla_days, topic.high_days, topic.urgent_days = 10, 4, 1
    assert answer_days(topic, "normal") == 10 and answer_days(topic, "low") == 10
    assert answer_days(topic, "high") == 4 and answer_days(topic, "urgent") == 1
    assert answer_days(None, "urgent") == default_days(10, "urgent") == 2
    urgent = heard(district, topic, priority="urgent", actor=users["pr_staff"])
    assert urgent.due_on == jalali_to_date(1405, 3, 16)


def test_a_future_day_of_hearing_is_refused_and_nothing_is_written(app, district, users, topic):
    before = db.session.scalar(select(func.count()).select_from(FeedbackItem))
    with pytest.raises(services.FeedbackError, match="پس از امروز است") as error:
        heard(district, topic, actor=users["pr_staff"], on=today_tehran() + timedelta(days=2))
    assert error.value.field == "received_on"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(FeedbackItem)) == before


def test_rereferral_and_priority_change_keep_their_own_clock(app, district, users, topic):
    pr = users["pr_staff"]
    item = heard(district, topic, actor=pr)
    other = db.session.scalar(select(Department).where(Department.district_id == district.id,
                                                       Department.id != topic.department_id))
    moved = today_tehran()  # a re-referral is dated after the first one, which was made today
    services.perform(item, "refer", services.ActionParams(department_id=other.id, recorded_on=moved), pr)
    assert item.due_on == work_calendar(district).add(moved, 5)  # a re-referral starts again
    services.perform(item, "prioritize", services.ActionParams(priority="urgent", comment="کودکان"), pr)
    assert item.priority == "urgent"
    assert item.due_on == work_calendar(district).add(moved, 1)  # from the re-referral, not from HEARD
    last = item.updates[-1]
    assert last.action == "prioritize" and last.due_on == item.due_on
    assert last.comment == "اولویت از «عادی» به «فوری»؛ کودکان"


def test_priority_change_on_a_new_item_moves_its_triage_deadline_and_is_refused_when_over(app, district, users,
                                                                                          topic):
    pr = users["pr_staff"]
    item = heard(district, None, actor=pr)
    services.perform(item, "prioritize", services.ActionParams(priority="high"), pr)
    assert item.due_on == compute_due_on(item) == jalali_to_date(1405, 3, 17)  # triage time is not shortened
    with pytest.raises(services.FeedbackError, match="هم‌اکنون «زیاد» است"):
        services.perform(item, "prioritize", services.ActionParams(priority="high"), pr)
    with pytest.raises(services.FeedbackError, match="از فهرست") as error:
        services.perform(item, "prioritize", services.ActionParams(priority="whenever"), pr)
    assert error.value.field == "priority"
    with pytest.raises(services.ActionForbidden):
        services.perform(item, "prioritize", services.ActionParams(priority="low"), users["manager"])
    services.reject(item, reason="not_municipal")
    with pytest.raises(services.WorkflowError, match="رسیدگی به آن تمام شده"):
        services.perform(item, "prioritize", services.ActionParams(priority="low"), pr)


def test_reopening_starts_the_clock_again_today(app, district, users, topic):
    item = heard(district, topic, actor=users["pr_staff"])
    services.answer(item, response="تعمیر شد")
    services.close(item, satisfaction="not_satisfied", channel="phone", outcome="reached")
    services.reopen(item, to="referred", comment="هنوز خاموش است")
    assert item.due_on == work_calendar(district).add(today_tehran(), 5)


def test_answering_a_referred_item_starts_it_in_the_same_step(app, district, users, topic):
    manager = users["manager"]
    manager.department_id = topic.department_id
    item = heard(district, topic, actor=users["pr_staff"])
    db.session.commit()
    version = item.version
    services.perform(item, "answer", services.ActionParams(response="تیر چراغ تعمیر شد"), manager, version)
    db.session.commit()
    assert item.status == "answered" and item.response == "تیر چراغ تعمیر شد"
    assert steps(item)[-2:] == [("start", "referred", "in_progress"), ("answer", "in_progress", "answered")]
    assert {u.user_id for u in item.updates[-2:]} == {manager.id}


def test_one_step_answer_refused_for_pr_writes_nothing(app, district, users, topic):
    item = heard(district, topic, actor=users["pr_staff"])
    db.session.commit()
    with pytest.raises(services.ActionForbidden, match="کار معاونتی"):
        services.perform(item, "answer", services.ActionParams(response="پاسخ"), users["pr_staff"])
    assert item.status == "referred" and len(steps(item)) == 2


def answered(district, users, topic):
    item = heard(district, topic, actor=users["pr_staff"])
    services.answer(item, response="تعمیر شد")  # today: it was referred on save, today
    return item


def test_a_contact_keeps_the_time_it_was_made(app, district, users, topic):
    item = answered(district, users, topic)
    now = tehran_now().replace(second=0, microsecond=0)
    called = max(now - timedelta(minutes=5), datetime.combine(now.date(), time(0, 0)))
    services.perform(item, "contact", services.ActionParams(channel="phone", outcome="no_answer",
                                                            contacted_at=called), users["pr_staff"])
    assert item.updates[-1].at == called and item.status == "answered"
    services.perform(item, "close", services.ActionParams(channel="phone", outcome="reached",
                                                          satisfaction="satisfied", contacted_at=now),
                     users["pr_staff"])
    assert item.status == "closed" and item.closed_on == now.date()  # closed on the call's day
    assert item.updates[-2].at == now and item.updates[-2].action == "contact"


@pytest.mark.parametrize("when, message", [
    (lambda: tehran_now() + timedelta(hours=2), "نمی‌تواند پس از اکنون باشد"),
    (lambda: datetime.combine(HEARD, datetime.min.time()), "پیش از پاسخ معاونت"),
])
def test_a_contact_time_in_the_future_or_before_the_answer_is_refused(app, district, users, topic, when,
                                                                        message):
    item = answered(district, users, topic)
    db.session.commit()
    lines = len(steps(item))
    with pytest.raises(services.FeedbackError, match=message) as error:
        services.perform(item, "contact", services.ActionParams(channel="sms", outcome="reached",
                                                                contacted_at=when()), users["pr_staff"])
    assert error.value.field == "contacted_at"
    db.session.rollback()
    assert len(steps(item)) == lines


def test_a_contact_time_is_refused_for_other_steps(app, district, users, topic):
    item = heard(district, None, actor=users["pr_staff"])
    with pytest.raises(services.FeedbackError, match="زمان تماسی ثبت نمی‌کند"):
        services.perform(item, "refer", services.ActionParams(department_id=topic.department_id,
                                                              contacted_at=tehran_now()), users["pr_staff"])


def test_refer_all_refers_what_has_a_department_and_names_the_rest(app, district, users, topic):
    event = make_event(district, held_on=HEARD)
    pr = users["pr_staff"]
    with_topic = services.create_feedback(event, kind="request", text="آسفالت", topic=topic)  # left new
    lost = services.create_feedback(event, kind="suggestion", text="جشن محله")
    done = services.create_feedback(event, kind="criticism", text="زباله", topic=topic, actor=pr)
    result = services.refer_all(event, pr)
    assert [i.id for i in result.referred] == [with_topic.id]
    assert [i.id for i in result.without_department] == [lost.id]
    assert (with_topic.status, lost.status, done.status) == ("referred", "new", "referred")
    assert with_topic.due_on == jalali_to_date(1405, 3, 20)
    assert steps(done)[-1][0] == "refer"  # the one already referred was left alone


def test_refer_all_is_all_or_nothing(app, district, users, topic):
    event = make_event(district, held_on=HEARD)
    retired = Department(district_id=district.id, name="ستاد منحل‌شده")
    db.session.add(retired)
    first = services.create_feedback(event, kind="request", text="آسفالت", topic=topic)
    second = services.create_feedback(event, kind="request", text="پل عابر", department=retired)
    db.session.commit()
    retired.soft_delete()  # removed after the item was heard: its referral is refused
    db.session.commit()
    with pytest.raises(services.FeedbackError, match=f"^بازخورد {to_persian_digits(second.id)}: "):
        services.refer_all(event, users["pr_staff"])
    db.session.rollback()
    db.session.expire_all()
    assert [db.session.get(FeedbackItem, i).status for i in (first.id, second.id)] == ["new", "new"]
