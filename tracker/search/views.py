"""The search page."""
from flask import Blueprint, render_template, request
from flask_login import current_user

from tracker.auth.access import READERS, roles_required
from tracker.models.people import hidden_household_fields
from tracker.search.queries import search

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.route("/")
@roles_required(*READERS)
def index():
    """Search households, events and feedback of the user's district."""
    q = request.args.get("q", "").strip()
    results = search(current_user.district_id, q, hidden=hidden_household_fields(current_user)) if q else None
    return render_template("search/index.html", q=q, results=results)
