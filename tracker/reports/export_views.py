"""Views of the exports: the options page, CSV/XLSX downloads, and the press-release draft."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from tracker import audit
from tracker.auth.access import get_in_district, roles_required
from tracker.auth.scope import current_district, current_district_id
from tracker.extensions import db
from tracker.lists import choices
from tracker.lists.events import EventFilter
from tracker.lists.feedback import FEEDBACK_STATUS_FILTERS, FeedbackFilter
from tracker.lists.households import DEFAULT_MONTHS, MAX_MONTHS, VISIT_STATES, HouseholdFilter
from tracker.models import Campaign, Event, Phase
from tracker.models.choices import EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, HOUSEHOLD_CATEGORIES, label
from tracker.models.limits import QUERY_MAX, TEXT_MAX, TITLE_MAX
from tracker.models.people import hidden_household_fields
from tracker.persian.dates import format_jalali, now_tehran
from tracker.persian.digits import to_persian_digits
from tracker.reports import build, exports, press, queries
from tracker.reports.downloads import download_name
from tracker.reports.pdf import render_pdf
from tracker.web.fields import (
    REQUIRED, CountField, JalaliDateField, SelectField, applied, at_most, optional_int, options,
)
from tracker.web.forms import WebForm, WebSubForm

bp = Blueprint("exports", __name__, url_prefix="/exports")

EVERYONE = ("admin", "pr_staff", "manager", "viewer", "city")
PRESS_ROLES = ("admin", "pr_staff", "manager", "city")
FORMATS = {"csv": exports.CSV_MIMETYPE, "xlsx": exports.XLSX_MIMETYPE}
TOO_LONG = "این متن بیش از اندازه بلند است."


class ExportFilters(WebSubForm):
    """The filters of every export, read from the query string (no CSRF: nothing is written).

    Each listing's filter object is the one its list page and the API build, so an export
    holds exactly the rows those show for the same choices.
    """

    start = JalaliDateField("از تاریخ")
    end = JalaliDateField("تا تاریخ")
    campaign_id = SelectField("پویش", coerce=optional_int)
    neighborhood_id = SelectField("محله", coerce=optional_int)
    q = StringField("جست‌وجو در متن", validators=[at_most(QUERY_MAX)])
    status = SelectField("وضعیت بازخورد", default="")
    kind = SelectField("نوع بازخورد", default="")
    department_id = SelectField("معاونت", coerce=optional_int)
    event_kind = SelectField("نوع رویداد", default="")
    event_status = SelectField("وضعیت رویداد", default="")
    category = SelectField("دستهٔ خانوار", default="")
    name = StringField("نام یا نام شهید", validators=[at_most(QUERY_MAX)])
    visit = SelectField("وضعیت دیدار", default="")
    months = CountField("چند ماه", render_kw={"inputmode": "numeric", "dir": "ltr",
                                              "placeholder": to_persian_digits(DEFAULT_MONTHS)})

    def __init__(self, formdata, district_id: int):
        super().__init__(formdata)
        self.campaign_id.choices = options(choices.campaigns(district_id), "همه")
        self.neighborhood_id.choices = options(choices.neighborhoods(district_id), "همه")
        self.department_id.choices = options(choices.departments(district_id), "همه")
        self.status.choices = options(FEEDBACK_STATUS_FILTERS.items(), "همه")
        self.kind.choices = options(FEEDBACK_KINDS.items(), "همه")
        self.event_kind.choices = options(EVENT_KINDS.items(), "همه")
        self.event_status.choices = options(EVENT_STATUSES.items(), "همه")
        self.category.choices = options(HOUSEHOLD_CATEGORIES.items(), "همه")
        self.visit.choices = options(VISIT_STATES.items(), "همه")

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("تاریخ پایان باید پس از تاریخ شروع باشد.")

    def validate_months(self, field):
        if field.data is not None and not 1 <= field.data <= MAX_MONTHS:
            raise ValidationError(f"عددی از ۱ تا {to_persian_digits(MAX_MONTHS)} بنویسید.")

    def feedback_filter(self, district_id: int) -> FeedbackFilter:
        """Return the feedback ledger's filter."""
        return FeedbackFilter(district_id, q=applied(self.q), campaign_id=applied(self.campaign_id),
                              neighborhood_id=applied(self.neighborhood_id), kind=applied(self.kind),
                              status=applied(self.status), department_id=applied(self.department_id),
                              received_from=applied(self.start), received_to=applied(self.end))

    def event_filter(self, district_id: int) -> EventFilter:
        """Return the events listing's filter."""
        return EventFilter(district_id, campaign_id=applied(self.campaign_id),
                           neighborhood_id=applied(self.neighborhood_id), kind=applied(self.event_kind),
                           status=applied(self.event_status), held_from=applied(self.start),
                           held_to=applied(self.end))

    def household_filter(self, district_id: int) -> HouseholdFilter:
        """Return the households listing's filter (households have no dates or campaign)."""
        return HouseholdFilter(district_id, q=applied(self.name), neighborhood_id=applied(self.neighborhood_id),
                               category=applied(self.category), visit_state=applied(self.visit),
                               months=applied(self.months) or DEFAULT_MONTHS)


def _filters() -> tuple[ExportFilters, bool]:
    """Return the filters read from the query string and whether they are valid."""
    form = ExportFilters(request.args, current_district_id())
    return form, form.validate()


def _options_page(form: ExportFilters, status: int = 200):
    return render_template("exports/index.html", form=form), status


def _send(export: exports.Export, fmt: str) -> Response:
    """Return the export as a streamed download."""
    chunks = exports.csv_chunks(export) if fmt == "csv" else exports.xlsx_chunks(export)
    response = Response(stream_with_context(chunks), content_type=FORMATS[fmt])
    filename = download_name(export.name, fmt)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        abort(404)
    return fmt


@bp.route("/")
@roles_required(*EVERYONE)
def index():
    """Show the export options: filters, and a CSV and an Excel button per listing."""
    return _options_page(ExportFilters(request.args, current_district_id()))


@bp.route("/feedback.<fmt>")
@roles_required(*EVERYONE)
def feedback(fmt: str):
    """Download the feedback ledger with the chosen filters."""
    fmt = _format(fmt)
    form, valid = _filters()
    if not valid:
        return _options_page(form, 400)
    export = exports.feedback_export(form.feedback_filter(current_district_id()))
    # The rows stream after this view returns, so the read is recorded (and committed) first.
    audit.read("feedback_item", count=export.row_count, filters={**export.filters, "format": fmt})
    return _send(export, fmt)


@bp.route("/events.<fmt>")
@roles_required(*EVERYONE)
def events(fmt: str):
    """Download the events listing with the chosen campaign, neighborhood, kind, status and date range."""
    fmt = _format(fmt)
    form, valid = _filters()
    if not valid:
        return _options_page(form, 400)
    return _send(exports.events_export(form.event_filter(current_district_id())), fmt)


@bp.route("/households.<fmt>")
@roles_required(*EVERYONE)
def households(fmt: str):
    """Download the households; contact fields only for roles that may see them, and audited."""
    fmt = _format(fmt)
    form, valid = _filters()
    if not valid:
        return _options_page(form, 400)
    hidden = hidden_household_fields(current_user)
    export = exports.households_export(form.household_filter(current_district_id()), hidden=hidden)
    # The rows stream after this view returns, so the read is recorded (and committed) first.
    audit.read("household", count=export.row_count, filters={**export.filters, "format": fmt})
    return _send(export, fmt)


# -- press-release draft ---------------------------------------------------------------


class PressDraftForm(WebForm):
    """The editable draft; the button pressed picks the download format."""

    title = TextAreaField("تیتر", validators=[DataRequired(REQUIRED), Length(max=300, message=TOO_LONG)],
                          render_kw={"rows": 2})
    lead = TextAreaField("لید", validators=[DataRequired(REQUIRED)], render_kw={"rows": 5})
    body = TextAreaField("متن خبر", render_kw={"rows": 12})
    as_text = SubmitField("دریافت متن")
    as_pdf = SubmitField("دریافت PDF")


class PressTemplateForm(WebForm):
    """The district's press-release template: a title template and a body template."""

    title = TextAreaField("قالب تیتر", validators=[DataRequired(REQUIRED), at_most(TITLE_MAX)],
                          render_kw={"rows": 2, "dir": "rtl"})
    body = TextAreaField("قالب متن (بند نخست، لید خبر است)", validators=[DataRequired(REQUIRED), at_most(TEXT_MAX)],
                         render_kw={"rows": 16, "dir": "rtl"})


def _press_source():
    """Return (facts, source description) for the campaign/phase or event in the query string, or None."""
    event_id = request.args.get("event_id", type=int)
    campaign_id = request.args.get("campaign_id", type=int)
    if event_id:
        event = get_in_district(Event, event_id)
        facts = queries.press_facts(event.campaign, event=event)
        # Not the event's title: staff often title a visit with the family's name.
        return facts, f"{label(event.kind, 'event_kind')} در {event.neighborhood.name}، {format_jalali(event.held_on)}"
    if campaign_id:
        campaign = get_in_district(Campaign, campaign_id)
        phase = None
        if phase_id := request.args.get("phase_id", type=int):
            phase = db.session.get(Phase, phase_id)
            if phase is None or phase.campaign_id != campaign.id:
                abort(404)
        facts = queries.press_facts(campaign, phase=phase)
        return facts, build.campaign_name(campaign.title) + (f"، {phase.title}" if phase else "")
    return None


def _press_choices():
    """Return the district's campaigns (with phases) and latest events to draft from."""
    campaigns = db.session.scalars(
        select(Campaign).where(Campaign.live_where(current_district_id()))
        .order_by(Campaign.starts_on.desc(), Campaign.id.desc()).limit(50)
    ).all()
    events = db.session.scalars(
        select(Event).where(Event.live_where(current_district_id()),
                            Event.status == "done")
        .order_by(Event.held_on.desc(), Event.id.desc()).limit(50)
    ).all()
    return campaigns, events


@bp.route("/press", methods=["GET", "POST"])
@roles_required(*PRESS_ROLES)
def press_draft():
    """Show an editable news draft of a campaign phase or a visit; download it as text or PDF."""
    source = _press_source()
    if source is None:
        campaigns, events = _press_choices()
        return render_template("reports/press_choose.html", campaigns=campaigns, events=events)
    facts, source_text = source
    district = current_district()
    form = PressDraftForm()
    if request.method == "GET":
        draft = press.draft_from_facts(facts, current_district_id(), district.name)
        form.title.data, form.lead.data, form.body.data = draft.title, draft.lead, draft.body
    elif form.validate_on_submit():
        draft = press.Draft(" ".join(form.title.data.split()), form.lead.data.strip(),
                            (form.body.data or "").replace("\r\n", "\n").strip())
        if form.as_pdf.data:
            doc = press.press_document(draft, district.name, source_text,
                                       current_user.display_name,
                                       now_tehran().replace(tzinfo=None))
            return _download(render_pdf(doc), "application/pdf", "pdf")
        return _download(draft.text().encode("utf-8"), "text/plain; charset=utf-8", "txt")
    return render_template("reports/press.html", form=form, facts=facts, source_text=source_text)


def _download(data: bytes, mimetype: str, ext: str) -> Response:
    response = Response(data, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name("press-release", ext)}"'
    return response


@bp.route("/press/template", methods=["GET", "POST"])
@roles_required("admin")
def press_template():
    """Let the admin edit the district's press-release template (stored on the first save)."""
    form = PressTemplateForm()
    if request.method == "GET":
        form.title.data, form.body.data = press.template_sources(current_district_id())
    elif form.validate_on_submit():
        try:
            press.save_template(current_district_id(), form.title.data.strip(),
                                form.body.data.replace("\r\n", "\n").strip() + "\n", current_user)
        except press.PressTemplateError as error:
            db.session.rollback()
            target = getattr(form, error.field)
            target.errors = [*list(target.errors), str(error)]
        else:
            db.session.commit()
            flash("قالب خبر ذخیره شد.", "success")
            return redirect(url_for("exports.press_template"))
    return render_template("reports/press_template.html", form=form, placeholders=press.PLACEHOLDERS,
                           saved=press.stored_template(current_district_id()) is not None)
