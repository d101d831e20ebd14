"""Views of the households area: list, detail, create/edit with the duplicate check, delete, look-up."""
from flask import Blueprint, jsonify, render_template, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from tracker import audit
from tracker.auth.access import READERS, WRITERS, get_in_district, roles_required
from tracker.auth.scope import current_district_id
from tracker.households import queries
from tracker.households.forms import DeleteForm, HouseholdForm
from tracker.kept import kept, page_vary
from tracker.web.safe_output import Rendered
from tracker.households.services import (
    DuplicateHousehold, HouseholdError, create_household, delete_household, update_household,
)
from tracker.lists import choices
from tracker.lists.households import DEFAULT_MONTHS, MAX_MONTHS, VISIT_STATES, HouseholdFilter
from tracker.models import Household
from tracker.models.choices import HOUSEHOLD_CATEGORIES, label
from tracker.persian.dates import today_tehran
from tracker.persian.digits import to_persian_digits
from tracker.persian.digits import read_number
from tracker.web.flow import confirm_and_delete, edit_page
from tracker.web.paging import Page

bp = Blueprint("households", __name__, url_prefix="/households")

PAGE_SIZE = 50


def _int_arg(name: str, default=None):
    """Return a query-string integer typed in any digits, or default when absent or unreadable."""
    try:
        return read_number(request.args.get(name))
    except ValueError:
        return default


def _filter() -> HouseholdFilter:
    """Read the list's filters from the query string, ignoring values that are not offered."""
    category = request.args.get("category") or None
    visit = request.args.get("visit") or None
    months = _int_arg("months", DEFAULT_MONTHS)
    return HouseholdFilter(
        current_district_id(),
        q=(request.args.get("q") or "").strip(),
        neighborhood_id=_int_arg("neighborhood_id"),
        category=category if category in HOUSEHOLD_CATEGORIES else None,
        visit_state=visit if visit in VISIT_STATES else None,
        months=min(max(months, 1), MAX_MONTHS),
    )


def _months_error() -> str | None:
    """Return the Persian error of a typed "months" filter that is not a number of months offered, else None."""
    raw = request.args.get("months", "").strip()
    if raw and not 1 <= _int_arg("months", 0) <= MAX_MONTHS:  # read_number: "²" is no number
        return f"عددی میان ۱ و {to_persian_digits(MAX_MONTHS)} بنویسید."
    return None


@bp.route("/")
@roles_required(*READERS)
def index():
    """List the district's households with filters for neighborhood, category, text and visits."""
    district_id = current_district_id()
    listing, shown = kept("households", district_id, _listing, vary=page_vary())
    if shown is not None:
        audit.read("household", count=shown)  # each reading is logged, kept or not
    return render_template("households/list.html", listing=Rendered(listing))


def _listing() -> tuple[str, int | None]:
    """Render the filters, the page of households and the pager; return it and how many households it shows."""
    filters = _filter()
    sort = request.args.get("sort") if request.args.get("sort") in queries.SORTS else "name"
    months_error = _months_error()
    if months_error:  # a filter with an error lists nothing until it is fixed
        page = Page([], None, 0)
    else:
        page = queries.household_page(filters, sort=sort, after=request.args.get("after"), limit=PAGE_SIZE)
    html = render_template(
        "households/_list.html",
        page=page,
        filters=filters,
        sort=sort,
        neighborhoods=choices.neighborhoods(current_district_id()),
        visit_states=VISIT_STATES,
        sorts=queries.SORTS,
        months_error=months_error,
        months_typed=request.args.get("months") if months_error else None,
    )
    return html, None if months_error else len(page.items)


@bp.route("/lookup")
@roles_required(*READERS)
def lookup():
    """Return matching households as JSON for search-as-you-type in the event form."""
    found = queries.lookup(current_district_id(), request.args.get("q"), _int_arg("neighborhood_id"))
    audit.read("household", count=len(found))
    return jsonify([
        {
            "id": h.id,
            "name": h.name,
            "neighborhood": h.neighborhood.name,
            "category_label": label(h.category, "category"),
            "martyr_name": h.martyr_name,
        }
        for h in found
    ])


def _event_urls(events) -> dict[int, str]:
    """Return links to the events' pages, or none while the events area does not offer them."""
    try:
        return {e.id: url_for("events.detail", event_id=e.id) for e in events}
    except BuildError:
        return {}


@bp.route("/<int:household_id>")
@roles_required(*READERS)
def detail(household_id: int):
    """Show a household's whole history: visits, feedback and their outcomes, commitments and contacts."""
    household = get_in_district(Household, household_id)
    visits = queries.visit_history(household)
    audit.read("household", household)
    return render_template(
        "households/detail.html",
        household=household,
        visits=visits,
        event_urls=_event_urls(visits),
        feedback=queries.feedback_from(household),
        commitments=queries.commitments_to(household),
        contacts=queries.contacts_with(household),
        today=today_tehran(),
    )


def _form_page(form: HouseholdForm, household: Household | None):
    """Save a valid form and redirect, or show it again: with the field errors, or the likely duplicates."""
    candidates = []

    def write():
        try:
            if household is None:
                return create_household(form.values(), current_user, force=form.not_duplicate.data)
            return update_household(household, form.values(), current_user, force=form.not_duplicate.data,
                                    version=form.sent_version())
        except DuplicateHousehold as error:
            candidates.extend(error.candidates)
            raise

    return edit_page(
        form, write, errors=(HouseholdError,),
        success="خانوار ثبت شد." if household is None else "تغییرات خانوار ذخیره شد.",
        back=lambda saved: url_for("households.detail", household_id=saved.id),
        render=lambda: render_template("households/form.html", form=form, household=household,
                                       candidates=candidates),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new():
    """Register a household, warning first when it looks like one already registered."""
    form = HouseholdForm(neighborhoods=choices.neighborhoods(current_district_id()))
    if request.method == "GET" and request.args.get("neighborhood_id"):
        form.neighborhood_id.data = _int_arg("neighborhood_id")
    return _form_page(form, None)


@bp.route("/<int:household_id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(household_id: int):
    """Edit a household, warning when the new name, mobile or ID matches another household."""
    household = get_in_district(Household, household_id)
    form = HouseholdForm(obj=household, neighborhoods=choices.neighborhoods(current_district_id()))
    if request.method == "GET":
        form.version.data = str(household.version)
    return _form_page(form, household)


@bp.route("/<int:household_id>/delete", methods=["GET", "POST"])
@roles_required(*WRITERS)
def delete(household_id: int):
    """Ask for confirmation, then hide the household (soft delete)."""
    household = get_in_district(Household, household_id)
    form = DeleteForm()
    return confirm_and_delete(
        form, lambda: delete_household(household, current_user), success="خانوار حذف شد.",
        back=url_for("households.index"),
        render=lambda: render_template("households/delete.html", form=form, household=household),
    )
