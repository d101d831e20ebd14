"""City-wide pages: the district switcher, the city dashboard and the city reports with a row per district."""
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import HiddenField, SelectField

from tracker.kept import kept_page_part
from tracker.web.forms import WebForm
from tracker.auth.access import roles_required
from tracker.auth.scope import CITY_ROLES, all_districts, choose_district, current_district_id, reads_every_district
from tracker.city import documents
from tracker.city.queries import city_comparison, feedback_summary
from tracker.persian.dates import JalaliPeriod, jalali_year_month, now_tehran, today_tehran
from tracker.persian.digits import to_persian_digits
from tracker.reports import charts, forms
from tracker.reports.downloads import inline_pdf

bp = Blueprint("city", __name__, url_prefix="/city")


def district_label(number: int) -> str:
    """Return a district's short Persian name, e.g. «منطقه ۲۱»."""
    return f"منطقه {to_persian_digits(number)}"


class SwitchForm(WebForm):
    """The navbar's district switcher."""

    district_id = SelectField("منطقه", coerce=int)
    next = HiddenField()


@bp.app_context_processor
def switcher():
    """Give the navbar the district switcher when the signed-in user reads every district."""

    def district_switcher():
        if not getattr(current_user, "is_authenticated", False) or not reads_every_district(current_user):
            return None
        form = SwitchForm(district_id=current_district_id(), next=_here())
        form.district_id.choices = [(d.id, district_label(d.number)) for d in all_districts()]
        return form

    return {"district_switcher": district_switcher}


def _here() -> str:
    """Return where to come back to after switching: this list page, or the dashboard from a record's page."""
    if request.endpoint and not request.view_args and request.method == "GET":
        return url_for(request.endpoint)
    return url_for("main.index")


def _local(target: str | None) -> str:
    """Return target if it is a path on this site, else the dashboard (no open redirect)."""
    parts = urlsplit(target or "")
    if not target or parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("main.index")
    return target


@bp.route("/district", methods=["POST"])
@roles_required(*CITY_ROLES)
def switch():
    """Show another district: remember it for this sign-in, then go back."""
    form = SwitchForm()
    form.district_id.choices = [(d.id, district_label(d.number)) for d in all_districts()]
    if not form.validate() or not choose_district(form.district_id.data):
        flash("این منطقه در سامانه نیست؛ منطقهٔ پیشین نمایش داده می‌شود.", "warning")
        return redirect(url_for("main.index"))
    label = dict(form.district_id.choices)[form.district_id.data]
    flash(f"اکنون دادهٔ {label} را می‌بینید.", "success")
    return redirect(_local(form.next.data))


@dataclass(frozen=True)
class Measure:
    """A figure the dashboard's district-by-month table can show."""

    label: str
    attr: str
    percent: bool = False


MEASURES = {
    "visits": Measure("دیدارها", "visits"),
    "coverage": Measure("پوشش هدف", "coverage", percent=True),
    "feedback": Measure("بازخوردهای دریافتی", "feedback"),
    "on_time": Measure("پاسخ به‌موقع", "on_time_percent", percent=True),
    "overdue": Measure("سررسیدگذشته‌ها", "overdue"),
}


def _period() -> tuple[forms.PeriodForm, JalaliPeriod]:
    """Return the bound period form and its period (this Jalali year when absent or invalid)."""
    form = forms.PeriodForm(request.args)
    del form.neighborhood  # a neighborhood belongs to one district: the city pages compare whole districts
    if request.args.get("year") and form.validate() and form.year.data:
        return form, form.to_period()
    jy, _ = jalali_year_month(today_tehran())
    if not request.args.get("year"):
        form.year.data, form.period.data = jy, ""
    return form, JalaliPeriod(jy)


def _who() -> str:
    return current_user.display_name


def _pdf_url(endpoint: str) -> str:
    return url_for(endpoint, **{k: v for k, v in request.args.items() if v})


@bp.route("/")
@roles_required(*CITY_ROLES)
def dashboard():
    """Compare the districts per Jalali month: visits, coverage, feedback, on-time share, overdue items."""
    # Kept by one stamp standing for every district's data: any district's write shows at once.
    return render_template("city/dashboard.html", listing=kept_page_part("city", None, _comparison))


def _comparison() -> str:
    """Count and render the comparison of the districts over the period asked for."""
    form, period = _period()
    comparison = city_comparison(period, today_tehran())
    labels = {row.district_id: district_label(row.number) for row in comparison.rows}
    measure = request.args.get("measure") if request.args.get("measure") in MEASURES else "visits"
    return render_template("city/_dashboard.html", form=form, c=comparison, labels=labels, charts=charts,
                           measures=MEASURES, measure=measure,
                           visits_chart=documents.visits_chart(comparison, labels),
                           on_time_chart=documents.on_time_chart(comparison, labels))


@bp.route("/report")
@bp.route("/report.pdf", endpoint="report_pdf")
@roles_required(*CITY_ROLES)
def report():
    """Show the city's activity over a Jalali period with a row per district (or its PDF)."""
    form, period = _period()
    today = today_tehran()
    comparison = city_comparison(period, today)
    previous = city_comparison(period.previous(), today)
    labels = {row.district_id: district_label(row.number) for row in comparison.rows}
    if request.endpoint == "city.report_pdf":
        doc = documents.activity_document(comparison, previous, labels, _who(), now_tehran())
        return inline_pdf(doc, f"city-{period.kind}-{period.year}" + (f"-{period.number:02d}" if period.number else ""),
                          dated=False)
    return render_template("city/report.html", form=form, c=comparison, previous=previous, labels=labels,
                           month_rows=list(zip(comparison.months, comparison.month_totals)),
                           title=documents.activity_title(period), pdf_url=_pdf_url("city.report_pdf"))


@bp.route("/feedback")
@bp.route("/feedback.pdf", endpoint="feedback_pdf")
@roles_required(*CITY_ROLES)
def feedback():
    """Show the feedback summary of a Jalali period with a row per district (or its PDF)."""
    form, period = _period()
    summary = feedback_summary(period, today_tehran())
    labels = {row.district_id: district_label(row.number) for row in summary.rows}
    if request.endpoint == "city.feedback_pdf":
        doc = documents.feedback_document(summary, labels, _who(), now_tehran())
        return inline_pdf(doc, f"city-feedback-{period.year}" + (f"-{period.kind}-{period.number:02d}"
                                                                 if period.number else ""), dated=False)
    return render_template("city/feedback.html", form=form, s=summary, labels=labels, cells=documents.feedback_cells,
                           title=documents.feedback_title(period), pdf_url=_pdf_url("city.feedback_pdf"))

