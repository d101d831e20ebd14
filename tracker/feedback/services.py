"""Write feedback items, their timeline and commitments; the only writers of the feedback area."""
from datetime import date

from tracker import audit
from tracker.extensions import db
from tracker.workcalendar import work_calendar
from tracker.feedback.workflow import NOTE_ACTIONS, WorkflowError, target_of
from tracker.models import (
    Commitment, Department, District, Event, FeedbackItem, FeedbackUpdate, Household, Official, Topic,
)
from tracker.models.base import tehran_now
from tracker.models.choices import (
    COMMITMENT_STATUSES, CONTACT_CHANNELS, CONTACT_OUTCOMES, FEEDBACK_KINDS, FEEDBACK_STATUSES,
    PRIORITIES, REJECTION_REASONS, SATISFACTION,
)
from tracker.persian.dates import today_tehran
from tracker.persian.text import normalize

DEFAULT_SLA_DAYS = 10
ITEM_FIELDS = (
    "status", "department_id", "referred_on", "due_on", "answered_on", "closed_on",
    "response", "rejection_reason", "merged_into_id", "satisfaction",
)
COMMITMENT_FIELDS = ("status", "evidence", "done_on", "due_on")


class FeedbackError(ValueError):
    """A feedback rule was broken; the message is Persian and shown to the user."""


class StaleError(FeedbackError):
    """Someone else changed the record since it was read."""


__all__ = [
    "FeedbackError", "StaleError", "WorkflowError", "create_feedback", "create_commitment",
    "refer", "start", "answer", "reject", "merge", "log_contact", "close", "reopen",
    "request_detail", "update_commitment", "compute_due_on",
]


def _clean_text(text: str | None, what: str = "متن") -> str:
    text = normalize(text or "").strip()
    if not text:
        raise FeedbackError(f"{what} را بنویسید.")
    return text


def _check_household(event: Event, household: Household | None) -> None:
    if household is not None and household.district_id != event.district_id:
        raise FeedbackError("این خانوار در منطقهٔ این رویداد نیست.")


def _check_version(obj, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != obj.version:
        raise StaleError("این مورد را کس دیگری در این فاصله تغییر داده است؛ صفحه را دوباره باز کنید.")


def compute_due_on(item: FeedbackItem, referred_on: date) -> date:
    """Return the answer deadline of item referred on referred_on, in the district's working days."""
    sla = item.topic.sla_days if item.topic is not None else DEFAULT_SLA_DAYS
    return work_calendar(db.session.get(District, item.district_id)).add(referred_on, sla)


def _timeline(item: FeedbackItem, action: str, actor, *, from_status=None, to_status=None, **fields):
    update = FeedbackUpdate(
        item=item, action=action, at=tehran_now(), user_id=getattr(actor, "id", None),
        from_status=from_status, to_status=to_status, **fields,
    )
    db.session.add(update)
    return update


def create_feedback(
    event: Event, *, kind: str, text: str, topic: Topic | None = None,
    household: Household | None = None, department: Department | None = None,
    priority: str = "normal", received_on: date | None = None, actor=None,
) -> FeedbackItem:
    """Record a feedback item heard at event, status "new", with its first timeline line."""
    if kind not in FEEDBACK_KINDS:
        raise FeedbackError("نوع بازخورد معتبر نیست.")
    if priority not in PRIORITIES:
        raise FeedbackError("اولویت معتبر نیست.")
    text = _clean_text(text, "متن بازخورد")
    _check_household(event, household)
    if topic is not None and topic.district_id != event.district_id:
        raise FeedbackError("این موضوع از منطقهٔ دیگری است.")
    if department is None and topic is not None:
        department = topic.department
    if department is not None and department.district_id != event.district_id:
        raise FeedbackError("این معاونت از منطقهٔ دیگری است.")
    received_on = received_on or event.held_on
    item = FeedbackItem(
        district_id=event.district_id, event=event, household=household, kind=kind, topic=topic,
        text=text, priority=priority, department=department, status="new",
        received_on=received_on, created_by_id=getattr(actor, "id", None),
    )
    db.session.add(item)
    _timeline(item, "create", actor, to_status="new", department_id=getattr(department, "id", None))
    db.session.flush()
    audit.record("feedback.create", item, actor=actor,
                 after={"kind": kind, "status": "new", "event_id": event.id, "text": text})
    return item


def create_commitment(
    event: Event, *, official: Official, text: str, due_on: date,
    household: Household | None = None, actor=None,
) -> Commitment:
    """Record a promise an official made at event, open until done with evidence."""
    text = _clean_text(text, "متن تعهد")
    if official is None or official.district_id != event.district_id:
        raise FeedbackError("مسئول تعهد را از مدیران همین منطقه انتخاب کنید.")
    if due_on is None:
        raise FeedbackError("مهلت انجام تعهد را وارد کنید.")
    if due_on < event.held_on:
        raise FeedbackError("مهلت تعهد نمی‌تواند پیش از تاریخ رویداد باشد.")
    _check_household(event, household)
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
    _check_version(commitment, expected_version)
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


# ---- workflow -----------------------------------------------------------------------------

def _move(item: FeedbackItem, action: str, actor, expected_version):
    """Check and apply a status change; return (before snapshot, from status, to status)."""
    _check_version(item, expected_version)
    to_status = target_of(item.status, action)
    before = audit.snapshot(item, ITEM_FIELDS)
    from_status = item.status
    item.status = to_status
    return before, from_status, to_status


def _finish(item, action, actor, before, from_status, to_status, **timeline_fields):
    _timeline(item, action, actor, from_status=from_status, to_status=to_status, **timeline_fields)
    audit.record(f"feedback.{action}", item, actor=actor, before=before,
                 after=audit.snapshot(item, ITEM_FIELDS))
    return item


def refer(
    item: FeedbackItem, *, department: Department | None = None, comment: str | None = None,
    referred_on: date | None = None, expected_version: int | None = None, actor=None,
) -> FeedbackItem:
    """Refer item to a department (the topic's by default) and start its working-day clock."""
    department = department or item.department or (item.topic.department if item.topic else None)
    if department is None:
        raise FeedbackError("معاونت مسئول را انتخاب کنید.")
    if department.district_id != item.district_id:
        raise FeedbackError("این معاونت از منطقهٔ دیگری است.")
    referred_on = referred_on or today_tehran()
    if referred_on < item.received_on:
        raise FeedbackError("تاریخ ارجاع نمی‌تواند پیش از تاریخ دریافت باشد.")
    before, from_status, to_status = _move(item, "refer", actor, expected_version)
    action = "rerefer" if from_status == "referred" else "refer"
    item.department = department
    item.referred_on = referred_on
    item.due_on = compute_due_on(item, referred_on)
    return _finish(item, action, actor, before, from_status, to_status,
                   department_id=department.id, due_on=item.due_on, comment=_opt(comment))


def start(item, *, comment=None, expected_version=None, actor=None) -> FeedbackItem:
    """Mark a referred (or insufficiently answered) item as being worked on."""
    before, from_status, to_status = _move(item, "start", actor, expected_version)
    if from_status == "answered":
        item.answered_on = None
    return _finish(item, "start", actor, before, from_status, to_status,
                   department_id=item.department_id, comment=_opt(comment))


def answer(item, *, response: str, answered_on: date | None = None, expected_version=None,
           actor=None) -> FeedbackItem:
    """Record the department's answer; PR then tells the family."""
    response = _clean_text(response, "متن پاسخ")
    before, from_status, to_status = _move(item, "answer", actor, expected_version)
    item.response = response
    item.answered_on = answered_on or today_tehran()
    return _finish(item, "answer", actor, before, from_status, to_status,
                   department_id=item.department_id, comment=response)


def reject(item, *, reason: str, comment=None, expected_version=None, actor=None) -> FeedbackItem:
    """End item as rejected for one of the fixed reasons."""
    if reason not in REJECTION_REASONS:
        raise FeedbackError("دلیل رد را از فهرست انتخاب کنید.")
    before, from_status, to_status = _move(item, "reject", actor, expected_version)
    item.rejection_reason = reason
    return _finish(item, "reject", actor, before, from_status, to_status,
                   comment=_opt(comment) or REJECTION_REASONS[reason])


def merge(item, *, target: FeedbackItem | None, comment=None, expected_version=None,
          actor=None) -> FeedbackItem:
    """End item as merged into target, another live item of the same district."""
    if target is None or target.deleted_at is not None or target.district_id != item.district_id:
        raise FeedbackError("بازخورد مقصد ادغام در این منطقه پیدا نشد.")
    if target.id == item.id:
        raise FeedbackError("بازخورد را نمی‌توان در خودش ادغام کرد.")
    if target.status == "merged":
        raise FeedbackError("بازخورد مقصد خودش ادغام شده است؛ مقصد اصلی را انتخاب کنید.")
    before, from_status, to_status = _move(item, "merge", actor, expected_version)
    item.merged_into = target
    return _finish(item, "merge", actor, before, from_status, to_status,
                   comment=_opt(comment) or f"ادغام در بازخورد {target.id}")


def log_contact(item, *, channel: str, outcome: str, satisfaction: str | None = None,
                comment=None, expected_version=None, actor=None) -> FeedbackUpdate:
    """Log one attempt to tell the family the answer, without changing the status."""
    _check_version(item, expected_version)
    if item.status not in NOTE_ACTIONS["contact"]:
        raise WorkflowError("اطلاع‌رسانی به خانواده فقط پس از پاسخ معاونت ثبت می‌شود.")
    _check_contact(channel, outcome, satisfaction)
    update = _timeline(item, "contact", actor, contact_channel=channel, contact_outcome=outcome,
                       satisfaction=satisfaction, comment=_opt(comment))
    audit.record("feedback.contact", item, actor=actor,
                 after={"channel": channel, "outcome": outcome, "satisfaction": satisfaction})
    return update


def _check_contact(channel, outcome, satisfaction):
    if channel not in CONTACT_CHANNELS:
        raise FeedbackError("روش اطلاع‌رسانی را انتخاب کنید.")
    if outcome not in CONTACT_OUTCOMES:
        raise FeedbackError("نتیجهٔ تماس را انتخاب کنید.")
    if satisfaction is not None and satisfaction not in SATISFACTION:
        raise FeedbackError("میزان رضایت معتبر نیست.")


def close(item, *, satisfaction: str, channel: str | None = None, outcome: str | None = None,
          comment=None, closed_on: date | None = None, expected_version=None,
          actor=None) -> FeedbackItem:
    """Close an answered item once the family was contacted and their satisfaction noted.

    With channel and outcome given, the contact attempt is logged first, in the same step.
    """
    if satisfaction not in SATISFACTION:
        raise FeedbackError("رضایت شهروند را مشخص کنید (راضی، ناراضی یا در دسترس نبود).")
    target_of(item.status, "close")  # illegal move first: clearer than a missing contact
    if channel:
        log_contact(item, channel=channel, outcome=outcome or "reached",
                    satisfaction=satisfaction, comment=comment,
                    expected_version=expected_version, actor=actor)
    elif not any(u.contact_channel for u in item.updates):
        raise FeedbackError("پیش از بستن، دست‌کم یک تماس با خانواده را ثبت کنید.")
    before, from_status, to_status = _move(item, "close", actor, expected_version)
    item.satisfaction = satisfaction
    item.closed_on = closed_on or today_tehran()
    last_channel = channel or next(
        u.contact_channel for u in reversed(item.updates) if u.contact_channel
    )
    return _finish(item, "close", actor, before, from_status, to_status,
                   satisfaction=satisfaction, contact_channel=last_channel,
                   comment=_opt(comment) if not channel else None)


def reopen(item, *, to: str = "referred", comment=None, department: Department | None = None,
           expected_version=None, actor=None) -> FeedbackItem:
    """Reopen a closed item whose citizen was not satisfied, back to referral or work."""
    action = {"referred": "reopen_refer", "in_progress": "reopen_start"}.get(to)
    if action is None:
        raise FeedbackError("بازگشایی فقط به «ارجاع‌شده» یا «در حال رسیدگی» ممکن است.")
    target_of(item.status, action)
    if department is not None and department.district_id != item.district_id:
        raise FeedbackError("این معاونت از منطقهٔ دیگری است.")
    if item.satisfaction != "not_satisfied":
        raise WorkflowError("فقط بازخوردی را که شهروند از پاسخ آن ناراضی بوده می‌توان بازگشایی کرد.")
    before, from_status, to_status = _move(item, action, actor, expected_version)
    item.closed_on = None
    item.answered_on = None
    fields = {"department_id": item.department_id, "comment": _opt(comment)}
    if to_status == "referred":
        if department is not None:
            item.department = department
            fields["department_id"] = department.id
        item.referred_on = today_tehran()
        item.due_on = compute_due_on(item, item.referred_on)
        fields["due_on"] = item.due_on
    return _finish(item, "reopen", actor, before, from_status, to_status, **fields)


def request_detail(item, *, comment: str, expected_version=None, actor=None) -> FeedbackUpdate:
    """Let the department ask PR for more detail about item, without changing its status."""
    _check_version(item, expected_version)
    comment = _clean_text(comment, "پرسش از روابط عمومی")
    if item.status not in NOTE_ACTIONS["request_detail"]:
        label = FEEDBACK_STATUSES.get(item.status, item.status)
        raise WorkflowError(f"برای بازخورد «{label}» نمی‌توان جزئیات بیشتر خواست.")
    update = _timeline(item, "request_detail", actor, department_id=item.department_id,
                       comment=comment)
    audit.record("feedback.request_detail", item, actor=actor, after={"comment": comment})
    return update


def _opt(text: str | None) -> str | None:
    return normalize(text or "").strip() or None
