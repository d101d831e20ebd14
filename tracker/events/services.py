"""Write outreach events (visits, meetings, ...) and read the shapes their pages need."""
from dataclasses import dataclass, field, replace
from datetime import date, time

from sqlalchemy import select

from tracker.audit import record, snapshot
from tracker.extensions import db
from tracker.feedback.services import FeedbackError, create_commitment, create_feedback
from tracker.models import (
    Campaign, Department, District, Event, Household, Neighborhood, Official, Phase, Topic,
)
from tracker.models.base import check_version
from tracker.models.choices import EVENT_KINDS, EVENT_STATUSES
from tracker.persian.dates import (
    JalaliDateError, format_jalali, month_range, month_weeks, parse_jalali_date, today_tehran,
)
from tracker.lists.events import minutes_not_written
from tracker.persian.digits import format_number
from tracker.workcalendar import days_off_by_day

AUDITED = (
    "kind", "status", "campaign_id", "phase_id", "neighborhood_id", "title", "held_on",
    "start_time", "duration_minutes", "minutes",
)

# Status changes a user may make; staying in the same status is always allowed.
TRANSITIONS = {
    None: {"planned", "done"},
    "planned": {"done", "cancelled"},
    "cancelled": {"planned"},
    "done": set(),
}


STALE = "این رویداد در این فاصله تغییر کرده است؛ صفحه را دوباره باز کنید."


class EventError(ValueError):
    """A rule about events was broken; str() is a Persian message, field names the form field.

    row is the index of the feedback row at fault when several rows are saved together.
    """

    def __init__(self, message: str, field: str | None = None, row: int | None = None):
        super().__init__(message)
        self.field = field
        self.row = row


@dataclass
class EventData:
    """What the event form collects, already parsed."""

    kind: str
    neighborhood_id: int
    held_on: date
    status: str = "planned"
    campaign_id: int | None = None
    phase_id: int | None = None
    title: str | None = None
    start_time: time | None = None
    duration_minutes: int | None = None
    minutes: str | None = None
    official_ids: list[int] = field(default_factory=list)
    household_ids: list[int] = field(default_factory=list)
    version: int | None = None
    # The user saw that the date falls outside the campaign's or phase's dates and keeps it.
    confirm_outside_dates: bool = False


def _audited(event: Event) -> dict:
    """Snapshot the audited fields; times as text, which the audit log cannot store otherwise."""
    values = snapshot(event, AUDITED)
    if values["start_time"] is not None:
        values["start_time"] = values["start_time"].isoformat()
    return values


def _in_district(model, ids, district_id: int) -> list:
    """Return the live records with these ids in the district, in the order given."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    rows = db.session.scalars(model.live_in(district_id).where(model.id.in_(ids))).all()
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def officials_by_ids(ids, district_id: int) -> list[Official]:
    """Return the district's officials with these ids, in the order given."""
    return _in_district(Official, ids, district_id)


def households_by_ids(ids, district_id: int) -> list[Household]:
    """Return the district's households with these ids, in the order given."""
    return _in_district(Household, ids, district_id)


def _check_status(old: str | None, new: str) -> None:
    if new not in EVENT_STATUSES:
        raise EventError("وضعیت معتبر نیست.", "status")
    if new != old and new not in TRANSITIONS[old]:
        if old is None:
            raise EventError("رویداد تازه را نمی‌توان لغوشده ثبت کرد.", "status")
        if old == "cancelled":
            raise EventError("رویداد لغوشده را نخست به «برنامه‌ریزی‌شده» برگردانید.", "status")
        raise EventError("وضعیت رویداد انجام‌شده را نمی‌توان تغییر داد.", "status")


class OutsideDates(EventError):
    """The event's date falls outside its campaign's or phase's dates and was not confirmed."""


def outside_dates(held_on: date, campaign: Campaign | None, phase: Phase | None) -> str | None:
    """Return a Persian warning when held_on falls outside the campaign's or the phase's dates, else None."""
    def span(first, last):
        return f"{format_jalali(first)} تا {format_jalali(last)}"

    ask = "اگر این تاریخ درست است، ثبت آن را تأیید کنید."
    if campaign is not None and not campaign.starts_on <= held_on <= campaign.ends_on:
        return (f"تاریخ این رویداد ({format_jalali(held_on)}) بیرون از بازهٔ پویش «{campaign.title}» "
                f"({span(campaign.starts_on, campaign.ends_on)}) است. {ask}")
    if phase is not None and not phase.window[0] <= held_on <= phase.window[1]:
        return (f"تاریخ این رویداد ({format_jalali(held_on)}) بیرون از بازهٔ مرحلهٔ "
                f"{format_number(phase.number)} «{phase.title}» ({span(*phase.window)}) است. {ask}")
    return None


def _check_dates(data: EventData, campaign: Campaign | None, phase: Phase | None) -> None:
    """Refuse a date outside the campaign's or phase's dates unless the user confirmed it."""
    warning = None if data.confirm_outside_dates else outside_dates(data.held_on, campaign, phase)
    if warning:
        raise OutsideDates(warning, "held_on")


def _check_done(status: str, kind: str, minutes: str | None, officials: list) -> None:
    if status != "done":
        return
    if not (minutes or "").strip():
        raise EventError("برای رویداد انجام‌شده، گزارش (صورت‌جلسه) را بنویسید.", "minutes")
    if kind == "home_visit" and not officials:
        raise EventError("برای دیدار در منزل دست‌کم یک مدیر حاضر را انتخاب کنید.", "official_ids")


def _resolve(data: EventData, district_id: int):
    """Check every reference against the district and return (campaign, phase, neighborhood, officials, households)."""
    if data.kind not in EVENT_KINDS:
        raise EventError("نوع رویداد معتبر نیست.", "kind")
    neighborhood = db.session.get(Neighborhood, data.neighborhood_id) if data.neighborhood_id else None
    if neighborhood is None or neighborhood.district_id != district_id or neighborhood.deleted_at:
        raise EventError("محله را از فهرست محله‌های منطقه انتخاب کنید.", "neighborhood_id")
    campaign = phase = None
    if data.campaign_id:
        campaign = db.session.get(Campaign, data.campaign_id)
        if campaign is None or campaign.district_id != district_id or campaign.deleted_at:
            raise EventError("پویش پیدا نشد.", "campaign_id")
    if data.phase_id:
        phase = db.session.get(Phase, data.phase_id)
        if phase is None or campaign is None or phase.campaign_id != campaign.id:
            raise EventError("این مرحله از مراحل پویش انتخاب‌شده نیست.", "phase_id")
    officials = officials_by_ids(data.official_ids, district_id)
    if len(officials) != len(set(data.official_ids)):
        raise EventError("برخی از مدیران انتخاب‌شده در این منطقه نیستند.", "official_ids")
    households = households_by_ids(data.household_ids, district_id)
    if len(households) != len(set(data.household_ids)):
        raise EventError("برخی از خانوارهای انتخاب‌شده در این منطقه نیستند.", "household_ids")
    return campaign, phase, neighborhood, officials, households


def _apply(event: Event, data: EventData, resolved) -> None:
    campaign, phase, neighborhood, officials, households = resolved
    event.kind = data.kind
    event.status = data.status
    event.campaign_id = campaign.id if campaign else None
    event.phase_id = phase.id if phase else None
    event.neighborhood_id = neighborhood.id
    event.title = data.title or None
    event.held_on = data.held_on
    event.start_time = data.start_time
    event.duration_minutes = data.duration_minutes
    event.minutes = data.minutes or None
    event.officials = officials
    event.households = households


def create_event(district_id: int, data: EventData, *, actor=None) -> Event:
    """Plan or log a new event after checking the rules."""
    _check_status(None, data.status)
    resolved = _resolve(data, district_id)
    _check_done(data.status, data.kind, data.minutes, resolved[3])
    _check_dates(data, *resolved[:2])
    event = Event(district_id=district_id, logged_by_id=getattr(actor, "id", None))
    _apply(event, data, resolved)
    db.session.add(event)
    db.session.flush()
    record("create", event, actor=actor, after=_audited(event))
    return event


def _over(event: Event, changes: dict) -> EventData:
    """Return the event's values with changes over them; another campaign without a phase drops the old phase."""
    data = EventData(
        kind=event.kind, neighborhood_id=event.neighborhood_id, held_on=event.held_on, status=event.status,
        campaign_id=event.campaign_id, phase_id=event.phase_id, title=event.title, start_time=event.start_time,
        duration_minutes=event.duration_minutes, minutes=event.minutes,
        official_ids=[o.id for o in event.officials], household_ids=[h.id for h in event.households])
    if "campaign_id" in changes and "phase_id" not in changes:
        changes = {**changes, "phase_id": None}  # the old phase is not one of another campaign's phases
    return replace(data, **changes)


def update_event(event: Event, changes: dict, *, actor=None) -> Event:
    """Change the fields named in changes (EventData's names) after checking the rules and the version."""
    data = _over(event, changes)
    check_version(event, data.version, lambda: EventError(STALE))
    _check_status(event.status, data.status)
    resolved = _resolve(data, event.district_id)
    _check_done(data.status, data.kind, data.minutes, resolved[3])
    # A date already saved is not questioned again when only the minutes or the people change.
    if (data.held_on, data.campaign_id, data.phase_id) != (event.held_on, event.campaign_id, event.phase_id):
        _check_dates(data, *resolved[:2])
    before = _audited(event)
    _apply(event, data, resolved)
    db.session.flush()
    record("update", event, actor=actor, before=before, after=_audited(event))
    return event


def mark_done(event: Event, minutes: str | None, *, actor=None) -> Event:
    """Mark a planned event as held, with its minutes."""
    _check_status(event.status, "done")
    _check_done("done", event.kind, minutes, event.officials)
    before = _audited(event)
    event.status = "done"
    event.minutes = minutes
    db.session.flush()
    record("done", event, actor=actor, before=before, after=_audited(event))
    return event


def cancel_event(event: Event, *, actor=None) -> Event:
    """Cancel a planned event."""
    _check_status(event.status, "cancelled")
    before = snapshot(event, ("status",))
    event.status = "cancelled"
    db.session.flush()
    record("cancel", event, actor=actor, before=before, after={"status": "cancelled"})
    return event


def delete_event(event: Event, *, actor=None) -> None:
    """Hide an event from every list (soft delete)."""
    before = _audited(event)
    event.soft_delete()
    record("delete", event, actor=actor, before=before, after={"deleted_at": event.deleted_at})


@dataclass
class FeedbackRow:
    """One filled row of the several-feedback form, with ids still to be checked."""

    kind: str
    text: str
    topic_id: int | None = None
    household_id: int | None = None
    department_id: int | None = None
    priority: str = "normal"


# Which form field a feedback service message is about, by a word it contains.
_FEEDBACK_FIELDS = (("نوع", "kind"), ("اولویت", "priority"), ("موضوع", "topic_id"),
                    ("معاونت", "department_id"), ("خانوار", "household_id"))


def _feedback_field(message: str) -> str:
    return next((name for word, name in _FEEDBACK_FIELDS if word in message), "text")


def add_feedback_rows(event: Event, rows: list[FeedbackRow], *, actor=None) -> list:
    """Record several feedback items heard at event; on any bad row raise, and the caller rolls back."""
    household_ids = {h.id for h in event.households}
    items = []
    for index, row in enumerate(rows):
        topic = db.session.get(Topic, row.topic_id) if row.topic_id else None
        department = db.session.get(Department, row.department_id) if row.department_id else None
        household = None
        if row.household_id:
            if row.household_id not in household_ids:
                raise EventError("خانوار را از خانوارهای همین رویداد انتخاب کنید.", "household_id", index)
            household = db.session.get(Household, row.household_id)
        try:
            items.append(create_feedback(
                event, kind=row.kind, text=row.text, topic=topic, household=household,
                department=department, priority=row.priority, actor=actor,
            ))
        except FeedbackError as error:
            raise EventError(str(error), error.field or _feedback_field(str(error)), index) from error
    return items


def add_commitment(event: Event, *, official_id: int | None, text: str, due_on: date | None,
                   household_id: int | None = None, actor=None):
    """Record an official's promise made at event, optionally to one of its households; the official attended."""
    official = next((o for o in event.officials if o.id == official_id), None)
    if official is None:
        raise EventError("مسئول تعهد را از مدیران حاضر در این رویداد انتخاب کنید.", "official_id")
    household = None
    if household_id is not None:
        household = next((h for h in event.households if h.id == household_id), None)
        if household is None:
            raise EventError("خانوار را از خانوارهای همین رویداد انتخاب کنید.", "household_id")
    try:
        return create_commitment(event, official=official, text=text, due_on=due_on, household=household,
                                 actor=actor)
    except FeedbackError as error:
        message = str(error)
        raise EventError(message, "due_on" if "مهلت" in message else "text") from error


def date_preview(text: str | None, district: District) -> dict:
    """Describe a typed Jalali date: its long form, days off and whether it is a weekly day off."""
    try:
        day = parse_jalali_date(text)
    except JalaliDateError as error:
        return {"ok": False, "error": str(error)}
    weekend = district.weekend_days
    return {
        "ok": True,
        "text": format_jalali(day, "long"),
        "holiday": "، ".join(days_off_by_day(district.id, day, day).get(day, [])),
        "friday": day.weekday() == 4,
        "weekend": day.weekday() in weekend,
    }


@dataclass
class CalendarDay:
    """One cell of the month grid."""

    day: date
    events: list
    holidays: list[str]
    off: bool
    today: bool
    unlogged: frozenset[int] = frozenset()  # ids of its events whose minutes were never written


def month_calendar(district: District, jy: int, jm: int) -> list[list[CalendarDay | None]]:
    """Return the Jalali month as weeks of days (Saturday first) with their events and days off."""
    first, last = month_range(jy, jm)
    events = db.session.scalars(
        select(Event)
        .where(Event.live_where(district.id), Event.held_on.between(first, last))
        .order_by(Event.held_on, Event.start_time.nulls_first(), Event.id)
    ).all()
    by_day: dict[date, list] = {}
    for event in events:
        by_day.setdefault(event.held_on, []).append(event)
    holidays = days_off_by_day(district.id, first, last)
    today = today_tehran()
    unlogged = frozenset(db.session.scalars(
        minutes_not_written(district.id, today).where(Event.held_on.between(first, last))
        .with_only_columns(Event.id)))
    weekend = district.weekend_days | {4}
    return [
        [
            None if d is None else CalendarDay(
                day=d, events=by_day.get(d, []), holidays=holidays.get(d, []),
                off=d.weekday() in weekend or d in holidays, today=d == today,
                unlogged=frozenset(e.id for e in by_day.get(d, []) if e.id in unlogged),
            )
            for d in week
        ]
        for week in month_weeks(jy, jm)
    ]
