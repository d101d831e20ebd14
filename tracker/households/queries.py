"""Read-only queries about households: the filtered list, visit coverage, look-ups and a household's history."""
from dataclasses import dataclass
from datetime import date

import jdatetime
from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import Bundle, selectinload

from tracker.extensions import db
from tracker.models import Commitment, Event, FeedbackItem, Household, Neighborhood, event_household
from tracker.models.base import key_contains
from tracker.persian.dates import add_months, jalali_to_date, month_length, today_tehran
from tracker.persian.text import search_key, sort_key
from tracker.web.paging import Page, keyset_page

DEFAULT_MONTHS = 6
LOOKUP_LIMIT = 15
# Sorts never-visited households before any real visit when ordering by "longest without a visit".
NEVER = date(1900, 1, 1)

VISIT_STATES = {
    "never": "هرگز دیدار نشده",
    "stale": "در چند ماه اخیر دیدار نشده",
}
SORTS = {
    "name": "نام",
    "visit": "قدیمی‌ترین دیدار",
}


@dataclass
class HouseholdRow:
    """A household in the list, with the day of its last done visit (None if never visited)."""

    household: Household
    last_visit: date | None


@dataclass
class NeighborhoodGap:
    """How many of a neighborhood's households are unvisited (never, or not within the window)."""

    neighborhood_id: int
    neighborhood: str
    households: int
    unvisited: int


def months_ago(months: int, today: date | None = None) -> date:
    """Return the day `months` Jalali months before today (clamped to the month's last day)."""
    today = today or today_tehran()
    j = jdatetime.date.fromgregorian(date=today)
    year, month = add_months(j.year, j.month, -months)
    return jalali_to_date(year, month, min(j.day, month_length(year, month)))


def last_visits():
    """Return a subquery of (household_id, last_visit): the latest done, live event per household."""
    return (
        select(event_household.c.household_id, func.max(Event.held_on).label("last_visit"))
        .join(Event, Event.id == event_household.c.event_id)
        .where(Event.status == "done", Event.deleted_at.is_(None))
        .group_by(event_household.c.household_id)
        .subquery("last_visits")
    )


def _unvisited(lv, months: int | None):
    """Return the condition 'never visited', or 'not visited since months ago' when months is given."""
    if months is None:
        return lv.c.last_visit.is_(None)
    return or_(lv.c.last_visit.is_(None), lv.c.last_visit < months_ago(months))


def _matching(q: str):
    return or_(key_contains(Household.name_key, q), key_contains(Household.martyr_name_key, q))


def household_list(district_id: int, *, neighborhood_id=None, category=None, q=None, visit_state=None,
                   months=DEFAULT_MONTHS, sort="name", after=None, limit=50) -> Page:
    """Return one page of the district's households matching the filters, as HouseholdRow items."""
    lv = last_visits()
    visit_order = func.coalesce(lv.c.last_visit, literal(NEVER)).label("visit_order")
    row = Bundle("row", Household.id, Household.name_sort, visit_order, lv.c.last_visit)
    stmt: Select = (
        select(row)
        .outerjoin(lv, lv.c.household_id == Household.id)
        .where(Household.district_id == district_id, Household.deleted_at.is_(None))
    )
    if neighborhood_id:
        stmt = stmt.where(Household.neighborhood_id == neighborhood_id)
    if category:
        stmt = stmt.where(Household.category == category)
    if q and search_key(q):
        stmt = stmt.where(_matching(q))
    if visit_state == "never":
        stmt = stmt.where(_unvisited(lv, None))
    elif visit_state == "stale":
        stmt = stmt.where(_unvisited(lv, months))
    columns = [visit_order, Household.id] if sort == "visit" else [Household.name_sort, Household.id]
    page = keyset_page(stmt, columns, after=after, limit=limit, descending=False)
    ids = [r.id for r in page.items]
    by_id = select(Household).where(Household.id.in_(ids)).options(selectinload(Household.neighborhood))
    loaded = {h.id: h for h in db.session.scalars(by_id)} if ids else {}
    page.items = [HouseholdRow(loaded[r.id], r.last_visit) for r in page.items]
    return page


def never_visited(district_id: int, months: int | None = None) -> list[NeighborhoodGap]:
    """Return, per neighborhood, its live households and how many were never visited (or not within months)."""
    lv = last_visits()
    unvisited = func.count(case((and_(Household.id.is_not(None), _unvisited(lv, months)), 1)))
    stmt = (
        select(Neighborhood.id, Neighborhood.name, func.count(Household.id), unvisited)
        .select_from(Neighborhood)
        .outerjoin(
            Household,
            and_(
                Household.neighborhood_id == Neighborhood.id,
                Household.district_id == district_id,
                Household.deleted_at.is_(None),
            ),
        )
        .outerjoin(lv, lv.c.household_id == Household.id)
        .where(Neighborhood.district_id == district_id, Neighborhood.deleted_at.is_(None))
        .group_by(Neighborhood.id, Neighborhood.name)
    )
    rows = [NeighborhoodGap(*r) for r in db.session.execute(stmt)]
    return sorted(rows, key=lambda r: sort_key(r.neighborhood))


def lookup(district_id: int, q: str | None, neighborhood_id: int | None = None,
           limit: int = LOOKUP_LIMIT) -> list[Household]:
    """Return up to limit live households whose name or martyr's name contains q, for search-as-you-type."""
    if not q or not search_key(q):
        return []
    stmt = select(Household).where(
        Household.district_id == district_id, Household.deleted_at.is_(None), _matching(q)
    )
    if neighborhood_id:
        stmt = stmt.where(Household.neighborhood_id == neighborhood_id)
    stmt = stmt.options(selectinload(Household.neighborhood)).order_by(Household.name_sort, Household.id)
    return list(db.session.scalars(stmt.limit(limit)))


def visit_history(household: Household) -> list[Event]:
    """Return the live events this household took part in, newest first."""
    stmt = (
        select(Event)
        .join(event_household, event_household.c.event_id == Event.id)
        .where(event_household.c.household_id == household.id, Event.deleted_at.is_(None))
        .order_by(Event.held_on.desc(), Event.id.desc())
    )
    return list(db.session.scalars(stmt))


def feedback_from(household: Household) -> list[FeedbackItem]:
    """Return the live feedback items heard from this household, newest first."""
    stmt = (
        select(FeedbackItem)
        .where(FeedbackItem.household_id == household.id, FeedbackItem.deleted_at.is_(None))
        .order_by(FeedbackItem.received_on.desc(), FeedbackItem.id.desc())
    )
    return list(db.session.scalars(stmt))


def commitments_to(household: Household) -> list[Commitment]:
    """Return the live commitments officials made to this household, soonest due first."""
    stmt = (
        select(Commitment)
        .where(Commitment.household_id == household.id, Commitment.deleted_at.is_(None))
        .order_by(Commitment.due_on, Commitment.id)
    )
    return list(db.session.scalars(stmt))


def neighborhoods(district_id: int) -> list[Neighborhood]:
    """Return the district's live neighborhoods in Persian alphabetical order."""
    stmt = select(Neighborhood).where(Neighborhood.district_id == district_id, Neighborhood.deleted_at.is_(None))
    return sorted(db.session.scalars(stmt), key=lambda n: sort_key(n.name))
