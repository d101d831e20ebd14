"""JSON endpoints for households, events and feedback: parse, call the area's services, commit once."""
from dataclasses import replace

from sqlalchemy import select

from tracker.api import filters
from tracker.api.auth import READ, WRITE, ApiError, current_user, get_or_404, roles
from tracker.api.schemas import Reader, event_json, feedback_json, household_data, household_json, json_body
from tracker.api.views import STALE, _check_version, _created, _page, _saved, bp, respond
from tracker.extensions import db
from tracker.lists import events as event_lists
from tracker.lists import feedback as feedback_lists
from tracker.lists import households as household_lists
from tracker.models import Department, Event, FeedbackItem, Household, Topic
from tracker.models.choices import EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, FEEDBACK_STATUSES


# ---- households -----------------------------------------------------------------------------

@bp.get("/households")
@roles(*READ)
def households():
    """List the district's households, newest first, filtered as the households page filters."""
    flt = filters.household_filter(current_user().district_id)
    return _page(household_lists.household_list(flt), [Household.id], household_json)


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
    return _page(event_lists.event_list(flt), [Event.held_on, Event.id], event_json)


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
    return _page(feedback_lists.feedback_list(flt), [FeedbackItem.received_on, FeedbackItem.id], feedback_json)


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


# The action a requested status stands for; moving a closed item back to work is a reopen.
STATUS_ACTIONS = {"referred": "refer", "in_progress": "start", "answered": "answer", "rejected": "reject",
                  "merged": "merge", "closed": "close"}
# The body's name for each ActionParams field the services may complain about.
PARAM_KEYS = {"department_id": "department_id", "reason": "rejection_reason", "target_id": "merged_into_id",
              "channel": "contact_channel", "outcome": "contact_outcome", "satisfaction": "satisfaction",
              "response": "response", "comment": "comment", "to": "status", "version": "version"}
DATE_KEYS = {"refer": "referred_on", "answer": "answered_on"}


def _action_for(item, to: str) -> tuple[str | None, str | None]:
    """Return (action, reopen target) that moving item to status `to` means."""
    if item.status == "closed" and to in ("referred", "in_progress"):
        return "reopen", to
    return STATUS_ACTIONS.get(to), None


def _action_params(action: str, reopen_to: str | None, r: Reader):
    """Read the body's optional fields into ActionParams; the feedback services check what the action needs."""
    from tracker.feedback.services import ActionParams

    comment = r.text("comment", max_len=5000)
    params = ActionParams(
        comment=comment, department_id=r.integer("department_id"),
        response=r.text("response", max_len=20000) or (comment if action == "answer" else None),
        reason=r.text("rejection_reason"), target_id=r.integer("merged_into_id"),
        channel=r.text("contact_channel"), outcome=r.text("contact_outcome"), satisfaction=r.text("satisfaction"),
        to=reopen_to, recorded_on=r.date(DATE_KEYS[action]) if action in DATE_KEYS else None,
    )
    r.check()
    return params


@bp.patch("/feedback/<int:item_id>")
@roles(*READ)
def update_feedback(item_id):
    """Move a feedback item through its workflow with "status" and "comment"; "version" is required."""
    from tracker.feedback import policy
    from tracker.feedback.services import ActionForbidden, FeedbackError, StaleError, WorkflowError, perform

    item = get_or_404(FeedbackItem, item_id)
    r = Reader(json_body())
    version = r.integer("version", required=True)
    to = r.choice("status", FEEDBACK_STATUSES, required=True)
    r.check()
    action, reopen_to = _action_for(item, to)
    if action is None:
        raise ApiError(422, {"status": f"نمی‌توان بازخورد را به وضعیت «{FEEDBACK_STATUSES[to]}» برد."})
    decision = policy.can(current_user(), action, item)
    if decision.forbidden:
        raise ApiError(403, {"auth": decision.reason})
    if version != item.version:
        raise ApiError(409, {"version": STALE}, current_version=item.version)
    params = _action_params(action, reopen_to, r)
    try:
        perform(item, action, params, current_user(), version)
    except StaleError as error:
        db.session.rollback()
        raise ApiError(409, {"version": STALE}, current_version=item.version) from error
    except ActionForbidden as error:
        raise ApiError(403, {"auth": str(error)}) from error
    except (WorkflowError, FeedbackError) as error:
        field = getattr(error, "field", None)
        key = DATE_KEYS.get(action, "status") if field == "recorded_on" else PARAM_KEYS.get(field, "status")
        raise ApiError(422, {key: str(error)}) from error
    return _saved(feedback_json, item)
