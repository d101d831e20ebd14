"""Write feedback items, their timeline and commitments; the only writers of the feedback area.

Every door (web, API, command line) changes the workflow through `perform`: it asks the policy,
checks the version and the action's parameters, and calls the step (in `steps`) that writes.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tracker import audit
from tracker.auth.scope import live_record
from tracker.extensions import db
from tracker.feedback import policy
from tracker.feedback.deadlines import compute_due_on
from tracker.feedback.steps import (
    STALE, FeedbackError, StaleError, check_version, clean_text, add_timeline, answer, close,
    log_contact, merge, prioritize, refer, reject, reopen, request_detail, start,
)
from tracker.feedback.workflow import THROUGH, WorkflowError
from tracker.models import Commitment, Department, Event, FeedbackItem, Household, Official, Topic
from tracker.models.choices import COMMITMENT_STATUSES, FEEDBACK_KINDS, PRIORITIES
from tracker.persian.dates import format_jalali, today_tehran
from tracker.persian.digits import to_persian_digits
from tracker.persian.text import normalize

COMMITMENT_FIELDS = ("status", "evidence", "done_on", "due_on")


class ActionForbidden(Exception):
    """The policy refuses this user the action, whatever the item's status (a 403 at the doors)."""


__all__ = [
    "ActionForbidden", "ActionParams", "FeedbackError", "ReferAll", "StaleError", "WorkflowError", "perform",
    "create_feedback", "create_commitment", "refer", "refer_all", "start", "answer", "reject", "merge",
    "log_contact", "close", "reopen", "request_detail", "prioritize", "update_commitment", "compute_due_on",
]


NOT_OURS = "این مورد در منطقهٔ شما پیدا نشد."
REFERENCES = {"event_id": Event, "household_id": Household, "topic_id": Topic, "department_id": Department}


def _ours(district_id: int, record, field: str):
    """Return record (or None) if it is the district's and not deleted, else raise FeedbackError beside field."""
    if record is not None and (record.district_id != district_id or record.deleted_at is not None):
        raise FeedbackError(NOT_OURS, field)
    return record


def references(district_id: int, **ids: int | None) -> dict:
    """Return the records a feedback item names by id ({"topic_id": 3} gives {"topic": Topic}), each the district's."""
    found = {}
    for name, record_id in ids.items():
        record = live_record(REFERENCES[name], record_id, district_id) if record_id is not None else None
        if record_id is not None and record is None:
            raise FeedbackError(NOT_OURS, name)
        found[name.removesuffix("_id")] = record
    return found


def create_feedback(
    event: Event, *, kind: str, text: str, topic: Topic | None = None,
    household: Household | None = None, department: Department | None = None,
    priority: str = "normal", received_on: date | None = None, actor=None,
) -> FeedbackItem:
    """Record a feedback item heard at event and refer it at once when its department is known.

    The referral is the workflow's own step, taken as actor through `perform`; when there is no
    department, or actor may not refer, the item stays "new" with PR's triage deadline.
    """
    if kind not in FEEDBACK_KINDS:
        raise FeedbackError("نوع بازخورد معتبر نیست.")
    if priority not in PRIORITIES:
        raise FeedbackError("اولویت معتبر نیست.")
    text = clean_text(text, "متن بازخورد")
    _ours(event.district_id, household, "household_id")
    _ours(event.district_id, topic, "topic_id")
    department = _ours(event.district_id, department, "department_id") or (topic.department if topic else None)
    received_on = received_on or event.held_on
    if received_on > today_tehran():
        raise FeedbackError(f"تاریخ دریافت بازخورد ({format_jalali(received_on)}) پس از امروز است؛ "
                            "بازخورد را پس از برگزاری دیدار ثبت کنید.", "received_on")
    item = FeedbackItem(
        district_id=event.district_id, event=event, household=household, kind=kind, topic=topic,
        text=text, priority=priority, department=department, status="new",
        received_on=received_on, created_by_id=getattr(actor, "id", None),
    )
    # PR's triage deadline until it is referred; set before the row is added, so it is one INSERT.
    item.due_on = compute_due_on(item)
    db.session.add(item)
    add_timeline(item, "create", actor, to_status="new", department_id=getattr(department, "id", None),
                 due_on=item.due_on)
    db.session.flush()
    audit.record("feedback.create", item, actor=actor,
                 after={"kind": kind, "status": "new", "event_id": event.id, "text": text})
    if department is not None and policy.can(actor, "refer", item):
        perform(item, "refer", ActionParams(department_id=department.id), actor)
    return item


@dataclass
class ReferAll:
    """What "refer all" did to a visit's new items: those referred, and those left without a department."""

    referred: list[FeedbackItem] = field(default_factory=list)
    without_department: list[FeedbackItem] = field(default_factory=list)


def refer_all(event: Event, actor) -> ReferAll:
    """Refer every new item of event that has a department (its own or its topic's), each through perform.

    All or none: a refusal for one item raises, naming it, and the caller rolls every referral back.
    Items without a department are returned apart, for PR to refer one by one.
    """
    items = db.session.scalars(
        select(FeedbackItem).where(FeedbackItem.event_id == event.id, FeedbackItem.status == "new",
                                   FeedbackItem.deleted_at.is_(None))
        .order_by(FeedbackItem.id)
    ).all()
    done = ReferAll()
    for item in items:
        department = item.department or (item.topic.department if item.topic else None)
        if department is None:
            done.without_department.append(item)
            continue
        try:
            perform(item, "refer", ActionParams(department_id=department.id), actor)
        except (FeedbackError, WorkflowError) as error:
            raise type(error)(f"بازخورد {to_persian_digits(item.id)}: {error}") from error
        done.referred.append(item)
    return done


def create_commitment(
    event: Event, *, official: Official, text: str, due_on: date,
    household: Household | None = None, actor=None,
) -> Commitment:
    """Record a promise an official made at event, open until done with evidence."""
    text = clean_text(text, "متن تعهد")
    if official is None or official.district_id != event.district_id:
        raise FeedbackError("مسئول تعهد را از مدیران همین منطقه انتخاب کنید.")
    if due_on is None:
        raise FeedbackError("مهلت انجام تعهد را وارد کنید.")
    if due_on < event.held_on:
        raise FeedbackError("مهلت تعهد نمی‌تواند پیش از تاریخ رویداد باشد.")
    _ours(event.district_id, household, "household_id")
    commitment = Commitment(
        district_id=event.district_id, event=event, official=official, household=household,
        text=text, due_on=due_on, status="open",
    )
    db.session.add(commitment)
    db.session.flush()
    audit.record("commitment.create", commitment, actor=actor,
                 after={"official_id": official.id, "due_on": due_on, "text": text})
    return commitment


def update_commitment(
    commitment: Commitment, *, status: str, evidence: str | None = None,
    done_on: date | None = None, expected_version: int | None = None, actor=None,
) -> Commitment:
    """Move a commitment to status; done needs evidence of what was done."""
    check_version(commitment, expected_version)
    if status not in COMMITMENT_STATUSES:
        raise FeedbackError("وضعیت تعهد معتبر نیست.")
    evidence = normalize(evidence or "").strip() or None
    if status == "done" and not evidence:
        raise FeedbackError("برای «انجام‌شده» شرح مستندات انجام کار را بنویسید.")
    before = audit.snapshot(commitment, COMMITMENT_FIELDS)
    commitment.status = status
    if evidence:
        commitment.evidence = evidence
    commitment.done_on = (done_on or today_tehran()) if status == "done" else None
    audit.record("commitment.update", commitment, actor=actor, before=before,
                 after=audit.snapshot(commitment, COMMITMENT_FIELDS))
    return commitment


# ---- workflow: the one entry every door calls -----------------------------------------------

DATED_ACTIONS = ("refer", "answer", "close")
TIMED_ACTIONS = ("contact", "close")

@dataclass(frozen=True)
class ActionParams:
    """What a workflow action takes besides the item; a door fills what it has, perform checks it.

    recorded_on is the date the action records (referral, answer or closing); today when absent.
    contacted_at is when the family was contacted (contact, close), Tehran wall clock; now when absent.
    """

    comment: str | None = None
    department_id: int | None = None
    response: str | None = None
    reason: str | None = None
    target_id: int | None = None
    channel: str | None = None
    outcome: str | None = None
    satisfaction: str | None = None
    to: str | None = None
    recorded_on: date | None = None
    priority: str | None = None
    contacted_at: datetime | None = None


def perform(item: FeedbackItem, action: str, params: ActionParams, actor,
            expected_version: int | None = None) -> FeedbackItem:
    """Take action on item as actor: ask the policy, check version and params, write and flush.

    A move that passes through another step (answering a referred item starts it) needs the
    policy's yes for both.
    """
    decision = policy.can(actor, action, item)
    via = THROUGH.get((item.status, action))
    if decision.allowed and via is not None:
        decision = policy.can(actor, via, item)
    if decision.forbidden:
        raise ActionForbidden(decision.reason)
    check_version(item, expected_version)
    if not decision.allowed:
        raise WorkflowError(decision.reason)
    if params.recorded_on is not None and action not in DATED_ACTIONS:
        raise FeedbackError("این اقدام تاریخی ثبت نمی‌کند؛ تاریخ را نفرستید.", "recorded_on")
    if params.contacted_at is not None and action not in TIMED_ACTIONS:
        raise FeedbackError("این اقدام زمان تماسی ثبت نمی‌کند؛ زمان تماس را نفرستید.", "contacted_at")
    try:
        _STEPS[action](item, params, actor)
        db.session.flush()
    except StaleDataError as error:  # another request saved the item after we read it
        raise StaleError(STALE, "version") from error
    return item


def _department(item: FeedbackItem, department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    department = db.session.get(Department, department_id)
    if department is None or department.district_id != item.district_id or department.deleted_at is not None:
        raise FeedbackError("این معاونت در منطقهٔ این بازخورد پیدا نشد.", "department_id")
    return department


def _merge_target(item: FeedbackItem, target_id: int | None) -> FeedbackItem | None:
    if target_id is None:
        raise FeedbackError("شمارهٔ بازخورد اصلی (مقصد ادغام) را وارد کنید.", "target_id")
    return db.session.get(FeedbackItem, target_id)


_STEPS = {
    "refer": lambda item, p, actor: refer(
        item, department=_department(item, p.department_id), comment=p.comment,
        referred_on=p.recorded_on, actor=actor),
    "start": lambda item, p, actor: start(item, comment=p.comment, actor=actor),
    "answer": lambda item, p, actor: answer(
        item, response=p.response, answered_on=p.recorded_on, actor=actor),
    "request_detail": lambda item, p, actor: request_detail(item, comment=p.comment, actor=actor),
    "reject": lambda item, p, actor: reject(item, reason=p.reason, comment=p.comment, actor=actor),
    "merge": lambda item, p, actor: merge(
        item, target=_merge_target(item, p.target_id), comment=p.comment, actor=actor),
    "contact": lambda item, p, actor: log_contact(
        item, channel=p.channel, outcome=p.outcome, satisfaction=p.satisfaction, comment=p.comment,
        contacted_at=p.contacted_at, actor=actor),
    "close": lambda item, p, actor: close(
        item, satisfaction=p.satisfaction, channel=p.channel, outcome=p.outcome, comment=p.comment,
        closed_on=p.recorded_on, contacted_at=p.contacted_at, actor=actor),
    "reopen": lambda item, p, actor: reopen(
        item, to=p.to or "referred", comment=p.comment,
        department=_department(item, p.department_id), actor=actor),
    "prioritize": lambda item, p, actor: prioritize(item, priority=p.priority, comment=p.comment, actor=actor),
}
