"""JSON endpoints under /api/v1: thin wrappers that check input, call the area services and commit once."""
from dataclasses import replace

import json

from flask import Blueprint, current_app, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from tracker.api import auth
from tracker.api.auth import READ, WRITE, ApiError, current_user, get_or_404, roles
from tracker.api.schemas import (
    Reader, campaign_data, campaign_json, department_json, event_json, feedback_json,
    household_data, household_json, json_body, neighborhood_json, official_json, page_args,
    query_int, topic_json,
)
from tracker.extensions import csrf, db
from tracker.models import (
    Campaign, Department, Event, FeedbackItem, Household, Neighborhood, Official, Topic,
)
from tracker.models.choices import (
    CAMPAIGN_STATUSES, EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, FEEDBACK_STATUSES,
)
from tracker.web.paging import keyset_page

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

STALE = "این رکورد در این فاصله تغییر کرده است؛ آن را دوباره بخوانید و نسخهٔ تازه را بفرستید."
SERVER = "خطایی در سامانه رخ داد؛ چیزی ذخیره نشد."
HTTP_MESSAGES = {400: "درخواست نادرست بود.", 404: auth.MESSAGES[404],
                 405: "این روش برای این نشانی مجاز نیست.", 413: "حجم درخواست بیش از اندازه است."}


def respond(body, status: int = 200):
    """Answer body as UTF-8 JSON, Persian left readable."""
    return current_app.response_class(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")), status=status, mimetype="application/json"
    )


# ---- errors ---------------------------------------------------------------------------------

def _error(status: int, errors: dict, **extra):
    db.session.rollback()
    response = respond({"errors": errors, **extra}, status)
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    """Answer an API failure as JSON, writing nothing."""
    return _error(error.status, error.errors, **error.extra)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Answer Werkzeug's HTTP errors as JSON rather than HTML."""
    code = error.code or 500
    response = _error(code, {"request": HTTP_MESSAGES.get(code, HTTP_MESSAGES[400])})
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


@bp.errorhandler(Exception)
def unexpected(error: Exception):
    """Roll back and answer as JSON: 409 for a concurrent change, 422 for a broken constraint, else 500."""
    if isinstance(error, StaleDataError):
        return _error(409, {"version": STALE})
    if isinstance(error, IntegrityError):
        return _error(422, {"record": "داده‌ها با قواعد پایگاه داده سازگار نیست؛ چیزی ذخیره نشد."})
    current_app.logger.exception("unhandled API error", exc_info=error)
    return _error(500, {"server": SERVER})


@bp.route("/<path:_rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(_rest):
    """Answer 404 (or 405 for a known path) as JSON for anything else under /api/v1."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = [m for m in ("GET", "POST", "PATCH") if _endpoint(adapter, m) not in (None, "api.unknown")]
    if allowed:
        raise MethodNotAllowed(valid_methods=allowed)
    raise NotFound()


def _endpoint(adapter, method):
    try:
        return adapter.match(request.path, method=method)[0]
    except HTTPException:
        return None


@bp.after_request
def keep_token_use(response):
    """Persist the token's last-use time after a successful read (writes commit in their view)."""
    if request.method == "GET" and response.status_code < 400:
        db.session.commit()
    return response


# ---- helpers --------------------------------------------------------------------------------

def _page(stmt, columns, dump, descending=True):
    limit, after = page_args(columns)
    page = keyset_page(stmt, columns, after=after, limit=limit, descending=descending, count=False)
    return respond({"items": [dump(i) for i in page.items], "next": page.next})


def _live(model):
    return select(model).where(model.district_id == current_user().district_id, model.deleted_at.is_(None))


def _saved(dump, obj, status=200):
    """Flush (so the version is current), describe obj, commit once and answer."""
    db.session.flush()
    body = dump(obj)
    db.session.commit()
    return respond(body, status)


def _created(dump, obj):
    return _saved(dump, obj, 201)


def _check_version(obj, reader: Reader, required: bool) -> None:
    version = reader.integer("version", required, 1)
    reader.check()
    if version is not None and version != obj.version:
        raise ApiError(409, {"version": STALE}, current_version=obj.version)


# ---- reference lists ------------------------------------------------------------------------

@bp.get("/neighborhoods")
@roles(*READ)
def neighborhoods():
    """List the district's neighborhoods with their areas."""
    return _page(_live(Neighborhood), [Neighborhood.id], neighborhood_json, descending=False)


@bp.get("/departments")
@roles(*READ)
def departments():
    """List the district's departments."""
    return _page(_live(Department), [Department.id], department_json, descending=False)


@bp.get("/officials")
@roles(*READ)
def officials():
    """List the district's officials."""
    return _page(_live(Official), [Official.id], official_json, descending=False)


@bp.get("/topics")
@roles(*READ)
def topics():
    """List the district's feedback topics with their departments and response times."""
    return _page(_live(Topic), [Topic.id], topic_json, descending=False)


# ---- campaigns ------------------------------------------------------------------------------

def _neighborhood_ids() -> set[int]:
    return set(db.session.scalars(select(Neighborhood.id).where(
        Neighborhood.district_id == current_user().district_id, Neighborhood.deleted_at.is_(None))))


@bp.get("/campaigns")
@roles(*READ)
def campaigns():
    """List the district's campaigns, latest start first, optionally by status."""
    stmt = _live(Campaign)
    status = request.args.get("status")
    if status:
        if status not in CAMPAIGN_STATUSES:
            raise ApiError(400, {"status": "وضعیت معتبر نیست."})
        stmt = stmt.where(Campaign.status == status)
    return _page(stmt, [Campaign.starts_on, Campaign.id], campaign_json)


@bp.post("/campaigns")
@roles(*WRITE)
def create_campaign():
    """Create a campaign with its phases and targets."""
    from tracker.campaigns.services import CampaignError, create_campaign as create

    data = campaign_data(json_body(), None, _neighborhood_ids())
    try:
        campaign = create(current_user().district_id, data, current_user())
    except CampaignError as error:
        raise ApiError(422, {"campaign": str(error)}) from error
    return _created(campaign_json, campaign)


@bp.get("/campaigns/<int:campaign_id>")
@roles(*READ)
def campaign(campaign_id):
    """Show one campaign."""
    return respond(campaign_json(get_or_404(Campaign, campaign_id)))


@bp.patch("/campaigns/<int:campaign_id>")
@roles(*WRITE)
def update_campaign(campaign_id):
    """Change a campaign; only the fields sent change, and a stale version is refused."""
    from tracker.campaigns.services import CampaignError, update_campaign as update

    obj = get_or_404(Campaign, campaign_id)
    body = json_body()
    _check_version(obj, Reader(body), required=False)
    data = campaign_data(body, obj, _neighborhood_ids())
    try:
        update(obj, data, current_user())
    except CampaignError as error:
        raise ApiError(422, {"campaign": str(error)}) from error
    return _saved(campaign_json, obj)


@bp.get("/campaigns/<int:campaign_id>/report")
@roles(*READ)
def campaign_report(campaign_id):
    """Give the campaign summary's numbers: coverage per neighborhood and feedback counts."""
    return respond(_report(get_or_404(Campaign, campaign_id)))


@bp.get("/campaigns/<int:campaign_id>/report.pdf")
@roles(*READ)
def campaign_report_pdf(campaign_id):
    """Return the campaign summary as a PDF."""
    pdf = _report_pdf(get_or_404(Campaign, campaign_id))
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="campaign-{campaign_id}.pdf"'
    return response


def _report(campaign) -> dict:
    from tracker.campaigns.services import coverage

    rows = coverage(campaign)
    items = select(FeedbackItem).join(Event, FeedbackItem.event_id == Event.id).where(
        Event.campaign_id == campaign.id, Event.deleted_at.is_(None), FeedbackItem.deleted_at.is_(None)
    ).subquery()
    by_kind = dict(db.session.execute(select(items.c.kind, func.count()).group_by(items.c.kind)).all())
    by_status = dict(db.session.execute(select(items.c.status, func.count()).group_by(items.c.status)).all())
    events = dict(db.session.execute(
        select(Event.status, func.count()).where(Event.campaign_id == campaign.id, Event.deleted_at.is_(None))
        .group_by(Event.status)
    ).all())
    return {
        "campaign": campaign_json(campaign),
        "totals": {
            "visits": sum(r.visits_done for r in rows),
            "households_reached": sum(r.households_reached for r in rows),
            "target": sum(r.target_total for r in rows),
            "untouched_neighborhoods": sum(1 for r in rows if r.untouched),
        },
        "events_by_status": {s: events.get(s, 0) for s in EVENT_STATUSES},
        "coverage": [
            {"neighborhood_id": r.neighborhood_id, "name": r.name, "area": r.area_name, "visits": r.visits_done,
             "households_reached": r.households_reached, "target": r.target_total,
             "by_category": {c: {"reached": v.reached, "target": v.target} for c, v in r.by_category.items()}}
            for r in rows
        ],
        "feedback": {
            "total": sum(by_kind.values()),
            "by_kind": {k: by_kind.get(k, 0) for k in FEEDBACK_KINDS},
            "by_status": {s: by_status.get(s, 0) for s in FEEDBACK_STATUSES},
        },
    }


def _report_pdf(campaign) -> bytes:
    from tracker.persian.dates import format_jalali, now_tehran
    from tracker.persian.digits import to_persian_digits
    from tracker.reports.document import ReportDocument, Section, Table
    from tracker.reports.pdf import render_pdf

    data = _report(campaign)
    user = current_user()
    totals = data["totals"]
    coverage_table = Table(
        headers=["محله", "ناحیه", "دیدار انجام‌شده", "خانوار دیدارشده", "هدف"],
        rows=[[r["name"], r["area"], str(r["visits"]), str(r["households_reached"]), str(r["target"])]
              for r in data["coverage"]],
        col_widths=[0.3, 0.2, 0.17, 0.18, 0.15], numeric_columns={2, 3, 4},
    )
    feedback_table = Table(
        headers=["نوع بازخورد", "تعداد"],
        rows=[[FEEDBACK_KINDS[k], str(v)] for k, v in data["feedback"]["by_kind"].items()],
        numeric_columns={1},
    )
    doc = ReportDocument(
        title=f"گزارش کمپین {campaign.title}", district_name=user.district.name,
        filter_text=f"{format_jalali(campaign.starts_on, 'long')} تا {format_jalali(campaign.ends_on, 'long')}",
        user_name=user.full_name or user.username, generated_at=now_tehran(),
        sections=[
            Section("پوشش محله‌ها", paragraphs=[to_persian_digits(
                f"دیدارهای انجام‌شده: {totals['visits']}، خانوارهای دیدارشده: {totals['households_reached']} "
                f"از هدف {totals['target']}؛ محله‌های بی‌دیدار: {totals['untouched_neighborhoods']}."
            )], tables=[coverage_table]),
            Section("بازخوردها", tables=[feedback_table]),
        ],
        sensitive_masked=not user.sees_personal_data,
    )
    return render_pdf(doc)


# ---- households -----------------------------------------------------------------------------

@bp.get("/households")
@roles(*READ)
def households():
    """List the district's households, newest first, optionally by neighborhood or category."""
    stmt = _live(Household)
    neighborhood_id = query_int("neighborhood_id")
    if neighborhood_id:
        stmt = stmt.where(Household.neighborhood_id == neighborhood_id)
    if request.args.get("category"):
        stmt = stmt.where(Household.category == request.args["category"])
    return _page(stmt, [Household.id], household_json)


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
    """List the district's events, latest first, optionally by campaign or status."""
    stmt = _live(Event)
    campaign_id = query_int("campaign_id")
    if campaign_id:
        stmt = stmt.where(Event.campaign_id == campaign_id)
    if request.args.get("status"):
        stmt = stmt.where(Event.status == request.args["status"])
    return _page(stmt, [Event.held_on, Event.id], event_json)


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
    """List the district's feedback, latest received first, optionally by status, event or department."""
    stmt = _live(FeedbackItem)
    status = request.args.get("status")
    if status:
        stmt = stmt.where(FeedbackItem.status == status)
    for name, column in (("event_id", FeedbackItem.event_id), ("department_id", FeedbackItem.department_id)):
        value = query_int(name)
        if value:
            stmt = stmt.where(column == value)
    return _page(stmt, [FeedbackItem.received_on, FeedbackItem.id], feedback_json)


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


# ---- search and the document ----------------------------------------------------------------

@bp.get("/search")
@roles(*READ)
def search():
    """Find households, events and feedback through the normalized keys."""
    from tracker.search.queries import search as run

    q = (request.args.get("q") or "").strip()
    if not q:
        raise ApiError(400, {"q": "عبارت جستجو (q) را بفرستید."})
    if len(q) > 200:
        raise ApiError(400, {"q": "عبارت جستجو بیش از ۲۰۰ نویسه است."})
    found = run(current_user().district_id, q)
    return respond({"households": [household_json(h) for h in found.households],
                    "events": [event_json(e) for e in found.events],
                    "feedback": [feedback_json(f) for f in found.feedback]})


@bp.get("/openapi.json")
def openapi():
    """Serve the OpenAPI 3.1 document describing this API (no token needed)."""
    from tracker.api.openapi import document

    return respond(document())
