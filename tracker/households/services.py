"""Writers for households (خانوار): create, update, soft-delete, and the duplicate check they share."""
from sqlalchemy import or_, select

from tracker.audit import record
from tracker.database import hold_write_lock
from tracker.extensions import db
from tracker.models import Household, Neighborhood
from tracker.models.base import check_version, key_equals
from tracker.models.choices import HOUSEHOLD_CATEGORIES
from tracker.persian.text import search_key
from tracker.persian.validators import clean_national_id, normalize_mobile

# The attributes a form may set; everything else (district, version, key columns) is ours.
FIELDS = (
    "name", "category", "neighborhood_id", "martyr_name", "address", "phone",
    "national_id", "publicity_consent", "notes",
)


class HouseholdError(ValueError):
    """A household could not be saved; the message is Persian and field names the input at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class DuplicateHousehold(HouseholdError):
    """The household looks like one already registered; saving needs an explicit 'force'."""

    def __init__(self, candidates: list[Household]):
        super().__init__("خانواری با همین نام، شماره همراه یا کد ملی پیش‌تر ثبت شده است.")
        self.candidates = candidates


class StaleHousehold(HouseholdError):
    """Someone else saved the household after this form was opened."""

    def __init__(self):
        super().__init__("این خانوار در این فاصله ویرایش شده است؛ صفحه را دوباره باز کنید.")


def _clean_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    try:
        return normalize_mobile(phone)
    except ValueError:
        return None  # an unreadable number can match nothing


def _clean_national_id(national_id: str | None) -> str | None:
    if not national_id:
        return None
    try:
        return clean_national_id(national_id)
    except ValueError:
        return None


def find_duplicates(district_id: int, name: str | None, phone: str | None, national_id: str | None,
                    exclude_id: int | None = None) -> list[Household]:
    """Return live households of the district sharing the folded name, the mobile or the national ID."""
    matches = []
    if name and search_key(name):
        matches.append(key_equals(Household.name_key, name))
    phone = _clean_phone(phone)
    if phone:
        matches.append(Household.phone == phone)
    national_id = _clean_national_id(national_id)
    if national_id:
        matches.append(Household.national_id == national_id)
    if not matches:
        return []
    stmt = select(Household).where(
        Household.live_where(district_id), or_(*matches)
    )
    if exclude_id is not None:
        stmt = stmt.where(Household.id != exclude_id)
    return list(db.session.scalars(stmt.order_by(Household.name_key, Household.id).limit(20)))


def _audit_view(household: Household) -> dict:
    """Return the household's fields for the audit log (tracker.audit masks the personal ones)."""
    return {name: getattr(household, name) for name in FIELDS}


def _cleaned(data: dict, district_id: int) -> dict:
    """Check the form's values against the rules and return them ready to store."""
    category = data.get("category")
    if category not in HOUSEHOLD_CATEGORIES:
        raise HouseholdError("دسته را از فهرست انتخاب کنید.", "category")
    neighborhood = db.session.get(Neighborhood, data.get("neighborhood_id") or 0)
    if neighborhood is None or neighborhood.district_id != district_id or neighborhood.deleted_at is not None:
        raise HouseholdError("محله را از فهرست انتخاب کنید.", "neighborhood_id")
    name = (data.get("name") or "").strip()
    if not name:
        raise HouseholdError("نام خانوار را وارد کنید.", "name")
    martyr_name = (data.get("martyr_name") or "").strip() or None
    if category == "martyr_family" and not martyr_name:
        raise HouseholdError("نام شهید را وارد کنید.", "martyr_name")
    phone = _clean_phone(data.get("phone"))
    if data.get("phone") and phone is None:
        raise HouseholdError("شماره همراه معتبر نیست.", "phone")
    national_id = _clean_national_id(data.get("national_id"))
    if data.get("national_id") and national_id is None:
        raise HouseholdError("کد ملی معتبر نیست.", "national_id")
    return {
        "name": name,
        "category": category,
        "neighborhood_id": neighborhood.id,
        # Only a martyr's family carries a martyr's name; a stale one must not linger after a category change.
        "martyr_name": martyr_name if category == "martyr_family" else None,
        "address": (data.get("address") or "").strip() or None,
        "phone": phone,
        "national_id": national_id,
        "publicity_consent": bool(data.get("publicity_consent")),
        "notes": (data.get("notes") or "").strip() or None,
    }


def _apply(household: Household, values: dict) -> None:
    """Copy checked values onto the household."""
    for name, value in values.items():
        setattr(household, name, value)


def create_household(data: dict, actor, force: bool = False) -> Household:
    """Register a household in the actor's district, refusing likely duplicates unless forced."""
    district_id = actor.district_id
    values = _cleaned(data, district_id)
    if not force:
        # The duplicate rule spans the name, the mobile and the national ID, so one lock per district
        # (not per key) keeps two simultaneous registrations of one family from both passing the check.
        hold_write_lock("household identity", district_id)
        candidates = find_duplicates(district_id, data.get("name"), data.get("phone"), data.get("national_id"))
        if candidates:
            raise DuplicateHousehold(candidates)
    household = Household(district_id=district_id)
    _apply(household, values)
    db.session.add(household)
    db.session.flush()
    record("create", household, actor=actor, after=_audit_view(household))
    return household


def create_households(rows: list[dict], actor) -> list[Household | HouseholdError]:
    """Register many households in the actor's district with one flush; return each row's household or error.

    The caller has weighed likely duplicates already (the import does, row by row): this is
    create_household with force, for a list, without a round trip to the database per row.
    """
    district_id = actor.district_id
    made: list[Household | HouseholdError] = []
    for data in rows:
        try:
            values = _cleaned(data, district_id)
        except HouseholdError as error:
            made.append(error)
            continue
        household = Household(district_id=district_id)
        _apply(household, values)
        made.append(household)
    households = [household for household in made if isinstance(household, Household)]
    db.session.add_all(households)
    db.session.flush()
    for household in households:
        record("create", household, actor=actor, after=_audit_view(household))
    return made


def update_household(household: Household, changes: dict, actor, force: bool = False,
                     version: int | None = None) -> Household:
    """Change the fields named in changes (FIELDS), refusing likely duplicates unless forced."""
    check_version(household, version, StaleHousehold)
    data = {**_audit_view(household), **changes}
    values = _cleaned(data, household.district_id)
    # A duplicate accepted once is not raised again on every later edit: only re-check changed identities.
    identity_changed = (
        search_key(values["name"]) != household.name_key
        or values["phone"] != household.phone
        or values["national_id"] != household.national_id
    )
    if identity_changed and not force:
        hold_write_lock("household identity", household.district_id)
        candidates = find_duplicates(
            household.district_id, data.get("name"), data.get("phone"), data.get("national_id"),
            exclude_id=household.id,
        )
        if candidates:
            raise DuplicateHousehold(candidates)
    before = _audit_view(household)
    _apply(household, values)
    db.session.flush()
    record("update", household, actor=actor, before=before, after=_audit_view(household))
    return household


def delete_household(household: Household, actor) -> None:
    """Hide the household from every list; its visits and feedback keep pointing at it."""
    before = _audit_view(household)
    household.soft_delete()
    record("delete", household, actor=actor, before=before, after={"deleted_at": household.deleted_at})
