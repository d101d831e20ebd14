"""Views of the campaigns area: list, create, edit, detail with coverage, and delete."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.auth.access import READERS, WRITERS, get_in_district, roles_required
from tracker.campaigns import targets as target_list
from tracker.campaigns.forms import TargetAddForm, TargetPickForm, campaign_form, cell_name, planned_for
from tracker.campaigns.services import (
    CampaignError, campaigns_query, coverage, create_campaign, delete_campaign, update_campaign,
)
from tracker.models import Campaign
from tracker.models.choices import CAMPAIGN_STATUSES, HOUSEHOLD_CATEGORIES
from tracker.occasions import queries as occasions
from tracker.persian.dates import JalaliDateError, jalali_year_month, parse_date_any, today_tehran
from tracker.lists import choices
from tracker.reports.queries import ReportFilter, district_neighborhoods, target_list as target_groups
from tracker.web.flow import ConfirmForm, confirm_and_delete, edit_page, report_error, save_or_report
from tracker.web.paging import keyset_page

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")

PAGE_SIZE = 20


@bp.route("/")
@roles_required(*READERS)
def index():
    """List the district's campaigns, newest first, optionally by status."""
    status = request.args.get("status") or None
    if status not in CAMPAIGN_STATUSES:
        status = None
    page = keyset_page(
        campaigns_query(current_user.district_id, status), [Campaign.starts_on, Campaign.id],
        after=request.args.get("after"), limit=PAGE_SIZE,
    )
    return render_template("campaigns/index.html", page=page, status=status, statuses=CAMPAIGN_STATUSES)


def _form_page(form, grid, write, success: str, campaign=None):
    """Save a valid campaign form and go to the campaign, or show the form again with the problem."""
    return edit_page(
        form, write, success=success, errors=(CampaignError,),
        back=lambda saved: url_for("campaigns.detail", campaign_id=saved.id),
        render=lambda: render_template("campaigns/form.html", form=form, grid=grid, campaign=campaign,
                                       categories=HOUSEHOLD_CATEGORIES, cell_name=cell_name),
    )


def _occasion_choices(campaign=None):
    """Return the occasions a campaign may link to, keeping its own link even to a removed occasion."""
    found = occasions.choices(current_user.district_id)
    linked = campaign.calendar_occasion if campaign is not None else None
    if linked is not None and all(c.id != linked.id for c in found):
        found.append((linked.id, linked.title))
    return found


def _planned_occasion() -> dict | None:
    """Return a new campaign's values for the occasion named in ?occasion_id= (and ?on=, its start), if any."""
    occasion_id = request.args.get("occasion_id", type=int)
    occasion = occasions.visible_occasion(current_user.district_id, occasion_id)
    if occasion is None:
        return None
    try:
        on = parse_date_any(request.args["on"]) if request.args.get("on") else None
    except JalaliDateError:
        on = None
    return planned_for(occasions.occurrence_for(occasion, on, today_tehran()))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new():
    """Create a campaign with its phases and targets; ?occasion_id= fills it in for that occasion's dates."""
    grid = district_neighborhoods(current_user.district_id)
    planned = _planned_occasion() if request.method == "GET" else None
    kwargs = {"data": planned} if planned else {}
    form = campaign_form([n for n, _ in grid], occasions=_occasion_choices(), **kwargs)
    return _form_page(form, grid, lambda: create_campaign(current_user.district_id, form.to_data(), current_user),
                      "کمپین ثبت شد.")


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(campaign_id):
    """Change a campaign, its phases and its targets."""
    campaign = get_in_district(Campaign, campaign_id)
    grid = district_neighborhoods(current_user.district_id)
    neighborhoods = [n for n, _ in grid]
    choices = _occasion_choices(campaign)
    form = (campaign_form(neighborhoods, occasions=choices) if request.method == "POST"
            else campaign_form(neighborhoods, campaign, occasions=choices))
    return _form_page(form, grid, lambda: update_campaign(campaign, form.to_data(), current_user),
                      "تغییرات کمپین ذخیره شد.", campaign)


@bp.route("/<int:campaign_id>")
@roles_required(*READERS)
def detail(campaign_id):
    """Show a campaign with its phases, targets and per-neighborhood coverage."""
    campaign = get_in_district(Campaign, campaign_id)
    rows = coverage(campaign)
    totals = {
        cat: {"reached": sum(r.by_category[cat].reached for r in rows),
              "target": sum(r.by_category[cat].target for r in rows)}
        for cat in HOUSEHOLD_CATEGORIES
    }
    summary = {
        "visits": sum(r.visits_done for r in rows),
        "reached": sum(r.households_reached for r in rows),
        "target": sum(r.target_total for r in rows),
        "untouched": sum(1 for r in rows if r.untouched),
    }
    return render_template(
        "campaigns/detail.html", campaign=campaign, rows=rows, totals=totals, summary=summary,
        groups=target_groups(ReportFilter(campaign.district_id, campaign_id=campaign.id)),
        categories=HOUSEHOLD_CATEGORIES, can_write=current_user.role in WRITERS,
        campaign_year=jalali_year_month(campaign.starts_on)[0],
    )


@bp.route("/<int:campaign_id>/delete", methods=["GET", "POST"])
@roles_required(*WRITERS)
def delete(campaign_id):
    """Ask for confirmation, then hide the campaign."""
    campaign = get_in_district(Campaign, campaign_id)
    form = ConfirmForm()
    return confirm_and_delete(
        form, lambda: delete_campaign(campaign, current_user), success="کمپین حذف شد.",
        back=url_for("campaigns.index"),
        render=lambda: render_template("campaigns/delete.html", form=form, campaign=campaign),
    )


# ---- the named target list ------------------------------------------------------------------

def _pick_form(form_class):
    form = form_class(request.args) if form_class is TargetPickForm else form_class()
    form.fill_choices(choices.neighborhoods(current_user.district_id))
    return form


def _targets_page(campaign, form, status=200):
    """Show the target list with the pick's count preview and the households it would add."""
    preview, candidates = None, []
    if form.args() and form.validate():
        try:
            flt = target_list.target_filter(campaign, form.neighborhood_id.data, form.category.data, form.q.data)
        except CampaignError as error:
            report_error(form, error)
        else:
            preview, candidates = target_list.preview(campaign, flt), target_list.not_listed(campaign, flt)
    groups = target_groups(ReportFilter(campaign.district_id, campaign_id=campaign.id))
    return render_template("campaigns/targets.html", campaign=campaign, form=form, preview=preview,
                           candidates=candidates, groups=groups), status


@bp.route("/<int:campaign_id>/targets")
@roles_required(*WRITERS)
def targets(campaign_id):
    """Build a campaign's target list: pick households by neighborhood and category, see how many first."""
    return _targets_page(get_in_district(Campaign, campaign_id), _pick_form(TargetPickForm))


@bp.route("/<int:campaign_id>/targets/add", methods=["POST"])
@roles_required(*WRITERS)
def add_targets(campaign_id):
    """Put the picked households (or the one household sent) on the campaign's target list."""
    campaign = get_in_district(Campaign, campaign_id)
    form = _pick_form(TargetAddForm)
    back = url_for("campaigns.targets", campaign_id=campaign.id, **form.args())
    household_id = request.form.get("household_id", type=int)
    if household_id is not None and form.validate_on_submit():
        done = save_or_report(form, lambda: target_list.add_household(campaign, household_id, current_user),
                              success=lambda h: f"«{h.name}» به فهرست هدف افزوده شد.", back=back,
                              errors=(CampaignError,))
        return done or redirect(back)
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: target_list.add_matching(campaign, target_list.target_filter(
                campaign, form.neighborhood_id.data, form.category.data, form.q.data), current_user),
            success=target_list.added_message, back=back, errors=(CampaignError,))
        if done is not None:
            return done
    return _targets_page(campaign, form, 422)


@bp.route("/<int:campaign_id>/targets/remove", methods=["POST"])
@roles_required(*WRITERS)
def remove_target(campaign_id):
    """Take one household off the campaign's target list."""
    campaign = get_in_district(Campaign, campaign_id)
    form = ConfirmForm()
    back = url_for("campaigns.targets", campaign_id=campaign.id) + "#list"
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: target_list.remove_household(campaign, request.form.get("household_id", type=int),
                                                       current_user),
            success=lambda h: f"«{h.name}» از فهرست هدف برداشته شد.", back=back, errors=(CampaignError,))
        if done is not None:
            return done
    return redirect(back)
