"""The landing page and the navigation bar's items."""
from datetime import timedelta

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.auth.scope import current_district_id
from tracker.campaigns.services import active_campaign, ended_active_campaigns
from tracker.directory.queries import commitments_of, feedback_of_visits, official_of
from tracker.main import queries
from tracker.kept import kept_page_part
from tracker.main.aggregates import LIFETIME, count_numbers
from tracker.occasions.queries import upcoming
from tracker.persian.dates import format_jalali, jalali_year_month, month_range, today_tehran

bp = Blueprint("main", __name__)

# (endpoint, label, roles allowed); endpoints that do not exist yet are skipped.
NAV = [
    ("city.dashboard", "ستاد شهری", ("city",)),
    ("main.index", "داشبورد", None),
    ("campaigns.index", "پویش‌ها", ("admin", "pr_staff", "manager", "city")),
    ("events.index", "دیدارها", ("admin", "pr_staff", "manager", "city")),
    ("households.index", "خانوارها", ("admin", "pr_staff", "manager", "city")),
    ("feedback.index", "بازخوردها", ("admin", "pr_staff", "manager", "city")),
    ("feedback.inbox", "کارتابل", ("admin", "pr_staff", "manager", "city")),
    ("directory.officials", "مدیران", ("admin", "pr_staff", "manager", "city")),
    ("reports.index", "گزارش‌ها", None),
    ("exports.index", "خروجی‌ها", None),
    ("admin.index", "مدیریت", ("admin",)),
    ("help.index", "راهنما", None),
]


@bp.app_context_processor
def navigation():
    """Give templates the navigation items the signed-in user may see."""

    def nav_items():
        kept = current_app.extensions.setdefault("nav_items", {})
        key = (current_user.role, request.endpoint or "", request.script_root)
        if key not in kept:  # the same for every request of a role on a page: made once per process
            kept[key] = _nav_items(*key[:2])
        return kept[key]

    return {"nav_items": nav_items}


def _nav_items(role: str, here: str) -> list[dict]:
    items = []
    exact = any(endpoint == here for endpoint, _, _ in NAV)
    for endpoint, label, roles in NAV:
        if endpoint not in current_app.view_functions:
            continue
        if roles is not None and role not in roles:
            continue
        # The item for this very page wins; otherwise the area's item lights up.
        active = endpoint == here if exact else here.split(".")[0] == endpoint.split(".")[0]
        items.append({"url": url_for(endpoint), "label": label, "active": active})
    return items


@bp.route("/")
@login_required
def index():
    """Show the dashboard: coverage, this month's events, the coming week, open feedback, unvisited households."""
    if current_user.role == "viewer":
        return redirect(url_for("reports.index"))
    district_id = current_district_id()
    return render_template("main/index.html", listing=kept_page_part(
        "dashboard", district_id, lambda: _dashboard(district_id), lifetime=LIFETIME))


def _dashboard(district_id: int) -> str:
    """Count and render the dashboard's numbers and lists for the reader."""
    today = today_tehran()
    jy, jm = jalali_year_month(today)
    month_start, month_end = month_range(jy, jm)
    campaign = active_campaign(district_id, today)
    months = request.args.get("months", default=6, type=int)
    months = months if months in (3, 6, 12) else 6
    department_id = current_user.department_id if current_user.role == "manager" else None
    numbers = count_numbers(district_id, department_id, campaign, months, today)
    rows = numbers.coverage
    return render_template(
        "main/_dashboard.html",
        today=today,
        month_label=format_jalali(today, "month"),
        campaign=campaign,
        ended_campaigns=ended_active_campaigns(district_id, today),
        coverage=rows,
        untouched=sum(1 for r in rows if r.untouched),
        month_events=queries.events_between(district_id, month_start, month_end),
        week_plan=queries.events_between(district_id, *queries.coming_week(today), status="planned"),
        feedback_items=queries.open_feedback(district_id, department_id),
        overdue_count=numbers.overdue_count,
        open_count=numbers.open_count,
        commitments=queries.open_commitments(district_id),
        unlogged=queries.unlogged_visits(district_id, today),
        unlogged_count=numbers.unlogged_count,
        yesterday=today - timedelta(days=1),
        unvisited=numbers.gaps,
        counted_at=numbers.counted_at,
        lifetime=LIFETIME,
        months=months,
        upcoming_occasions=upcoming(district_id, today),
    )


@bp.route("/me")
@login_required
def me():
    """Show the signed-in official their commitments and what became of their visits' feedback."""
    official = official_of(current_user)
    return render_template(
        "main/me.html", official=official, today=today_tehran(),
        commitments=commitments_of(official) if official else [],
        feedback=feedback_of_visits(official) if official else [],
    )
