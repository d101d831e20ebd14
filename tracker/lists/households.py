"""Which households a list holds: the filter object, its statement and what "visited" means."""
from dataclasses import dataclass
from datetime import date

import jdatetime
from sqlalchemy import Select, func, or_, select

from tracker.models import Event, Household, event_household
from tracker.models.base import key_contains
from tracker.models.limits import STALE_MONTHS
from tracker.persian.dates import add_months, jalali_to_date, month_length, today_tehran
from tracker.persian.text import search_key

DEFAULT_MONTHS = 6
MAX_MONTHS = STALE_MONTHS[1]
VISIT_STATES = {
    "never": "هرگز دیدار نشده",
    "stale": "در چند ماه اخیر دیدار نشده",
}


@dataclass(frozen=True)
class HouseholdFilter:
    """What a households list selects: a district, and optionally text, neighborhood, category and visit state.

    visit_state "never" keeps households no done visit reached; "stale" also those not
    visited within the last `months` Jalali months.
    """

    district_id: int
    q: str | None = None
    neighborhood_id: int | None = None
    category: str | None = None
    visit_state: str | None = None
    months: int = DEFAULT_MONTHS


def months_ago(months: int, today: date | None = None) -> date:
    """Return the day `months` Jalali months before today (clamped to the month's last day)."""
    today = today or today_tehran()
    j = jdatetime.date.fromgregorian(date=today)
    year, month = add_months(j.year, j.month, -months)
    return jalali_to_date(year, month, min(j.day, month_length(year, month)))


def visits(district_id: int, *columns) -> Select:
    """Return select(columns) over the district's visits to households: its done, live events.

    A household is visited only by its own district's events, so the district bounds the scan
    to its share of a city-sized database.
    """
    return (select(*columns).select_from(event_household)
            .join(Event, Event.id == event_household.c.event_id)
            .where(Event.district_id == district_id, Event.status == "done", Event.deleted_at.is_(None)))


def last_visits(district_id: int):
    """Return a subquery of (household_id, last_visit): the latest done, live event per household of the district."""
    return (visits(district_id, event_household.c.household_id, func.max(Event.held_on).label("last_visit"))
            .group_by(event_household.c.household_id).subquery("last_visits"))


def unvisited(district_id: int, months: int | None, today: date | None = None):
    """Return the condition "no done visit ever", or "none within the last months" when months is given."""
    visited = visits(district_id, event_household.c.household_id)
    if months is not None:
        visited = visited.where(Event.held_on >= months_ago(months, today))
    # Not correlated: the database gathers the visited households once, not once per household.
    return Household.id.not_in(visited)


def matching(q: str):
    """Return the condition "the name or the martyr's name contains q", whatever its letters and spacing."""
    return or_(key_contains(Household.name_key, q), key_contains(Household.martyr_name_key, q))


def household_list(flt: HouseholdFilter, today: date | None = None) -> Select:
    """Return select(Household) of the district's live households the filter selects; unordered."""
    stmt = Household.live_in(flt.district_id)
    if flt.neighborhood_id is not None:
        stmt = stmt.where(Household.neighborhood_id == flt.neighborhood_id)
    if flt.category:
        stmt = stmt.where(Household.category == flt.category)
    if flt.q and search_key(flt.q):
        stmt = stmt.where(matching(flt.q))
    if flt.visit_state == "never":
        stmt = stmt.where(unvisited(flt.district_id, None))
    elif flt.visit_state == "stale":
        stmt = stmt.where(unvisited(flt.district_id, flt.months, today))
    return stmt
