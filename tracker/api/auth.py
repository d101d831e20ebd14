"""Bearer-token authentication, the roles that may call, and district scoping for the JSON API."""
from flask import g, request

from tracker.auth.access import WRITERS
from tracker.auth.scope import DistrictRefused, district_named, live_record
from tracker.auth.services import user_for_token

# Who may call what: the web's writers write; every role reads (viewers without personal data), and
# managers also move their department's feedback (tracker.feedback.policy decides each step).
READ = (*WRITERS, "manager", "viewer", "city")
WRITE = WRITERS

MESSAGES = {
    401: "توکن دسترسی فرستاده نشده یا معتبر نیست.",
    403: "نقش شما اجازهٔ این کار را ندارد.",
    404: "رکورد مورد نظر پیدا نشد.",
}
# The header naming the district (its number, e.g. 22) a city-wide token reads; others may name only their own.
DISTRICT_HEADER = "X-District"
DISTRICT_MESSAGES = {
    "bad": "شمارهٔ منطقه در سرایند X-District باید عددی باشد، مانند ۲۲.",
    "unknown": "منطقه‌ای با این شماره در سامانه نیست.",
    "other": "شما فقط دادهٔ منطقهٔ خودتان را می‌بینید.",
}


class ApiError(Exception):
    """An API failure with its HTTP status and the Persian messages keyed by field."""

    def __init__(self, status: int, errors: dict, **extra):
        super().__init__(status, errors)
        self.status = status
        self.errors = errors
        self.extra = extra


def authenticate():
    """Find the user of the request's bearer token, or raise 401."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if user is None:
        raise ApiError(401, {"auth": MESSAGES[401]})
    g.api_user = user
    g.api_district_id = _district_asked(user)
    return user


def _district_asked(user) -> int:
    """Return the district the request reads: the X-District header's for city-wide staff, else the user's own."""
    asked = request.headers.get(DISTRICT_HEADER, "").strip()
    try:
        return district_named(user, int(asked)) if asked else user.district_id  # int() reads Persian digits too
    except ValueError:
        raise ApiError(400, {"district": DISTRICT_MESSAGES["bad"]}) from None
    except DistrictRefused as error:
        kind = error.args[0]
        raise ApiError(403 if kind == "other" else 404, {"district": DISTRICT_MESSAGES[kind]}) from None


def current_district_id() -> int:
    """Return the district this API request reads and writes in."""
    return g.api_district_id


def current_user():
    """Return the user authenticated for this request."""
    return g.api_user


def get_or_404(model, record_id: int):
    """Return the live record of the caller's district, or raise 404 (other districts look missing)."""
    obj = live_record(model, record_id, g.api_district_id)
    if obj is None:
        raise ApiError(404, {"id": MESSAGES[404]})
    return obj
