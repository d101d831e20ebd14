"""The /api/v1 blueprint, `route` (each endpoint declared once, then served and documented), and JSON errors.

`route` checks the token and role, reads the query string (bad: 400) and the JSON body (bad: 422) into
their pydantic models, calls the view, answers its model as JSON and commits once. A service's Persian
refusal is answered beside the field it names. openapi.py builds the document from OPERATIONS.
"""
import json
import re
from collections.abc import Callable
from functools import wraps
from typing import NamedTuple

from flask import Blueprint, current_app, request
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from tracker.api.auth import MESSAGES, ApiError, authenticate
from tracker.api.types import persian_errors
from tracker.campaigns.services import CampaignError
from tracker.events.services import EventError
from tracker.extensions import csrf, db
from tracker.feedback.services import ActionForbidden, FeedbackError
from tracker.households.services import DuplicateHousehold, HouseholdError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

STALE = "این رکورد در این فاصله تغییر کرده است؛ آن را دوباره بخوانید و نسخهٔ تازه را بفرستید."
HTTP_MESSAGES = {400: "درخواست نادرست بود.", 404: MESSAGES[404], 405: "این روش برای این نشانی مجاز نیست.",
                 413: "حجم درخواست بیش از اندازه است."}
BAD_BODY = "بدنهٔ درخواست باید یک شیء JSON معتبر باشد."


class Operation(NamedTuple):
    """One endpoint as the document describes it; answer is a model, or the media type of a file."""

    method: str
    path: str
    view: Callable
    roles: tuple[str, ...] | None  # None: no token needed
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    answer: type[BaseModel] | str | None
    status: int
    conflicts: bool  # may answer 409


OPERATIONS: list[Operation] = []


def respond(body, status: int = 200):
    """Answer body (a model or plain data) as UTF-8 JSON, Persian left readable."""
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json")
    return current_app.response_class(json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                                      status=status, mimetype="application/json")


def _read(model: type[BaseModel], data, status: int) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ApiError(status, persian_errors(error)) from None


def _json_body() -> dict:
    try:
        data = request.get_json(silent=True) if request.is_json else None
    except RecursionError:  # nested thousands deep: not a body anyone means to send
        data = None
    if not isinstance(data, dict):
        raise ApiError(400, {"body": BAD_BODY})
    return data


def route(method: str, path: str, *, roles=None, query=None, body=None, answer=None, status=200, conflicts=False):
    """Declare an endpoint: its method, path ("/events/{event_id}"), who may call it, and its shapes."""
    subject = path.split("/")[1].removesuffix("s")  # what a refusal naming no field is said of

    def declare(view):
        @wraps(view)
        def endpoint(**ids):
            if roles is not None and authenticate().role not in roles:
                raise ApiError(403, {"auth": MESSAGES[403]})
            if query is not None:
                ids["query"] = _read(query, request.args.to_dict(), 400)
            if body is not None:
                ids["body"] = _read(body, _json_body(), 422)
            try:
                result = view(**ids)
            except DuplicateHousehold as error:
                found = [h.id for h in error.candidates]
                raise ApiError(409, {"name": str(error)}, existing_id=found[0], candidates=found) from error
            except ActionForbidden as error:  # the workflow policy's reason
                raise ApiError(403, {"auth": str(error)}) from error
            except (CampaignError, EventError, FeedbackError, HouseholdError) as error:
                if hasattr(error, "current_version"):  # tracker.models.base.check_version: someone saved first
                    raise ApiError(409, {"version": STALE}, current_version=error.current_version) from error
                raise ApiError(422, {error.field or subject: str(error)}) from error
            if isinstance(result, BaseModel):
                db.session.flush()  # so the answer shows the version this request writes
                result = respond(result, status)
            db.session.commit()  # the one commit of the request (a read keeps the token's last use)
            return result

        bp.add_url_rule(re.sub(r"{(\w+)}", r"<int:\1>", path), view.__name__, endpoint, methods=[method])
        OPERATIONS.append(Operation(method, path, view, roles, query, body, answer, status, conflicts))
        return view

    return declare


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
    response = _error(error.code or 500, {"request": HTTP_MESSAGES.get(error.code, HTTP_MESSAGES[400])})
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
    return _error(500, {"server": "خطایی در سامانه رخ داد؛ چیزی ذخیره نشد."})


@bp.route("/<path:_rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(_rest):
    """Answer 404 (or 405 for a known path) as JSON for anything else under /api/v1."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in ("GET", "POST", "PATCH"):
        try:
            if adapter.match(request.path, method=method)[0] != "api.unknown":
                allowed.append(method)
        except HTTPException:
            pass
    raise MethodNotAllowed(valid_methods=allowed) if allowed else NotFound()
