"""The workflow's writers: one function per step, each checking its own parameters and dates.

Doors never call these directly: they go through `services.perform`, which asks the policy first.
Tests and data fixtures call them to bring an item to a status.
"""
from datetime import date, datetime

from tracker import audit
from tracker.extensions import db
from tracker.feedback.deadlines import compute_due_on
from tracker.feedback.workflow import REOPEN_STEPS, THROUGH, WorkflowError, status_refusal, target_of
from tracker.models import Department, FeedbackItem, FeedbackUpdate
from tracker.models.base import check_version as check_record_version, tehran_now
from tracker.models.choices import (
    CONTACT_CHANNELS, CONTACT_OUTCOMES, PRIORITIES, REJECTION_REASONS, SATISFACTION,
)
from tracker.persian.dates import format_jalali, today_tehran
from tracker.persian.digits import to_persian_digits
from tracker.persian.text import normalize

ITEM_FIELDS = (
    "status", "department_id", "referred_on", "due_on", "answered_on", "closed_on",
    "response", "rejection_reason", "merged_into_id", "satisfaction", "priority",
)
STALE = "این مورد را کس دیگری در این فاصله تغییر داده است؛ صفحه را دوباره باز کنید."


class FeedbackError(ValueError):
    """A feedback rule was broken; the message is Persian, field names the ActionParams field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleError(FeedbackError):
    """Someone else changed the record since it was read."""


def clean_text(text: str | None, what: str = "متن") -> str:
    """Return text normalized and stripped, or raise FeedbackError naming what is missing."""
    text = normalize(text or "").strip()
    if not text:
        raise FeedbackError(f"{what} را بنویسید.")
    return text


def check_version(obj, expected_version: int | None) -> None:
    """Raise StaleError when obj is no longer at the version the user read."""
    check_record_version(obj, expected_version, lambda: StaleError(STALE, "version"))


def add_timeline(item: FeedbackItem, action: str, actor, *, from_status=None, to_status=None, **fields):
    """Add one line to item's timeline."""
    update = FeedbackUpdate(
        item=item, action=action, at=tehran_now(), user_id=getattr(actor, "id", None),
        from_status=from_status, to_status=to_status, **fields,
    )
    db.session.add(update)
    return update


def _check_day(item: FeedbackItem, day: date, what: str, after: date | None = None,
               after_what: str = "") -> None:
    """Refuse an action date after today (Tehran), before the item was received, or before `after`."""
    if day > today_tehran():
        raise FeedbackError(f"تاریخ {what} ({format_jalali(day)}) نمی‌تواند پس از امروز باشد.",
                            "recorded_on")
    if day < item.received_on:
        raise FeedbackError(f"تاریخ {what} نمی‌تواند پیش از دریافت بازخورد "
                            f"({format_jalali(item.received_on)}) باشد.", "recorded_on")
    if after is not None and day < after:
        raise FeedbackError(f"تاریخ {what} نمی‌تواند پیش از {after_what} ({format_jalali(after)}) باشد.",
                            "recorded_on")


def _move(item: FeedbackItem, action: str, actor, expected_version):
    """Check and apply a status change; return (before snapshot, from status, to status)."""
    check_version(item, expected_version)
    to_status = target_of(item.status, action)
    before = audit.snapshot(item, ITEM_FIELDS)
    from_status = item.status
    item.status = to_status
    return before, from_status, to_status


def _finish(item, action, actor, before, from_status, to_status, **timeline_fields):
    add_timeline(item, action, actor, from_status=from_status, to_status=to_status, **timeline_fields)
    audit.record(f"feedback.{action}", item, actor=actor, before=before,
                 after=audit.snapshot(item, ITEM_FIELDS))
    return item


def refer(
    item: FeedbackItem, *, department: Department | None = None, comment: str | None = None,
    referred_on: date | None = None, expected_version: int | None = None, actor=None,
) -> FeedbackItem:
    """Refer item to a department (the topic's by default) and set its answer deadline.

    A first referral counts from the day the item was heard; a re-referral starts the clock again.
    """
    department = department or item.department or (item.topic.department if item.topic else None)
    if department is None:
        raise FeedbackError("معاونت مسئول را انتخاب کنید.", "department_id")
    if department.district_id != item.district_id:
        raise FeedbackError("این معاونت از منطقهٔ دیگری است.", "department_id")
    referred_on = referred_on or today_tehran()
    earlier = item.referred_on if item.status == "referred" else None
    _check_day(item, referred_on, "ارجاع", earlier, "ارجاع قبلی")
    before, from_status, to_status = _move(item, "refer", actor, expected_version)
    action = "rerefer" if from_status == "referred" else "refer"
    item.department = department
    item.referred_on = referred_on
    item.due_on = compute_due_on(item, referred_on if action == "rerefer" else None)
    return _finish(item, action, actor, before, from_status, to_status,
                   department_id=department.id, due_on=item.due_on, comment=_opt(comment))


def start(item, *, comment=None, expected_version=None, actor=None) -> FeedbackItem:
    """Mark a referred (or insufficiently answered) item as being worked on."""
    before, from_status, to_status = _move(item, "start", actor, expected_version)
    if from_status == "answered":
        item.answered_on = None
    return _finish(item, "start", actor, before, from_status, to_status,
                   department_id=item.department_id, comment=_opt(comment))


def answer(item, *, response: str | None, answered_on: date | None = None, expected_version=None,
           actor=None) -> FeedbackItem:
    """Record the department's answer, dated between the referral and today; PR then tells the family.

    A referred item is started first, in the same step, so the timeline shows both moves.
    """
    via = THROUGH.get((item.status, "answer"))
    if via is None:
        target_of(item.status, "answer")  # illegal move first: clearer than a missing answer
    try:
        response = clean_text(response, "متن پاسخ")
    except FeedbackError as error:
        raise FeedbackError(str(error), "response") from None
    answered_on = answered_on or today_tehran()
    _check_day(item, answered_on, "پاسخ", item.referred_on, "ارجاع")
    if via == "start":
        start(item, expected_version=expected_version, actor=actor)
    before, from_status, to_status = _move(item, "answer", actor, expected_version)
    item.response = response
    item.answered_on = answered_on
    return _finish(item, "answer", actor, before, from_status, to_status,
                   department_id=item.department_id, comment=response)


def reject(item, *, reason: str | None, comment=None, expected_version=None, actor=None) -> FeedbackItem:
    """End item as rejected for one of the fixed reasons."""
    target_of(item.status, "reject")
    if reason not in REJECTION_REASONS:
        raise FeedbackError("دلیل رد را از فهرست انتخاب کنید.", "reason")
    before, from_status, to_status = _move(item, "reject", actor, expected_version)
    item.rejection_reason = reason
    return _finish(item, "reject", actor, before, from_status, to_status,
                   comment=_opt(comment) or REJECTION_REASONS[reason])


def merge(item, *, target: FeedbackItem | None, comment=None, expected_version=None,
          actor=None) -> FeedbackItem:
    """End item as merged into target, another live item of the same district."""
    target_of(item.status, "merge")
    if target is None or target.deleted_at is not None or target.district_id != item.district_id:
        raise FeedbackError("بازخورد مقصد ادغام در این منطقه پیدا نشد.", "target_id")
    if target.id == item.id:
        raise FeedbackError("بازخورد را نمی‌توان در خودش ادغام کرد.", "target_id")
    if target.status == "merged":
        raise FeedbackError("بازخورد مقصد خودش ادغام شده است؛ مقصد اصلی را انتخاب کنید.", "target_id")
    before, from_status, to_status = _move(item, "merge", actor, expected_version)
    item.merged_into = target
    return _finish(item, "merge", actor, before, from_status, to_status,
                   comment=_opt(comment) or f"ادغام در بازخورد {target.id}")


def log_contact(item, *, channel: str | None, outcome: str | None, satisfaction: str | None = None,
                comment=None, contacted_at: datetime | None = None, expected_version=None,
                actor=None) -> FeedbackUpdate:
    """Log one attempt to tell the family the answer, at the time it was made (now by default)."""
    check_version(item, expected_version)
    refusal = status_refusal(item, "contact")
    if refusal:
        raise WorkflowError(refusal)
    _check_contact(channel, outcome, satisfaction)
    contacted_at = _check_contact_time(item, contacted_at)
    update = add_timeline(item, "contact", actor, contact_channel=channel, contact_outcome=outcome,
                          satisfaction=satisfaction, comment=_opt(comment))
    update.at = contacted_at  # a contact line is dated when the family was reached, not when typed
    audit.record("feedback.contact", item, actor=actor,
                 after={"channel": channel, "outcome": outcome, "satisfaction": satisfaction,
                        "at": contacted_at.isoformat(timespec="minutes")})
    return update


def _check_contact_time(item, contacted_at: datetime | None) -> datetime:
    """Return the contact's Tehran wall-clock time, refusing one in the future or before the answer."""
    now = tehran_now()
    if contacted_at is None:
        return now
    shown = to_persian_digits(contacted_at.strftime("%H:%M"))
    if contacted_at > now:
        raise FeedbackError(f"زمان تماس ({format_jalali(contacted_at)} ساعت {shown}) "
                            "نمی‌تواند پس از اکنون باشد.", "contacted_at")
    if item.answered_on is not None and contacted_at.date() < item.answered_on:
        raise FeedbackError("زمان تماس نمی‌تواند پیش از پاسخ معاونت "
                            f"({format_jalali(item.answered_on)}) باشد.", "contacted_at")
    return contacted_at


def _check_contact(channel, outcome, satisfaction):
    if channel not in CONTACT_CHANNELS:
        raise FeedbackError("روش اطلاع‌رسانی را انتخاب کنید.", "channel")
    if outcome not in CONTACT_OUTCOMES:
        raise FeedbackError("نتیجهٔ تماس را انتخاب کنید.", "outcome")
    if satisfaction is not None and satisfaction not in SATISFACTION:
        raise FeedbackError("میزان رضایت معتبر نیست.", "satisfaction")


def close(item, *, satisfaction: str | None, channel: str | None = None, outcome: str | None = None,
          comment=None, closed_on: date | None = None, contacted_at: datetime | None = None,
          expected_version=None, actor=None) -> FeedbackItem:
    """Close an answered item once the family was contacted and their satisfaction noted.

    With channel and outcome given, the contact attempt is logged first, in the same step, and
    the item is closed on the contact's day unless another is given.
    """
    target_of(item.status, "close")  # illegal move first: clearer than a missing contact
    if satisfaction not in SATISFACTION:
        raise FeedbackError("رضایت شهروند را مشخص کنید (راضی، ناراضی یا در دسترس نبود).", "satisfaction")
    if contacted_at is not None and not channel:
        raise FeedbackError("زمان تماس را فقط همراه با روش اطلاع‌رسانی بفرستید.", "channel")
    closed_on = closed_on or (contacted_at.date() if contacted_at else today_tehran())
    _check_day(item, closed_on, "بستن", item.answered_on, "پاسخ")
    if channel:
        log_contact(item, channel=channel, outcome=outcome or "reached",
                    satisfaction=satisfaction, comment=comment, contacted_at=contacted_at,
                    expected_version=expected_version, actor=actor)
    elif not any(u.contact_channel for u in item.updates):
        raise FeedbackError("پیش از بستن، دست‌کم یک تماس با خانواده را ثبت کنید.", "channel")
    before, from_status, to_status = _move(item, "close", actor, expected_version)
    item.satisfaction = satisfaction
    item.closed_on = closed_on
    last_channel = channel or next(
        u.contact_channel for u in reversed(item.updates) if u.contact_channel
    )
    return _finish(item, "close", actor, before, from_status, to_status,
                   satisfaction=satisfaction, contact_channel=last_channel,
                   comment=_opt(comment) if not channel else None)


def reopen(item, *, to: str = "referred", comment=None, department: Department | None = None,
           expected_version=None, actor=None) -> FeedbackItem:
    """Reopen a closed item whose citizen was not satisfied, back to referral or work, with a reason."""
    refusal = status_refusal(item, "reopen")
    if refusal:
        raise WorkflowError(refusal)
    action = REOPEN_STEPS.get(to)
    if action is None:
        raise FeedbackError("بازگشایی فقط به «ارجاع‌شده» یا «در حال رسیدگی» ممکن است.", "to")
    if department is not None and department.district_id != item.district_id:
        raise FeedbackError("این معاونت از منطقهٔ دیگری است.", "department_id")
    if not _opt(comment):
        raise FeedbackError("دلیل بازگشایی را بنویسید.", "comment")
    before, from_status, to_status = _move(item, action, actor, expected_version)
    item.closed_on = None
    item.answered_on = None
    fields = {"department_id": item.department_id, "comment": _opt(comment)}
    if to_status == "referred":
        if department is not None:
            item.department = department
            fields["department_id"] = department.id
        item.referred_on = today_tehran()
        item.due_on = compute_due_on(item, item.referred_on)  # the clock starts again today
        fields["due_on"] = item.due_on
    return _finish(item, "reopen", actor, before, from_status, to_status, **fields)


def prioritize(item, *, priority: str | None, comment=None, expected_version=None,
               actor=None) -> FeedbackUpdate:
    """Change item's priority and count its running deadline again with the new one."""
    check_version(item, expected_version)
    refusal = status_refusal(item, "prioritize")
    if refusal:
        raise WorkflowError(refusal)
    if priority not in PRIORITIES:
        raise FeedbackError("اولویت را از فهرست انتخاب کنید.", "priority")
    if priority == item.priority:
        raise FeedbackError(f"اولویت این بازخورد هم‌اکنون «{PRIORITIES[priority]}» است.", "priority")
    before = audit.snapshot(item, ITEM_FIELDS)
    old = item.priority
    item.priority = priority
    item.due_on = compute_due_on(item)
    note = f"اولویت از «{PRIORITIES[old]}» به «{PRIORITIES[priority]}»"
    update = add_timeline(item, "prioritize", actor, department_id=item.department_id, due_on=item.due_on,
                          comment=f"{note}؛ {_opt(comment)}" if _opt(comment) else note)
    audit.record("feedback.prioritize", item, actor=actor, before=before,
                 after=audit.snapshot(item, ITEM_FIELDS))
    return update


def request_detail(item, *, comment: str | None, expected_version=None, actor=None) -> FeedbackUpdate:
    """Let the department ask PR for more detail about item, without changing its status."""
    check_version(item, expected_version)
    refusal = status_refusal(item, "request_detail")
    if refusal:
        raise WorkflowError(refusal)
    try:
        comment = clean_text(comment, "پرسش از روابط عمومی")
    except FeedbackError as error:
        raise FeedbackError(str(error), "comment") from None
    update = add_timeline(item, "request_detail", actor, department_id=item.department_id,
                       comment=comment)
    audit.record("feedback.request_detail", item, actor=actor, after={"comment": comment})
    return update


def _opt(text: str | None) -> str | None:
    return normalize(text or "").strip() or None
