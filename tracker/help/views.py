"""The help page, readable by every signed-in role."""
from flask import Blueprint, render_template
from flask_login import login_required

from tracker.assets import fingerprint

bp = Blueprint("help", __name__, url_prefix="/help")

# The screenshots tools/help_screenshots.py takes, in the order the page shows them.
SHOTS = ("dashboard", "campaign", "visit", "inbox", "contact", "reports", "import")


@bp.route("/")
@login_required
def index():
    """Walk the office through its day: planning, a visit, the inbox, closing the loop, reports, import."""
    shots = {name: f"help/{name}.png" for name in SHOTS if fingerprint("app", f"help/{name}.png")}
    return render_template("help/index.html", shots=shots)
