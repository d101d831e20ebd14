"""Report pages and their PDFs: each page and its PDF read the same query function."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker import audit
from tracker.auth.access import READERS, get_in_district, roles_required
from tracker.auth.scope import current_district, current_district_id
from tracker.extensions import db
from tracker.lists import choices
from tracker.lists.choices import official_sort_key
from tracker.lists.feedback import FeedbackFilter
from tracker.models import Campaign, Event, Neighborhood, Official
from tracker.models.people import hidden_household_fields
from tracker.persian.dates import JalaliPeriod, jalali_year_month, now_tehran, today_tehran
from tracker.persian.digits import to_ascii_digits
from tracker.reports import build, charts, forms, queries, sheets
from tracker.reports.downloads import inline_pdf
from tracker.web.fields import applied
from tracker.web.ids import read_id

bp = Blueprint("reports", __name__, url_prefix="/reports")

REPORT_READERS = ("admin", "pr_staff", "manager", "viewer", "city")


def _neighborhood_choices():
    return choices.neighborhoods(current_district_id())


def _campaigns():
    return choices.campaigns(current_district_id())


def _officials():
    """Return the district's officials with their titles, in the order of every officials list."""
    return sorted(db.session.scalars(
        select(Official).where(Official.live_where(current_district_id()))),
        key=lambda o: (official_sort_key(o.name), o.id))


def _range_form(form_class=forms.RangeForm):
    """Return the bound filter form and the ReportFilter it gives (None when the filter has an error)."""
    form = form_class(request.args)
    form.neighborhood.choices = forms.options(_neighborhood_choices(), forms.ANY)
    if hasattr(form, "campaign"):
        form.campaign.choices = forms.options(_campaigns(), forms.ANY)
    if hasattr(form, "department"):
        form.department.choices = forms.options(choices.departments(current_district_id()), forms.ANY)
    flt = None
    if form.validate():
        flt = queries.ReportFilter(current_district_id(), *form.bounds(), form.neighborhood.data,
                                   form.campaign.data if hasattr(form, "campaign") else None)
    return form, flt


def _period_form():
    """Return the bound period form and the Jalali period it names (this month when absent or invalid).

    Older links name a month with ?month=; they still open that month.
    """
    args = request.args.copy()
    if args.get("month") and "period" not in args:
        args["period"] = f"m{to_ascii_digits(args['month']).strip()}"
    form = forms.PeriodForm(args)
    form.neighborhood.choices = forms.options(_neighborhood_choices(), forms.ANY)
    jy, jm = jalali_year_month(today_tehran())
    if args and form.validate() and form.year.data:
        return form, form.to_period()
    if not args:
        form.year.data, form.period.data = jy, f"m{jm}"
    return form, JalaliPeriod(jy, "month", jm)


def _refused(form, title: str):
    """Show the filter with its errors and no report: a report of a filter with an error would mislead."""
    if request.endpoint.endswith("_pdf"):
        # The PDF has no room for the form; the page shows what is wrong with the filter.
        return redirect(url_for(request.endpoint.removesuffix("_pdf"), **request.view_args, **request.args))
    return render_template("reports/filter_error.html", form=form, title=title)


def _context(text: str, pdf_endpoint: str, **ids) -> dict:
    """Return what every report page needs: the filter text, the PDF link, masking and formatters."""
    args = {k: v for k, v in request.args.items() if v and k != "after"}
    return {"filter_text": text, "pdf_url": url_for(pdf_endpoint, **ids, **args),
            "personal": current_user.sees_personal_data, "hidden": hidden_household_fields(current_user),
            "mask": queries.MASK, "charts": charts, "build": build, "response_basis": queries.RESPONSE_BASIS}


@bp.route("/")
@roles_required(*REPORT_READERS)
def index():
    """List the reports with their filter forms."""
    range_form, _ = _range_form()
    ledger_form, _ = _range_form(forms.LedgerForm)
    period_form, _ = _period_form()
    return render_template("reports/index.html", range_form=range_form, ledger_form=ledger_form,
                           month_form=period_form, campaigns=_campaigns(), officials=_officials(),
                           neighborhoods=_neighborhood_choices())


def _who() -> str:
    return current_user.display_name


def _district() -> str:
    return current_district().name


def _names(flt, campaign=None) -> dict:
    nb = db.session.get(Neighborhood, flt.neighborhood_id) if flt.neighborhood_id else None
    return {"neighborhood": nb.name if nb else None, "campaign": campaign.title if campaign else None}


@bp.route("/campaign/<int:campaign_id>")
@bp.route("/campaign/<int:campaign_id>.pdf", endpoint="campaign_pdf")
@roles_required(*REPORT_READERS)
def campaign(campaign_id):
    """Show a campaign's summary report (or its PDF)."""
    obj = get_in_district(Campaign, campaign_id)
    form, flt = _range_form()
    if flt is None:
        return _refused(form, "گزارش " + build.campaign_name(obj.title))
    summary = queries.campaign_summary(obj, flt)
    text = build.filter_text(summary.filter, **_names(summary.filter, obj))
    # The report lists the campaign's target households with their phones and addresses.
    audit.read("campaign", obj, count=summary.listed_households)
    if request.endpoint == "reports.campaign_pdf":
        return inline_pdf(build.campaign_document(summary, text, _district(), _who(), now_tehran(),
                                            masked=not current_user.sees_personal_data), f"campaign-{campaign_id}")
    return render_template("reports/campaign.html", form=form, report=summary, s=summary.sections,
                           trend=summary.trend, **_context(text, "reports.campaign_pdf", campaign_id=campaign_id))


@bp.route("/monthly")
@bp.route("/monthly.pdf", endpoint="monthly_pdf")
@roles_required(*REPORT_READERS)
def monthly():
    """Show the activity report of a Jalali month, season or year (or its PDF), against the period before."""
    form, period = _period_form()
    neighborhood_id = form.neighborhood.data if not form.errors else None
    report = queries.period_activity(current_district_id(), period, neighborhood_id)
    text = build.filter_text(report.filter, **_names(report.filter))
    if request.endpoint == "reports.monthly_pdf":
        name = f"{period.kind}-{period.year}" + (f"-{period.number:02d}" if period.number else "")
        return inline_pdf(build.period_document(report, text, _district(), _who(), now_tehran(),
                                          masked=not current_user.sees_personal_data), name)
    return render_template("reports/monthly.html", form=form, report=report, s=report.sections,
                           trend=report.trend, title=build.period_title(report),
                           **_context(text, "reports.monthly_pdf"))


@bp.route("/neighborhood/<int:neighborhood_id>")
@bp.route("/neighborhood/<int:neighborhood_id>.pdf", endpoint="neighborhood_pdf")
@roles_required(*REPORT_READERS)
def neighborhood(neighborhood_id):
    """Show a neighborhood's profile (or its PDF); contact details masked for viewers."""
    obj = get_in_district(Neighborhood, neighborhood_id)
    form, flt = _range_form()
    if flt is None:
        return _refused(form, "شناسنامهٔ محلهٔ " + obj.name)
    profile = queries.neighborhood_profile(obj, flt)
    text = build.filter_text(profile.filter, neighborhood=obj.name)
    audit.read("neighborhood", obj, count=len(profile.households))
    if request.endpoint == "reports.neighborhood_pdf":
        return inline_pdf(build.neighborhood_document(profile, text, _district(), _who(), now_tehran(),
                                                masked=not current_user.sees_personal_data),
                    f"neighborhood-{neighborhood_id}")
    return render_template("reports/neighborhood.html", form=form, p=profile,
                           **_context(text, "reports.neighborhood_pdf", neighborhood_id=neighborhood_id))


@bp.route("/official/<int:official_id>")
@bp.route("/official/<int:official_id>.pdf", endpoint="official_pdf")
@roles_required(*REPORT_READERS)
def official(official_id):
    """Show an official's activity (or its PDF)."""
    obj = get_in_district(Official, official_id)
    form, flt = _range_form()
    if flt is None:
        return _refused(form, "کارنامهٔ " + obj.name)
    activity = queries.official_activity(obj, flt)
    text = build.filter_text(activity.filter, **_names(activity.filter))
    if request.endpoint == "reports.official_pdf":
        return inline_pdf(build.official_document(activity, text, _district(), _who(), now_tehran(),
                                            masked=not current_user.sees_personal_data), f"official-{official_id}")
    return render_template("reports/official.html", form=form, a=activity,
                           **_context(text, "reports.official_pdf", official_id=official_id))


LEDGER_PAGE = 100


@bp.route("/ledger")
@bp.route("/ledger.pdf", endpoint="ledger_pdf")
@roles_required(*REPORT_READERS)
def ledger():
    """Show the feedback ledger with each item's timeline (the PDF holds every row, streamed)."""
    form, flt = _range_form(forms.LedgerForm)
    if flt is None:
        if request.endpoint == "reports.ledger_pdf":
            return _refused(form, "")
        return render_template("reports/ledger.html", form=form, rows=[], args={}, next_after=None,
                               **_context("", "reports.ledger_pdf"))
    selected = FeedbackFilter(flt.district_id, campaign_id=flt.campaign_id, neighborhood_id=flt.neighborhood_id,
                              received_from=flt.start, received_to=flt.end, status=applied(form.status),
                              kind=applied(form.kind), department_id=applied(form.department))
    kwargs = {"hidden": hidden_household_fields(current_user)}
    campaign_obj = db.session.get(Campaign, flt.campaign_id) if flt.campaign_id else None
    text = build.filter_text(flt, **_names(flt, campaign_obj))
    if request.endpoint == "reports.ledger_pdf":
        rows = list(queries.feedback_ledger(selected, **kwargs))
        audit.read("feedback_item", count=len(rows))
        return inline_pdf(build.ledger_document(rows, text, _district(), _who(), now_tehran(),
                                          masked=not current_user.sees_personal_data), "feedback-ledger")
    after = read_id(request.args.get("after")) or 0
    rows = []
    for row in queries.feedback_ledger(selected, after=after, **kwargs):
        rows.append(row)
        if len(rows) > LEDGER_PAGE:
            break
    more = len(rows) > LEDGER_PAGE
    rows = rows[:LEDGER_PAGE]
    audit.read("feedback_item", count=len(rows))
    args = {k: v for k, v in request.args.items() if k != "after" and v}
    return render_template("reports/ledger.html", form=form, rows=rows, args=args,
                           next_after=rows[-1].id if more else None,
                           **_context(text, "reports.ledger_pdf"))


@bp.route("/visit/<int:event_id>.pdf")
@roles_required(*READERS)
def visit_pdf(event_id):
    """Send a visit's one-page sheet: date, officials, households, minutes, feedback and commitments."""
    sheet = queries.visit_sheet(get_in_district(Event, event_id), hidden_household_fields(current_user))
    return inline_pdf(sheets.visit_document(sheet, _district(), _who(), now_tehran(),
                                      masked=not current_user.sees_personal_data), f"visit-{event_id}")
