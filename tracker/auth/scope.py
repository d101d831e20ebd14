"""Which district a request works in: the user's own, or the one city-wide staff picked.

Every door asks here (web pages through `current_district_id`, the API through `district_named`
with the district number its caller sent), so a district user can never read another district, and a
city-wide user reads exactly one district per request, checked on every request.
"""
from flask import g, session
from flask_login import current_user
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import District
from tracker.models.limits import ID_MAX

# Roles that read every district (and write nothing); their own district_id is their home district.
CITY_ROLES = frozenset({"city"})
# Where the web switcher keeps the district a city-wide user looks at.
SESSION_KEY = "city_district_id"


def reads_every_district(user) -> bool:
    """Tell whether the user may pick any district to read."""
    return getattr(user, "role", None) in CITY_ROLES


def district_for(user, wanted: int | None) -> int:
    """Return the id of the district user's request works in: wanted if they may read it and it exists, else theirs."""
    if (wanted is not None and wanted != user.district_id and reads_every_district(user)
            and db.session.get(District, wanted) is not None):
        return wanted
    return user.district_id


def live_record(model, record_id: int, district_id: int):
    """Return model's record with this id if it is the district's and not deleted, else None (others look missing)."""
    record = db.session.get(model, record_id) if 0 < record_id <= ID_MAX else None
    if record is None or getattr(record, "district_id", None) != district_id:
        return None
    return None if getattr(record, "deleted_at", None) is not None else record


def district_by_number(number: int) -> District | None:
    """Return the district with this number (۱ to ۲۲ in Tehran), or None."""
    return db.session.scalar(select(District).where(District.number == number))


class DistrictRefused(LookupError):
    """A district named by number that the user may not read: "unknown" (none has it) or "other" (not theirs)."""


def district_named(user, number: int) -> int:
    """Return the id of the district numbered number for user's request, or raise DistrictRefused.

    City-wide staff may name any district there is; others only their own, and they learn
    nothing about which other districts exist.
    """
    district = district_by_number(number) if 0 < number < 1000 else None
    if not reads_every_district(user) and (district is None or district.id != user.district_id):
        raise DistrictRefused("other")
    if district is None:
        raise DistrictRefused("unknown")
    return district.id


def current_district_id() -> int:
    """Return the id of the district the signed-in web user's request reads and writes in.

    Checked on every call, not cached: the district is in the session's identity map after the
    first look, so repeating costs no query, and no cache can outlive the request.
    """
    wanted = session.get(SESSION_KEY) if reads_every_district(current_user) else None
    chosen = district_for(current_user, wanted if isinstance(wanted, int) else None)
    if wanted is not None and chosen != wanted:
        session.pop(SESSION_KEY, None)  # a district since removed, or a forged cookie: back to the home district
    g.district_id = chosen  # what the request reads, for the audit trail's read entries
    return chosen


def current_district() -> District:
    """Return the district the signed-in web user's request works in."""
    return db.session.get(District, current_district_id())


def choose_district(district_id: int) -> bool:
    """Remember the district a city-wide user wants to read; refuse (False) an unknown one."""
    if not reads_every_district(current_user) or db.session.get(District, district_id) is None:
        return False
    session[SESSION_KEY] = district_id
    return True


def all_districts() -> list[District]:
    """Return every district in number order, for the switcher."""
    return list(db.session.scalars(select(District).order_by(District.number)))
