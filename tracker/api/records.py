"""Households, events and feedback: read the declared shapes, call the area's services, answer."""
from sqlalchemy import select

from tracker import audit
from tracker.api import shapes as s
from tracker.api.auth import READ, WRITE, ApiError, current_district_id, current_user, get_or_404
from tracker.api.registry import STALE, route
from tracker.api.views import household_out, page
from tracker.events import services as event_services
from tracker.events.services import EventData
from tracker.extensions import db
from tracker.feedback import services as feedback_services
from tracker.feedback.services import REFERENCES, ActionParams, FeedbackError, StaleError, WorkflowError
from tracker.feedback.workflow import action_to
from tracker.households import services as household_services
from tracker.lists import feedback as feedback_lists
from tracker.lists.events import event_list
from tracker.lists.households import household_list
from tracker.models import Event, FeedbackItem, Household, Phase

# ---- households -----------------------------------------------------------------------------

@route("GET", "/households", roles=READ, query=s.HouseholdQuery, answer=s.page_of(s.HouseholdOut))
def households(query):
    """List the district's households, newest first, filtered as the households page filters."""
    stmt = household_list(query.filter(current_district_id()))
    found = page(stmt, [Household.id], s.HouseholdOut, query, dump=household_out)
    audit.read("household", count=len(found.items), actor=current_user())
    return found


@route("POST", "/households", roles=WRITE, body=s.HouseholdIn, answer=s.HouseholdOut, status=201, conflicts=True)
def create_household(body):
    """Register a household; a likely duplicate answers 409 with the existing id unless "force" is true."""
    return household_out(household_services.create_household(body.model_dump(exclude={"force"}), current_user(),
                                                              force=body.force))


@route("GET", "/households/{household_id}", roles=READ, answer=s.HouseholdOut)
def household(household_id):
    """Show one household (its personal data hidden from viewers)."""
    household = get_or_404(Household, household_id)
    audit.read("household", household, actor=current_user())
    return household_out(household)


@route("PATCH", "/households/{household_id}", roles=WRITE, body=s.HouseholdPatch, answer=s.HouseholdOut,
       conflicts=True)
def update_household(household_id, body):
    """Change a household; only the fields sent change, and a stale version is refused."""
    record = get_or_404(Household, household_id)
    changes = body.model_dump(exclude={"force", "version"}, exclude_unset=True)
    return household_out(household_services.update_household(record, changes, current_user(), force=bool(body.force),
                                                              version=body.version))


# ---- events ---------------------------------------------------------------------------------

def _event_changes(body, campaign_id: int | None) -> dict:
    """Return the body's fields as the events service names them, a phase number read as the campaign's phase."""
    changes = body.model_dump(exclude_unset=True, exclude={"phase"})
    if body.phase is not None:
        changes["phase_id"] = db.session.scalar(select(Phase.id).where(
            Phase.campaign_id == campaign_id, Phase.number == body.phase)) if campaign_id else None
        if changes["phase_id"] is None:
            raise ApiError(422, {"phase": "این مرحله در پویش انتخاب‌شده نیست."})
    return changes


@route("GET", "/events", roles=READ, query=s.EventQuery, answer=s.page_of(s.EventOut))
def events(query):
    """List the district's events, latest first, filtered as the events page filters."""
    return page(event_list(query.filter(current_district_id())), [Event.held_on, Event.id], s.EventOut, query)


@route("POST", "/events", roles=WRITE, body=s.EventIn, answer=s.EventOut, status=201)
def create_event(body):
    """Plan or log an event (a visit, meeting, ...)."""
    data = EventData(**_event_changes(body, body.campaign_id))
    return s.EventOut.model_validate(event_services.create_event(current_district_id(), data, actor=current_user()))


@route("GET", "/events/{event_id}", roles=READ, answer=s.EventOut)
def event(event_id):
    """Show one event."""
    return s.EventOut.model_validate(get_or_404(Event, event_id))


@route("PATCH", "/events/{event_id}", roles=WRITE, body=s.EventPatch, answer=s.EventOut, conflicts=True)
def update_event(event_id, body):
    """Change an event; "version" is required and a stale one answers 409."""
    record = get_or_404(Event, event_id)
    changes = _event_changes(body, body.campaign_id if "campaign_id" in body.model_fields_set else record.campaign_id)
    return s.EventOut.model_validate(event_services.update_event(record, changes, actor=current_user()))


# ---- feedback -------------------------------------------------------------------------------

@route("GET", "/feedback", roles=READ, query=s.FeedbackQuery, answer=s.page_of(s.FeedbackOut))
def feedback_list(query):
    """List the district's feedback, latest received first, filtered as the feedback page filters."""
    stmt = feedback_lists.feedback_list(query.filter(current_district_id()))
    return page(stmt, [FeedbackItem.received_on, FeedbackItem.id], s.FeedbackOut, query)


@route("POST", "/feedback", roles=WRITE, body=s.FeedbackIn, answer=s.FeedbackOut, status=201)
def create_feedback(body):
    """Record a feedback item heard at an event; received_on defaults to the event's date."""
    refs = feedback_services.references(current_district_id(), **body.model_dump(include=set(REFERENCES)))
    return s.FeedbackOut.model_validate(feedback_services.create_feedback(
        refs.pop("event"), **refs, kind=body.kind, text=body.text, priority=body.priority,
        received_on=body.received_on, actor=current_user()))


@route("GET", "/feedback/{item_id}", roles=READ, answer=s.FeedbackOut)
def feedback(item_id):
    """Show one feedback item."""
    return s.FeedbackOut.model_validate(get_or_404(FeedbackItem, item_id))


# The body's field giving the date an action records (ActionParams.recorded_on), and the fields it passes as sent.
DATE_KEYS = {"refer": "referred_on", "answer": "answered_on"}
PARAMS = {"comment", "department_id", "reason", "target_id", "satisfaction", "channel", "outcome", "priority"}


def _step(item, body: s.FeedbackStep) -> tuple[str, str | None]:
    """Return the action the body asks for, and the status a reopen goes back to."""
    if (body.status is None) == (body.action is None):
        raise ApiError(422, {"status": "یکی از status یا action را بفرستید (نه هر دو)."})
    if body.action is not None:
        return body.action, body.to
    try:
        return action_to(item.status, body.status)
    except WorkflowError as error:
        raise ApiError(422, {"status": str(error)}) from error


def _sent_as(field: str | None, action: str) -> str:
    """Return the body's name of the ActionParams field a step's error names ("status" when it names none)."""
    if field == "recorded_on":
        return DATE_KEYS.get(action, "status")
    info = s.FeedbackStep.model_fields.get(field or "")
    return (info.alias or field) if info else "status"


@route("PATCH", "/feedback/{item_id}", roles=READ, body=s.FeedbackStep, answer=s.FeedbackOut, conflicts=True)
def update_feedback(item_id, body):
    """Take a workflow step: "status" to move to (or "action" by name), with its details; "version" is required."""
    item = get_or_404(FeedbackItem, item_id)
    action, reopen_to = _step(item, body)
    params = ActionParams(
        **body.model_dump(include=PARAMS), to=reopen_to,
        response=body.response or (body.comment if action == "answer" else None),
        recorded_on=getattr(body, DATE_KEYS[action]) if action in DATE_KEYS else None)
    try:  # perform asks the policy (its refusal: 403), then checks the version (409) and the step (422)
        feedback_services.perform(item, action, params, current_user(), body.version)
    except StaleError as error:
        db.session.rollback()  # so the item shows the version saved meanwhile
        raise ApiError(409, {"version": STALE}, current_version=item.version) from error
    except (WorkflowError, FeedbackError) as error:
        raise ApiError(422, {_sent_as(getattr(error, "field", None), action): str(error)}) from error
    return s.FeedbackOut.model_validate(item)
