"""The landing page and the navigation bar's items."""
from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user, login_required

bp = Blueprint("main", __name__)

# (endpoint, label, roles allowed); endpoints that do not exist yet are skipped.
NAV = [
    ("main.index", "داشبورد", None),
    ("campaigns.index", "کمپین‌ها", ("admin", "pr_staff", "manager")),
    ("events.index", "دیدارها", ("admin", "pr_staff", "manager")),
    ("households.index", "خانوارها", ("admin", "pr_staff", "manager")),
    ("feedback.index", "بازخوردها", ("admin", "pr_staff", "manager")),
    ("reports.index", "گزارش‌ها", None),
    ("admin.index", "مدیریت", ("admin",)),
]


@bp.app_context_processor
def navigation():
    """Give templates the navigation items the signed-in user may see."""

    def nav_items():
        items = []
        for endpoint, label, roles in NAV:
            if endpoint not in current_app.view_functions:
                continue
            if roles is not None and current_user.role not in roles:
                continue
            prefix = endpoint.split(".")[0]
            active = (request.endpoint or "").split(".")[0] == prefix
            items.append({"url": url_for(endpoint), "label": label, "active": active})
        return items

    return {"nav_items": nav_items}


@bp.route("/")
@login_required
def index():
    """Show the dashboard."""
    return render_template("main/index.html")
