"""Role and district checks shared by every view."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from tracker.auth import sessions  # noqa: F401  (registers the user loader)
from tracker.auth.scope import current_district_id, live_record
from tracker.extensions import login_manager

login_manager.login_view = "auth.login"
login_manager.login_message = "برای دیدن این صفحه وارد شوید."
login_manager.login_message_category = "warning"

# What each role may do, beyond reading the district's records. City-wide staff read every page of
# the district they picked (tracker.auth.scope) and write nothing.
WRITERS = ("admin", "pr_staff")
READERS = ("admin", "pr_staff", "manager", "city")


def roles_required(*roles):
    """Let only signed-in users with one of these roles through; others get 403."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def get_in_district(model, record_id: int):
    """Return the record if it belongs to the user's district and is not deleted, else 404."""
    obj = live_record(model, record_id, current_district_id())
    if obj is None:
        abort(404)
    return obj
