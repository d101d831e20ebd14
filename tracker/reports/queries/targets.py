"""A campaign's named target list: per neighborhood, who a done visit of the campaign reached and who still waits."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Event, Household, campaign_household, event_household
from tracker.reports.queries.coverage import district_neighborhoods
from tracker.reports.queries.scope import ReportFilter, done_scope


@dataclass
class TargetHousehold:
    """A household on the list; contact fields are sensitive, visited_on is its last done visit of the campaign."""

    id: int
    name: str
    category: str
    martyr_name: str | None
    phone: str | None
    address: str | None
    visited_on: date | None


@dataclass
class TargetGroup:
    """One neighborhood's part of the list: the households visited and those still waiting, by name."""

    neighborhood_id: int
    name: str
    area_name: str
    visited: list[TargetHousehold] = field(default_factory=list)
    waiting: list[TargetHousehold] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Return how many of the neighborhood's households are on the list."""
        return len(self.visited) + len(self.waiting)


def target_list(flt: ReportFilter) -> list[TargetGroup]:
    """Return the campaign's target list by neighborhood (those with none left out), visited or waiting.

    A household counts as visited when a done, live event of the campaign within the filter's dates
    reached it.
    """
    if flt.campaign_id is None:
        return []
    visits = (select(event_household.c.household_id.label("hid"), func.max(Event.held_on).label("last"))
              .join(Event, Event.id == event_household.c.event_id)
              .where(*done_scope(flt)).group_by(event_household.c.household_id).subquery())
    stmt = (select(Household.neighborhood_id, Household.id, Household.name, Household.category,
                   Household.martyr_name, Household.phone, Household.address, visits.c.last)
            .join(campaign_household, campaign_household.c.household_id == Household.id)
            .outerjoin(visits, visits.c.hid == Household.id)
            .where(campaign_household.c.campaign_id == flt.campaign_id, Household.deleted_at.is_(None))
            .order_by(Household.name_sort, Household.id))
    if flt.neighborhood_id is not None:
        stmt = stmt.where(Household.neighborhood_id == flt.neighborhood_id)
    by_neighborhood: dict[int, list[TargetHousehold]] = {}
    for nid, *row in db.session.execute(stmt):
        by_neighborhood.setdefault(nid, []).append(TargetHousehold(*row))
    if not by_neighborhood:  # a campaign without a named list
        return []
    groups = []
    for neighborhood, area_name in district_neighborhoods(flt.district_id):
        rows = by_neighborhood.get(neighborhood.id)
        if rows:
            groups.append(TargetGroup(neighborhood.id, neighborhood.name, area_name,
                                      [r for r in rows if r.visited_on], [r for r in rows if not r.visited_on]))
    return groups
