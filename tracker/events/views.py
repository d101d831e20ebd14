"""Views of the events area: list, fast entry, detail with feedback rows, quick actions, calendar."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import false, select
from sqlalchemy.orm import selectinload

from tracker import audit
from tracker.auth.access import READERS, WRITERS, get_in_district, roles_required
from tracker.auth.scope import current_district_id
from tracker.campaigns.services import current_campaign, current_phase
from tracker.events import forms, services
from tracker.events.services import EventData, EventError
from tracker.extensions import db
from tracker.feedback import services as feedback_services
from tracker.kept import kept_page_part
from tracker.lists import choices
from tracker.lists.choices import official_sort_key
from tracker.lists.events import event_rows
from tracker.models import Campaign, Commitment, District, Event, FeedbackItem, Official, Phase
from tracker.models.base import key_contains
from tracker.persian.dates import MONTH_NAMES, WEEKDAY_NAMES, add_months, jalali_str, jalali_year_month, today_tehran
from tracker.persian.digits import format_number
from tracker.persian.text import search_key
from tracker.web.flow import ConfirmForm, confirm_and_delete, edit_page, save_or_report
from tracker.web.paging import keyset_page

bp = Blueprint("events", __name__, url_prefix="/events")

PAGE_SIZE = 25


def _phases():
    return db.session.scalars(
        select(Phase).join(Campaign).where(Campaign.live_where(current_district_id()))
        .order_by(Phase.campaign_id, Phase.number)
    ).all()


@bp.route("/")
@roles_required(*READERS)
def index():
    """List the district's events with filters, newest first, one keyset page at a time."""
    district_id = current_district_id()
    listing = kept_page_part("events", district_id, lambda: _listing(district_id))
    return render_template("events/index.html", listing=listing)


def _listing(district_id: int) -> str:
    """Render the filters, the page of events and the pager that the request's query asks for."""
    form = forms.FilterForm(request.args)
    form.fill_choices(choices.campaigns(district_id), choices.neighborhoods(district_id))
    stmt = event_rows(form.to_filter(district_id))
    if not form.validate():
        stmt = stmt.where(false())  # a filter with an error lists nothing until it is fixed
    page = keyset_page(stmt, [Event.held_on, Event.id],
                       after=request.args.get("after"), limit=PAGE_SIZE, descending=form.sort.data != "asc")
    return render_template("events/_list.html", form=form, page=page)


def _event_form(event=None):
    form = forms.EventForm(obj=event)
    district_id = current_district_id()
    form.fill_choices(choices.campaigns(district_id), _phases(), choices.neighborhoods(district_id))
    if event is not None and request.method == "GET":
        form.official_ids.data = [o.id for o in event.officials]
        form.household_ids.data = [h.id for h in event.households]
    return form


def _form_data(form) -> dict:
    """Return every field of the event form, named as EventData names them."""
    return dict(
        kind=form.kind.data, status=form.status.data, campaign_id=form.campaign_id.data,
        phase_id=form.phase_id.data, neighborhood_id=form.neighborhood_id.data,
        held_on=form.held_on.data, start_time=form.start_time.data,
        duration_minutes=form.duration_minutes.data, title=form.title.data,
        minutes=(form.minutes.data or "").strip() or None,
        official_ids=form.official_ids.data, household_ids=form.household_ids.data,
        version=int(form.version.data) if str(form.version.data or "").isdigit() else None,
        confirm_outside_dates=form.confirm_outside_dates.data,
    )


def _save_event(form, save, warned: list):
    """Return a write that runs save, noting when it stopped at an unconfirmed date outside the campaign's."""
    def write():
        try:
            return save()
        except services.OutsideDates:
            warned.append(True)
            raise

    return write


def _render_form(form, event=None, warned=False):
    district_id = current_district_id()
    chosen_officials = services.officials_by_ids(form.official_ids.data or [], district_id)
    chosen_households = services.households_by_ids(form.household_ids.data or [], district_id)
    phase_campaigns = {p.id: p.campaign_id for p in _phases()}
    return render_template(
        "events/form.html", form=form, event=event, chosen_officials=chosen_officials,
        chosen_households=chosen_households, phase_campaigns=phase_campaigns,
        outside_dates=warned or form.confirm_outside_dates.data,
    )


def _preselect(form) -> None:
    """Fill a new event from the link that opened it (campaign, phase, neighborhood, household, day).

    Without a campaign in the link, the running campaign is chosen; the phase is the one whose
    dates include the visit's day.
    """
    district_id = current_district_id()
    today = today_tehran()
    asked = {name: request.args.get(name, type=int) for name in ("campaign_id", "phase_id", "household_id",
                                                                  "neighborhood_id")}
    households = services.households_by_ids([asked["household_id"]] if asked["household_id"] else [], district_id)
    if asked["campaign_id"]:
        campaign = get_in_district(Campaign, asked["campaign_id"])
    else:
        campaign = current_campaign(district_id, today)
    # At a family's door the visit is today's; the calendar's "+" passes its own day, and a visit
    # planned for a campaign (or a phase) that has not begun is put on its first day.
    day = today
    if campaign is not None:
        chosen = [p for p in campaign.phases if p.id == asked["phase_id"]]
        day = max(today, chosen[0].window[0] if chosen else campaign.starts_on)
        phase = chosen[0] if chosen else current_phase(campaign, day)
        form.campaign_id.data = campaign.id
        form.phase_id.data = phase.id if phase else None
    neighborhood_id = asked["neighborhood_id"] or (households[0].neighborhood_id if households else None)
    if neighborhood_id in {value for value, _ in choices.neighborhoods(district_id)}:
        form.neighborhood_id.data = neighborhood_id
    form.household_ids.data = [h.id for h in households]
    form.held_on.process_formdata([request.args.get("d") or jalali_str(day)])


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new():
    """Plan or log an event with the fast entry form; a date outside the campaign's must be confirmed."""
    form = _event_form()
    if request.method == "GET":
        _preselect(form)
    warned = []
    save = _save_event(form, lambda: services.create_event(current_district_id(), EventData(**_form_data(form)),
                                                           actor=current_user), warned)
    return edit_page(
        form, save, success="رویداد ثبت شد.", back=lambda event: url_for("events.detail", event_id=event.id),
        errors=(EventError,), render=lambda: _render_form(form, warned=bool(warned)),
    )


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(event_id):
    """Change an event; a new date outside the campaign's must be confirmed."""
    event = get_in_district(Event, event_id)
    form = _event_form(event)
    warned = []
    save = _save_event(form, lambda: services.update_event(event, _form_data(form), actor=current_user), warned)
    return edit_page(
        form, save, success="تغییرات رویداد ذخیره شد.", back=url_for("events.detail", event_id=event.id),
        errors=(EventError,), render=lambda: _render_form(form, get_in_district(Event, event_id), bool(warned)),
    )


def _detail_forms(event, rows_form=None, commitment_form=None, done_form=None, shown=True):
    fresh_rows = rows_form is None
    rows_form = rows_form or forms.FeedbackRowsForm(prefix="fb", formdata=None)
    if shown:  # a blank row to type in; never added before validation, where it would be refused
        rows_form.keep_a_blank_row(more="fb-more" in request.form)
    rows_form.fill_choices(choices.topics(event.district_id), event.households,
                           choices.departments(event.district_id), fresh=fresh_rows)
    fresh = commitment_form is None
    commitment_form = commitment_form or forms.CommitmentForm(prefix="cm", formdata=None)
    commitment_form.fill_choices(sorted(event.officials, key=lambda o: official_sort_key(o.name)), event.households,
                                fresh=fresh)
    return {
        "rows_form": rows_form, "commitment_form": commitment_form,
        "done_form": done_form or forms.DoneForm(prefix="done", formdata=None),
        "refer_form": ConfirmForm(prefix="ra", formdata=None),
    }


def _render_detail(event, status=200, **forms_):
    feedback = db.session.scalars(
        select(FeedbackItem).where(FeedbackItem.event_id == event.id, FeedbackItem.deleted_at.is_(None))
        .options(selectinload(FeedbackItem.topic), selectinload(FeedbackItem.household),
                 selectinload(FeedbackItem.department))
        .order_by(FeedbackItem.id)
    ).all()
    commitments = db.session.scalars(
        select(Commitment).where(Commitment.event_id == event.id, Commitment.deleted_at.is_(None))
        .options(selectinload(Commitment.official), selectinload(Commitment.household))
        .order_by(Commitment.due_on, Commitment.id)
    ).all()
    return render_template(
        "events/detail.html", event=event, feedback=feedback, commitments=commitments,
        unreferred=sum(1 for f in feedback if f.status == "new"),
        can_write=current_user.role in WRITERS, **_detail_forms(event, **forms_),
    ), status


@bp.route("/<int:event_id>")
@roles_required(*READERS)
def detail(event_id):
    """Show an event with its officials, households, feedback and commitments."""
    event = get_in_district(Event, event_id)
    if event.households:
        audit.read("event", event, count=len(event.households))  # the households' names and phones
    return _render_detail(event)


@bp.route("/<int:event_id>/feedback", methods=["POST"])
@roles_required(*WRITERS)
def add_feedback(event_id):
    """Record several feedback rows at once: all of them or none."""
    event = get_in_district(Event, event_id)
    rows_form = forms.FeedbackRowsForm(prefix="fb")
    _detail_forms(event, rows_form=rows_form, shown=False)
    if "fb-more" in request.form:  # "more rows" without a script: show the rows again, one more, unsaved
        return _render_detail(event, rows_form=rows_form)
    if rows_form.validate_on_submit():
        filled = rows_form.filled_rows()
        rows = [
            services.FeedbackRow(kind=r.kind.data, text=r.text.data, topic_id=r.topic_id.data,
                                 household_id=r.household_id.data, department_id=r.department_id.data,
                                 priority=r.priority.data)
            for r in filled
        ]
        if not rows:
            flash("هیچ ردیفی پر نشده است.", "warning")
            return redirect(url_for("events.detail", event_id=event.id))
        done = save_or_report(
            rows_form, lambda: services.add_feedback_rows(event, rows, actor=current_user),
            success=_saved_message,
            back=url_for("events.detail", event_id=event.id) + "#feedback", errors=(EventError,),
            error_form=lambda error: filled[error.row] if error.row is not None else rows_form,
        )
        if done is not None:
            return done
    return _render_detail(get_in_district(Event, event_id), 422, rows_form=rows_form)


def _saved_message(items) -> str:
    """Say how many items were recorded, and how many of them were referred on the way."""
    referred = sum(1 for item in items if item.status == "referred")
    waiting = len(items) - referred
    message = f"{format_number(len(items))} بازخورد ثبت شد"
    if referred:
        message += f"؛ {format_number(referred)} مورد به معاونت مسئول ارجاع شد"
    if waiting:
        message += f"؛ {format_number(waiting)} مورد معاونتی ندارد و در انتظار ارجاع روابط عمومی است"
    return message + "."


@bp.route("/<int:event_id>/refer-all", methods=["POST"])
@roles_required(*WRITERS)
def refer_all(event_id):
    """Refer every unreferred feedback item of the event that has a department: all of them or none."""
    event = get_in_district(Event, event_id)
    back = url_for("events.detail", event_id=event.id) + "#feedback"
    if not ConfirmForm(prefix="ra").validate_on_submit():
        abort(400)
    try:
        done = feedback_services.refer_all(event, current_user)
    except feedback_services.ActionForbidden:
        db.session.rollback()
        abort(403)
    except (feedback_services.FeedbackError, feedback_services.WorkflowError) as error:
        db.session.rollback()
        flash(f"{error} هیچ بازخوردی ارجاع نشد.", "danger")
        return redirect(back)
    db.session.commit()
    if done.referred:
        flash(f"{format_number(len(done.referred))} بازخورد ارجاع شد.", "success")
    if done.without_department:
        numbers = "، ".join(format_number(item.id) for item in done.without_department)
        flash(f"بازخوردهای {numbers} معاونتی ندارند؛ آن‌ها را از صفحهٔ خودشان ارجاع دهید.", "warning")
    if not done.referred and not done.without_department:
        flash("بازخورد ارجاع‌نشده‌ای در این دیدار نیست.", "info")
    return redirect(back)


@bp.route("/<int:event_id>/commitments", methods=["POST"])
@roles_required(*WRITERS)
def add_commitment(event_id):
    """Record a promise an attending official made."""
    event = get_in_district(Event, event_id)
    form = forms.CommitmentForm(prefix="cm")
    _detail_forms(event, commitment_form=form)
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.add_commitment(event, official_id=form.official_id.data, text=form.text.data,
                                                  due_on=form.due_on.data, household_id=form.household_id.data,
                                                  actor=current_user),
            success="تعهد ثبت شد.", back=url_for("events.detail", event_id=event.id) + "#commitments",
            errors=(EventError,),
        )
        if done is not None:
            return done
    return _render_detail(get_in_district(Event, event_id), 422, commitment_form=form)


@bp.route("/<int:event_id>/done", methods=["POST"])
@roles_required(*WRITERS)
def done(event_id):
    """Mark a planned event as held, with its minutes."""
    event = get_in_district(Event, event_id)
    form = forms.DoneForm(prefix="done")
    if not form.validate_on_submit():  # minutes past their limit, or with a control character
        return _render_detail(event, 422, done_form=form)
    done = save_or_report(
        form, lambda: services.mark_done(event, (form.minutes.data or "").strip() or None, actor=current_user),
        success="رویداد انجام‌شده ثبت شد.", back=url_for("events.detail", event_id=event.id), errors=(EventError,),
    )
    return done or _render_detail(get_in_district(Event, event_id), 422, done_form=form)


def _confirm(event_id, action: str, service, message: str, done_url=None):
    event = get_in_district(Event, event_id)
    form = forms.ConfirmForm()
    detail_url = url_for("events.detail", event_id=event_id)
    return confirm_and_delete(
        form, lambda: service(event, actor=current_user), success=message, back=done_url or detail_url,
        refused=detail_url, errors=(EventError,),
        render=lambda: render_template("events/confirm.html", event=event, form=form, action=action),
    )


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@roles_required(*WRITERS)
def cancel(event_id):
    """Ask for confirmation, then cancel a planned event."""
    return _confirm(event_id, "cancel", services.cancel_event, "رویداد لغو شد.")


@bp.route("/<int:event_id>/delete", methods=["GET", "POST"])
@roles_required(*WRITERS)
def delete(event_id):
    """Ask for confirmation, then hide the event (soft delete)."""
    return _confirm(event_id, "delete", services.delete_event, "رویداد حذف شد.", url_for("events.index"))


@bp.route("/date-preview")
@roles_required(*READERS)
def date_preview():
    """Describe a typed Jalali date as JSON for the form's live preview."""
    district = db.session.get(District, current_district_id())
    return jsonify(services.date_preview(request.args.get("d"), district))


@bp.route("/lookup/officials")
@roles_required(*READERS)
def lookup_officials():
    """Return the district's officials whose names match q, as JSON."""
    typed = request.args.get("q") or ""
    stmt = Official.live_in(current_district_id())
    if search_key(typed):
        stmt = stmt.where(key_contains(Official.name_key, typed))
    officials = sorted(db.session.scalars(stmt.limit(20)).all(), key=lambda o: official_sort_key(o.name))
    return jsonify([
        {"id": o.id, "name": o.name, "title": o.title, "department": o.department.name if o.department else None}
        for o in officials
    ])


@bp.route("/calendar")
@roles_required(*READERS)
def calendar():
    """Show a Jalali month (Saturday first) with its events, weekends and holidays."""
    this_year, this_month = jalali_year_month(today_tehran())
    try:
        year = int(request.args.get("year", this_year))
        month = int(request.args.get("month", this_month))
    except ValueError:
        abort(404)
    if not (1 <= month <= 12 and 1300 <= year <= 1500):
        abort(404)
    district = db.session.get(District, current_district_id())
    weeks = services.month_calendar(district, year, month)
    return render_template(
        "events/calendar.html", weeks=weeks, year=year, month=month,
        prev=add_months(year, month, -1), next=add_months(year, month, 1),
        MONTH_NAMES=MONTH_NAMES, WEEKDAY_NAMES=WEEKDAY_NAMES, can_write=current_user.role in WRITERS,
    )
