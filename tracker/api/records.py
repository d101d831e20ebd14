"""JSON endpoints for households, events and feedback: parse, call the area's services, commit once."""
from dataclasses import replace

from sqlalchemy import select

from tracker.api import filters
from tracker.api.auth import READ, WRITE, ApiError, current_user, get_or_404, roles
from tracker.api.schemas import Reader, event_json, feedback_json, household_data, household_json, json_body
from tracker.api.views import _check_version, _created, _page, _saved, bp, respond
from tracker.events import queries as event_queries
from tracker.extensions import db
from tracker.feedback import queries as feedback_queries
from tracker.households import queries as household_queries
from tracker.models import Department, Event, FeedbackItem, Household, Topic
from tracker.models.choices import EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, FEEDBACK_STATUSES


# ---- households -----------------------------------------------------------------------------

@bp.get("/households")
@roles(*READ)
def households():
    """List the district's households, newest first, filtered as the households page filters."""
    flt = filters.household_filter(current_user().district_id)
    return _page(household_queries.household_list(flt), [Household.id], household_json)


def _duplicate(error) -> ApiError:
    ids = [h.id for h in error.candidates]
    return ApiError(409, {"name": str(error)}, existing_id=ids[0], candidates=ids)


@bp.post("/households")
@roles(*WRITE)
def create_household():
    """Register a household; a likely duplicate answers 409 with the existing id unless "force" is true."""
    from tracker.households.services import DuplicateHousehold, HouseholdError, create_household as create

    body = json_body()
    reader = Reader(body)
    force = bool(reader.boolean("force"))
    data = household_data(body, None)
    reader.check()
    try:
        household = create(data, current_user(), force=force)
    except DuplicateHousehold as error:
        raise _duplicate(error) from error
    except HouseholdError as error:
        raise ApiError(422, {error.field or "household": str(error)}) from error
    return _created(household_json, household)


@bp.get("/households/<int:household_id>")
@roles(*READ)
def household(household_id):
    """Show one household (personal data hidden from viewers)."""
    return respond(household_json(get_or_404(Household, household_id)))


@bp.patch("/households/<int:household_id>")
@roles(*WRITE)
def update_household(household_id):
    """Change a household; only the fields sent change, and a stale version is refused."""
    from tracker.households.services import DuplicateHousehold, HouseholdError, update_household as update

    obj = get_or_404(Household, household_id)
    body = json_body()
    reader = Reader(body)
    force = bool(reader.boolean("force"))
    _check_version(obj, reader, required=False)
    data = household_data(body, obj)
    try:
        update(obj, data, current_user(), force=force)
    except DuplicateHousehold as error:
        raise _duplicate(error) from error
    except HouseholdError as error:
        raise ApiError(422, {error.field or "household": str(error)}) from error
    return _saved(household_json, obj)


# ---- events ---------------------------------------------------------------------------------

def _event_data(body: dict, event):
    """Build the events service's EventData from a POST body, or a PATCH body over event's values."""
    from tracker.events.services import EventData
    from tracker.models import Phase

    r = Reader(body)
    if event is None:
        data = EventData(kind=None, neighborhood_id=None, held_on=None)
    else:
        data = EventData(
            kind=event.kind, neighborhood_id=event.neighborhood_id, held_on=event.held_on, status=event.status,
            campaign_id=event.campaign_id, phase_id=event.phase_id, title=event.title,
            start_time=event.start_time, duration_minutes=event.duration_minutes, minutes=event.minutes,
            official_ids=[o.id for o in event.officials], household_ids=[h.id for h in event.households],
        )
    new = event is None
    changes = {}
    if new or r.has("kind"):
        changes["kind"] = r.choice("kind", EVENT_KINDS, required=True)
    if r.has("status"):
        changes["status"] = r.choice("status", EVENT_STATUSES, required=True)
    if new or r.has("neighborhood_id"):
        changes["neighborhood_id"] = r.integer("neighborhood_id", required=True)
    if new or r.has("date"):
        changes["held_on"] = r.date("date", required=True)
    if r.has("campaign_id"):
        changes["campaign_id"] = r.integer("campaign_id")
        if "phase" not in body and "phase_id" not in body:
            changes["phase_id"] = None
    if r.has("phase_id"):
        changes["phase_id"] = r.integer("phase_id")
    for name, attr in (("title", 200), ("minutes", 20000)):
        if r.has(name):
            changes[name] = r.text(name, max_len=attr)
    if r.has("time"):
        changes["start_time"] = r.time("time")
    if r.has("duration_minutes"):
        changes["duration_minutes"] = r.integer("duration_minutes", low=1, high=1440)
    for name in ("official_ids", "household_ids"):
        if r.has(name):
            changes[name] = r.ids(name) or []
    phase = r.integer("phase", low=1, high=99) if r.has("phase") else None
    r.check()
    data = replace(data, **changes)
    if phase is not None:  # a phase number within the campaign
        found = db.session.scalar(select(Phase.id).where(Phase.campaign_id == data.campaign_id,
                                                         Phase.number == phase)) if data.campaign_id else None
        if found is None:
            raise ApiError(422, {"phase": "این مرحله در کمپین انتخاب‌شده نیست."})
        data.phase_id = found
    return data


def _event_error(error) -> ApiError:
    return ApiError(422, {error.field or "event": str(error)})


@bp.get("/events")
@roles(*READ)
def events():
    """List the district's events, latest first, filtered as the events page filters."""
    flt = filters.event_filter(current_user().district_id)
    return _page(event_queries.event_list(flt), [Event.held_on, Event.id], event_json)


@bp.post("/events")
@roles(*WRITE)
def create_event():
    """Plan or log an event (a visit, meeting, ...)."""
    from tracker.events.services import EventError, create_event as create

    data = _event_data(json_body(), None)
    try:
        event = create(current_user().district_id, data, actor=current_user())
    except EventError as error:
        raise _event_error(error) from error
    return _created(event_json, event)


@bp.get("/events/<int:event_id>")
@roles(*READ)
def event(event_id):
    """Show one event."""
    return respond(event_json(get_or_404(Event, event_id)))


@bp.patch("/events/<int:event_id>")
@roles(*WRITE)
def update_event(event_id):
    """Change an event; "version" is required and a stale one answers 409."""
    from tracker.events.services import EventError, update_event as update

    obj = get_or_404(Event, event_id)
    body = json_body()
    _check_version(obj, Reader(body), required=True)
    data = replace(_event_data(body, obj), version=obj.version)
    try:
        update(obj, data, actor=current_user())
    except EventError as error:
        raise _event_error(error) from error
    return _saved(event_json, obj)


# ---- feedback -------------------------------------------------------------------------------

@bp.get("/feedback")
@roles(*READ)
def feedback_list():
    """List the district's feedback, latest received first, filtered as the feedback page filters."""
    flt = filters.feedback_filter(current_user().district_id)
    return _page(feedback_queries.feedback_list(flt), [FeedbackItem.received_on, FeedbackItem.id], feedback_json)


def _optional(model, reader: Reader, name: str):
    """Return the district's live record named by an optional id field, recording a 422 message if missing."""
    record_id = reader.integer(name)
    if record_id is None:
        return None
    obj = db.session.get(model, record_id)
    if obj is None or obj.district_id != current_user().district_id or obj.deleted_at is not None:
        reader.fail(name, "این مورد در منطقهٔ شما پیدا نشد.")
        return None
    return obj


@bp.post("/feedback")
@roles(*WRITE)
def create_feedback():
    """Record a feedback item heard at an event; received_on defaults to the event's date."""
    from tracker.feedback.services import FeedbackError, create_feedback as create
    from tracker.models.choices import PRIORITIES

    r = Reader(json_body())
    if r.integer("event_id", required=True) is None:
        r.check()
    event_ = _optional(Event, r, "event_id")
    household_ = _optional(Household, r, "household_id")
    topic = _optional(Topic, r, "topic_id")
    department = _optional(Department, r, "department_id")
    kind = r.choice("kind", FEEDBACK_KINDS, required=True)
    text = r.text("text", required=True, max_len=20000)
    priority = r.choice("priority", PRIORITIES) or "normal"
    received_on = r.date("received_on")
    r.check()
    try:
        item = create(event_, kind=kind, text=text, topic=topic, household=household_, department=department,
                      priority=priority, received_on=received_on, actor=current_user())
    except FeedbackError as error:
        raise ApiError(422, {"feedback": str(error)}) from error
    return _created(feedback_json, item)


@bp.get("/feedback/<int:item_id>")
@roles(*READ)
def feedback(item_id):
    """Show one feedback item."""
    return respond(feedback_json(get_or_404(FeedbackItem, item_id)))


# What a manager may do with their own department's items.
MANAGER_MOVES = ("in_progress", "answered")


def _transition(item, r: Reader, version: int):
    """Perform the workflow move to the requested status through the feedback services."""
    from tracker.feedback import services as fs
    from tracker.models.choices import CONTACT_CHANNELS, CONTACT_OUTCOMES, REJECTION_REASONS, SATISFACTION

    to = r.choice("status", FEEDBACK_STATUSES, required=True)
    comment = r.text("comment", max_len=5000)
    common = {"expected_version": version, "actor": current_user()}
    if to == "referred" and item.status == "closed":
        department = _optional(Department, r, "department_id")
        r.check()
        return fs.reopen(item, to="referred", comment=comment, department=department, **common)
    if to == "in_progress" and item.status == "closed":
        r.check()
        return fs.reopen(item, to="in_progress", comment=comment, **common)
    if to == "referred":
        department = _optional(Department, r, "department_id")
        referred_on = r.date("referred_on")
        r.check()
        return fs.refer(item, department=department, comment=comment, referred_on=referred_on, **common)
    if to == "in_progress":
        r.check()
        return fs.start(item, comment=comment, **common)
    if to == "answered":
        response = r.text("response", max_len=20000) or comment
        answered_on = r.date("answered_on")
        if not response:
            r.fail("comment", "متن پاسخ را در comment یا response بفرستید.")
        r.check()
        return fs.answer(item, response=response, answered_on=answered_on, **common)
    if to == "rejected":
        reason = r.choice("rejection_reason", REJECTION_REASONS, required=True)
        r.check()
        return fs.reject(item, reason=reason, comment=comment, **common)
    if to == "merged":
        target = _optional(FeedbackItem, r, "merged_into_id")
        if target is None:
            r.fail("merged_into_id", "شناسهٔ بازخورد مقصد ادغام را بفرستید.")
        r.check()
        return fs.merge(item, target=target, comment=comment, **common)
    if to == "closed":
        satisfaction = r.choice("satisfaction", SATISFACTION, required=True)
        channel = r.choice("contact_channel", CONTACT_CHANNELS)
        outcome = r.choice("contact_outcome", CONTACT_OUTCOMES)
        r.check()
        return fs.close(item, satisfaction=satisfaction, channel=channel, outcome=outcome, comment=comment,
                        **common)
    r.check()
    raise fs.WorkflowError(f"نمی‌توان بازخورد را به وضعیت «{FEEDBACK_STATUSES.get(to, to)}» برد.")


@bp.patch("/feedback/<int:item_id>")
@roles("admin", "pr_staff", "manager")
def update_feedback(item_id):
    """Move a feedback item through its workflow with "status" and "comment"; "version" is required."""
    from tracker.feedback.services import FeedbackError, StaleError, WorkflowError

    item = get_or_404(FeedbackItem, item_id)
    body = json_body()
    r = Reader(body)
    _check_version(item, r, required=True)
    user = current_user()
    if user.role == "manager" and (
        item.department_id is None or item.department_id != user.department_id or body.get("status") not in MANAGER_MOVES
    ):
        raise ApiError(403, {"auth": "مدیر فقط بازخوردهای معاونت خود را به «در حال رسیدگی» یا «پاسخ داده شده» می‌برد."})
    try:
        _transition(item, r, item.version)
    except StaleError as error:
        raise ApiError(409, {"version": str(error)}) from error
    except (WorkflowError, FeedbackError) as error:
        raise ApiError(422, {"status": str(error)}) from error
    return _saved(feedback_json, item)
