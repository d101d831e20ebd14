"""The /api/v1 blueprint: errors, shared helpers, reference lists, campaigns, search and the document."""
import json

from flask import Blueprint, current_app, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from tracker.api import auth
from tracker.api.auth import READ, WRITE, ApiError, current_user, get_or_404, roles
from tracker.api.schemas import (
    Reader, campaign_data, campaign_json, department_json, event_json, feedback_json, household_json,
    json_body, neighborhood_json, official_json, page_args, topic_json,
)
from tracker.extensions import csrf, db
from tracker.models import Campaign, Department, Neighborhood, Official, Topic
from tracker.models.choices import CAMPAIGN_STATUSES
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
