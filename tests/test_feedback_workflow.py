"""The feedback workflow: every allowed and forbidden move, deadlines, closing and reopening."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import first_topic, make_event
from tracker.extensions import db
from tracker.feedback import services
from tracker.feedback.workflow import WorkflowError, action_to, allowed_targets
from tracker.holidays.services import fill_years
from tracker.models import Department, FeedbackItem, FeedbackUpdate
from tracker.models.choices import FEEDBACK_STATUSES
from tracker.persian.dates import jalali_to_date
from tracker.workcalendar import work_calendar

STATUSES = list(FEEDBACK_STATUSES)
ALLOWED = {
    "new": {"referred", "rejected", "merged"},
    "referred": {"referred", "in_progress", "rejected", "merged"},
    "in_progress": {"answered", "rejected", "merged"},
    "answered": {"in_progress", "closed"},
    "closed": {"referred", "in_progress"},  # only when the citizen was not satisfied
    "rejected": set(),
    "merged": set(),
}
# Reached in one action through an intermediate step, both on the timeline: (status, target) -> step.
THROUGH = {("referred", "answered"): "in_progress"}
DAY = date(2025, 5, 3)


def new_item(district, text="آسفالت کوچه خراب است"):
    event = make_event(district, held_on=DAY)
    return services.create_feedback(event, kind="criticism", text=text, topic=first_topic(district))


def bring_to(item, status, district, satisfaction="not_satisfied"):
    """Walk item along the workflow until it has status."""
    path = {
        "new": [], "referred": ["refer"], "in_progress": ["refer", "start"],
        "answered": ["refer", "start", "answer"], "closed": ["refer", "start", "answer", "close"],
        "rejected": ["reject"], "merged": ["merge"],
    }[status]
    for step in path:
        do(item, step, district, satisfaction=satisfaction)
    db.session.flush()
    assert item.status == status
    return item


def do(item, action, district, satisfaction="not_satisfied"):
    if action == "refer":
        return services.refer(item, referred_on=DAY)
    if action == "start":
        return services.start(item)
    if action == "answer":
        return services.answer(item, response="پیگیری شد", answered_on=DAY)
    if action == "close":
        return services.close(item, satisfaction=satisfaction, channel="phone", outcome="reached",
                              closed_on=DAY)
    if action == "reject":
        return services.reject(item, reason="not_municipal")
    if action == "merge":
        return services.merge(item, target=new_item(district, "مورد اصلی"))
    raise AssertionError(action)


def move_to(item, target, district):
    """Try to move item to target with the service that leads there."""
    if item.status == "closed" and target in ("referred", "in_progress"):
        return services.reopen(item, to=target, comment="شهروند ناراضی بود")
    action = {"referred": "refer", "in_progress": "start", "answered": "answer", "closed": "close",
              "rejected": "reject", "merged": "merge"}[target]
    return do(item, action, district)


def test_transition_table_matches_the_rules():
    for status in STATUSES:
        assert allowed_targets(status) == ALLOWED[status]
    assert all("new" not in allowed_targets(s) for s in STATUSES)


@pytest.mark.parametrize("target", [s for s in STATUSES if s != "new"])
@pytest.mark.parametrize("status", STATUSES)
def test_every_transition(app, district, status, target):
    item = bring_to(new_item(district), status, district)
    lines_before = len(item.updates)
    if target in ALLOWED[status]:
        move_to(item, target, district)
        db.session.flush()
        assert item.status == target
        assert item.updates[-1].from_status == status and item.updates[-1].to_status == target
    elif (status, target) in THROUGH:
        move_to(item, target, district)
        db.session.flush()
        via = THROUGH[status, target]
        assert item.status == target
        assert [(u.from_status, u.to_status) for u in item.updates[-2:]] == [(status, via), (via, target)]
    else:
        with pytest.raises(WorkflowError) as error:
            move_to(item, target, district)
        assert "«" in str(error.value)  # a Persian message naming the statuses
        assert item.status == status
        assert len(item.updates) == lines_before


def test_new_to_closed_error_message(app, district):
    item = new_item(district)
    with pytest.raises(WorkflowError, match="نمی‌توان بازخورد «جدید» را مستقیم «بسته‌شده» کرد"):
        services.close(item, satisfaction="satisfied", channel="phone", outcome="reached")


def test_due_date_across_esfand_29_and_nowruz(app, district):
    # Worked example: logged and referred on 1403/12/25 (Saturday 2025-03-15), topic SLA 5
    # working days, Friday the weekly day off.  Counting starts the day after referral:
    #   Sun 12/26 (1), Mon 12/27 (2), Tue 12/28 (3), Wed 12/29 oil-nationalization holiday,
    #   Thu 12/30 (4), Fri 1404/01/01 Nowruz + Friday (counted once, skipped),
    #   Sat 01/02, Sun 01/03, Mon 01/04 Nowruz holidays, Tue 01/05 (5).
    # So the deadline is 1404/01/05 (2025-03-25).
    fill_years((1403, 1404))
    topic = first_topic(district)
    topic.sla_days = 5
    received = jalali_to_date(1403, 12, 25)
    event = make_event(district, held_on=received)
    item = services.create_feedback(event, kind="request", text="سطل زباله", topic=topic)
    services.refer(item, referred_on=received)
    assert received == date(2025, 3, 15)
    assert item.due_on == jalali_to_date(1404, 1, 5) == date(2025, 3, 25)
    assert item.updates[-1].due_on == item.due_on


def test_rereferral_restarts_the_clock_and_shows_on_timeline(app, district, users):
    fill_years((1403, 1404))
    item = new_item(district)
    services.refer(item, referred_on=DAY)
    first_due = item.due_on
    other = db.session.scalars(
        select(Department).where(Department.district_id == district.id,
                                 Department.id != item.department_id)
    ).first()
    later = date(2025, 5, 10)
    services.refer(item, department=other, referred_on=later, comment="مربوط به فنی است",
                   actor=users["pr_staff"])
    db.session.flush()
    assert item.department_id == other.id
    assert item.referred_on == later and item.due_on > first_due
    assert item.due_on == services.compute_due_on(item, later)
    last = item.updates[-1]
    assert (last.action, last.from_status, last.to_status) == ("rerefer", "referred", "referred")
    assert last.department_id == other.id and last.due_on == item.due_on


def test_referral_without_topic_uses_ten_working_days(app, district):
    event = make_event(district, held_on=DAY)
    dept = db.session.scalars(select(Department).where(Department.district_id == district.id)).first()
    item = services.create_feedback(event, kind="suggestion", text="پارک", department=dept)
    services.refer(item, referred_on=DAY)
    assert item.due_on == services.compute_due_on(item, DAY)
    assert work_calendar(district).between(DAY, item.due_on) == 10


def test_close_requires_contact_and_satisfaction(app, district):
    item = bring_to(new_item(district), "answered", district)
    with pytest.raises(services.FeedbackError, match="تماس"):
        services.close(item, satisfaction="satisfied")
    with pytest.raises(services.FeedbackError, match="رضایت"):
        services.close(item, satisfaction="")
    assert item.status == "answered"
    services.log_contact(item, channel="sms", outcome="no_answer")
    services.close(item, satisfaction="unreachable")
    db.session.flush()
    assert item.status == "closed" and item.satisfaction == "unreachable"
    assert item.updates[-1].contact_channel == "sms"


def test_reopen_only_when_not_satisfied(app, district):
    happy = bring_to(new_item(district), "closed", district, satisfaction="satisfied")
    with pytest.raises(WorkflowError, match="ناراضی"):
        services.reopen(happy, to="in_progress")
    assert happy.status == "closed"
    unhappy = bring_to(new_item(district), "closed", district, satisfaction="not_satisfied")
    services.reopen(unhappy, to="referred", comment="شهروند ناراضی بود")
    assert unhappy.status == "referred" and unhappy.closed_on is None and unhappy.due_on


def test_contact_before_answer_is_refused(app, district):
    item = bring_to(new_item(district), "referred", district)
    with pytest.raises(WorkflowError):
        services.log_contact(item, channel="phone", outcome="reached")


def test_request_detail_keeps_status(app, district):
    item = bring_to(new_item(district), "referred", district)
    services.request_detail(item, comment="نشانی دقیق کوچه؟")
    assert item.status == "referred" and item.updates[-1].action == "request_detail"


def test_merge_needs_same_district_target(app, district):
    item = new_item(district)
    with pytest.raises(services.FeedbackError):
        services.merge(item, target=item)
    assert item.status == "new"


def test_stale_version_is_refused(app, district):
    item = new_item(district)
    db.session.commit()
    with pytest.raises(services.StaleError):
        services.refer(item, referred_on=DAY, expected_version=item.version + 1)
    assert item.status == "new"
    services.refer(item, referred_on=DAY, expected_version=item.version)
    db.session.commit()
    assert db.session.get(FeedbackItem, item.id).status == "referred"
    assert db.session.scalar(select(FeedbackUpdate.id).where(FeedbackUpdate.action == "refer"))


def test_a_status_asked_for_is_its_action_and_a_closed_item_back_to_work_is_a_reopen():
    assert action_to("new", "referred") == ("refer", None)
    assert action_to("referred", "answered") == ("answer", None)
    assert action_to("closed", "in_progress") == ("reopen", "in_progress")
    with pytest.raises(WorkflowError, match=f"«{FEEDBACK_STATUSES['new']}» برد"):
        action_to("referred", "new")
