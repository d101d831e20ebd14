"""Read-only queries about households: the list page, visit coverage, look-ups and a household's history.

Which households a list holds is decided in tracker.lists.households, for every door.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Bundle, selectinload

from tracker.extensions import db
from tracker.lists.households import HouseholdFilter, household_list, last_visits, months_ago, visits
from tracker.models import (
    Commitment, Event, FeedbackItem, FeedbackUpdate, Household, Neighborhood, event_household,
)
from tracker.persian.text import search_key, sort_key
from tracker.web.paging import Page, capped_count, keyset_page

LOOKUP_LIMIT = 15
# Sorts never-visited households before any real visit when ordering by "longest without a visit".
NEVER = date(1900, 1, 1)

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


def household_page(flt: HouseholdFilter, *, sort: str = "name", after=None, limit: int = 50) -> Page:
    """Return one page of household_list as HouseholdRow items, by name or longest without a visit."""
    stmt = household_list(flt)
    if sort == "visit":
        # Sorting by the last visit needs it for every row: one grouped join is cheapest.
        lv = last_visits(flt.district_id)
        last = lv.c.last_visit
        stmt = stmt.outerjoin(lv, lv.c.household_id == Household.id)
    else:
        # By name only the page's rows need their last visit: look each one up.
        last = (visits(flt.district_id, func.max(Event.held_on))
                .where(event_household.c.household_id == Household.id).scalar_subquery())
    visit_order = func.coalesce(last, literal(NEVER)).label("visit_order")
    stmt = stmt.with_only_columns(Bundle("row", Household.id, Household.name_sort, visit_order,
                                         last.label("last_visit")))
    columns = [visit_order, Household.id] if sort == "visit" else [Household.name_sort, Household.id]
    page = keyset_page(stmt, columns, after=after, limit=limit, descending=False, count=False)
    page.total, page.capped = capped_count(household_list(flt))
    ids = [r.id for r in page.items]
    by_id = select(Household).where(Household.id.in_(ids)).options(selectinload(Household.neighborhood))
    loaded = {h.id: h for h in db.session.scalars(by_id)} if ids else {}
    page.items = [HouseholdRow(loaded[r.id], r.last_visit) for r in page.items]
    return page


def never_visited(district_id: int, months: int | None = None) -> list[NeighborhoodGap]:
    """Return, per neighborhood, its live households and how many were never visited (or not within months)."""
    return [stale if months is not None else never for never, stale in visit_gaps(district_id, months or 0)]


def visit_gaps(district_id: int, months: int, today: date | None = None
               ) -> list[tuple[NeighborhoodGap, NeighborhoodGap]]:
    """Return, per neighborhood, its households never visited and those not visited within months, in one pass."""
    lv = last_visits(district_id)
    live = Household.id.is_not(None)
    never = func.count(case((and_(live, lv.c.last_visit.is_(None)), 1)))
    stale = func.count(case((and_(live, or_(lv.c.last_visit.is_(None),
                                            lv.c.last_visit < months_ago(months, today))), 1)))
    stmt = (
        select(Neighborhood.id, Neighborhood.name, func.count(Household.id), never, stale)
        .select_from(Neighborhood)
        .outerjoin(
            Household,
            and_(
                Household.neighborhood_id == Neighborhood.id,
                Household.live_where(district_id),
            ),
        )
        .outerjoin(lv, lv.c.household_id == Household.id)
        .where(Neighborhood.live_where(district_id))
        .group_by(Neighborhood.id, Neighborhood.name)
    )
    rows = [(NeighborhoodGap(i, name, count, never_count), NeighborhoodGap(i, name, count, stale_count))
            for i, name, count, never_count, stale_count in db.session.execute(stmt)]
    return sorted(rows, key=lambda r: sort_key(r[0].neighborhood))


def lookup(district_id: int, q: str | None, neighborhood_id: int | None = None,
           limit: int = LOOKUP_LIMIT) -> list[Household]:
    """Return up to limit live households whose name or martyr's name contains q, for search-as-you-type."""
    if not q or not search_key(q):
        return []
    stmt = household_list(HouseholdFilter(district_id, q=q, neighborhood_id=neighborhood_id))
    stmt = stmt.options(selectinload(Household.neighborhood)).order_by(Household.name_sort, Household.id)
    return list(db.session.scalars(stmt.limit(limit)))


def visit_history(household: Household) -> list[Event]:
    """Return the live events this household took part in, newest first."""
    stmt = (
        select(Event)
        .join(event_household, event_household.c.event_id == Event.id)
        .where(event_household.c.household_id == household.id, Event.deleted_at.is_(None))
        .options(selectinload(Event.officials))
        .order_by(Event.held_on.desc(), Event.id.desc())
    )
    return list(db.session.scalars(stmt))


def feedback_from(household: Household) -> list[FeedbackItem]:
    """Return the live feedback items heard from this household, newest first."""
    stmt = (
        select(FeedbackItem)
        .where(FeedbackItem.household_id == household.id, FeedbackItem.deleted_at.is_(None))
        .options(selectinload(FeedbackItem.department), selectinload(FeedbackItem.topic))
        .order_by(FeedbackItem.received_on.desc(), FeedbackItem.id.desc())
    )
    return list(db.session.scalars(stmt))


def contacts_with(household: Household) -> list[FeedbackUpdate]:
    """Return every call, visit or message telling this household an answer, the latest first."""
    stmt = (
        select(FeedbackUpdate)
        .join(FeedbackItem, FeedbackItem.id == FeedbackUpdate.item_id)
        .where(FeedbackItem.household_id == household.id, FeedbackItem.deleted_at.is_(None),
               FeedbackUpdate.action == "contact")
        .options(selectinload(FeedbackUpdate.user))
        .order_by(FeedbackUpdate.at.desc(), FeedbackUpdate.id.desc())
    )
    return list(db.session.scalars(stmt))


def commitments_to(household: Household) -> list[Commitment]:
    """Return the live commitments officials made to this household, soonest due first."""
    stmt = (
        select(Commitment)
        .where(Commitment.household_id == household.id, Commitment.deleted_at.is_(None))
        .options(selectinload(Commitment.official))
        .order_by(Commitment.due_on, Commitment.id)
    )
    return list(db.session.scalars(stmt))
