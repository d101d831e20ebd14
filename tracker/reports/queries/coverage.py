"""Coverage: visits and households reached per neighborhood against the campaign targets."""
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select

from tracker.extensions import db
from tracker.models import Area, Campaign, CampaignTarget, Event, Household, Neighborhood, event_household
from tracker.models.choices import HOUSEHOLD_CATEGORIES
from tracker.persian.text import sort_key
from tracker.reports.queries.scope import ReportFilter, done_scope


# ---- coverage -------------------------------------------------------------------------------

@dataclass
class CategoryCoverage:
    """Households of one category reached in a neighborhood, against the target."""

    reached: int = 0
    target: int = 0


@dataclass
class CoverageRow:
    """One neighborhood's coverage: done events and distinct households reached against targets."""

    neighborhood_id: int
    name: str
    area_name: str
    visits_done: int
    households_reached: int
    target_total: int
    by_category: dict[str, CategoryCoverage] = field(default_factory=dict)

    @property
    def untouched(self) -> bool:
        """Tell whether no done event reached this neighborhood yet."""
        return self.visits_done == 0

    @property
    def percent(self) -> int | None:
        """Return households reached as a share of the target (whole percent), or None without a target."""
        return round(100 * self.households_reached / self.target_total) if self.target_total else None


def district_neighborhoods(district_id: int) -> list[tuple[Neighborhood, str]]:
    """Return the district's neighborhoods with their area names, by area then Persian name order."""
    rows = db.session.execute(
        select(Neighborhood, Area.name)
        .join(Area, Neighborhood.area_id == Area.id)
        .where(Neighborhood.live_where(district_id))
    ).all()
    return sorted(((n, area) for n, area in rows), key=lambda r: (sort_key(r[1]), sort_key(r[0].name)))


def target_counts(flt: ReportFilter) -> dict[tuple[int, str], int]:
    """Return the household targets per (neighborhood, category) the filter is measured against.

    A campaign's report uses its own targets; a period (a month, season or year) uses the
    summed targets of the district's campaigns that ran at some time within it.
    """
    stmt = select(CampaignTarget.neighborhood_id, CampaignTarget.category, func.sum(CampaignTarget.count))
    if flt.campaign_id is not None:
        stmt = stmt.where(CampaignTarget.campaign_id == flt.campaign_id)
    elif flt.start is not None and flt.end is not None:
        stmt = stmt.join(Campaign, Campaign.id == CampaignTarget.campaign_id).where(
            Campaign.live_where(flt.district_id),
            Campaign.starts_on <= flt.end, Campaign.ends_on >= flt.start)
    else:
        return {}
    return {(n, c): int(k or 0) for n, c, k in db.session.execute(
        stmt.group_by(CampaignTarget.neighborhood_id, CampaignTarget.category))}


def reached_counts(flt: ReportFilter) -> tuple[dict[tuple[int, str], int], int]:
    """Return the households done events reached: live ones per (neighborhood, category), and all of them.

    One grouped pass serves the coverage, the categories and the headline, which counts a household
    deleted since its visit too.
    """
    live, everyone = {}, 0
    for neighborhood_id, category, is_live, n in db.session.execute(
        select(Household.neighborhood_id, Household.category, Household.deleted_at.is_(None),
               func.count(distinct(Household.id)))
        .join(event_household, event_household.c.household_id == Household.id)
        .join(Event, Event.id == event_household.c.event_id)
        .where(*done_scope(flt))
        .group_by(Household.neighborhood_id, Household.category, Household.deleted_at.is_(None))
    ):
        everyone += n
        if is_live:
            live[neighborhood_id, category] = n
    return live, everyone


def coverage_rows(flt: ReportFilter, visits: Mapping[int, int] | None = None,
                  reached: Mapping[tuple[int, str], int] | None = None) -> list[CoverageRow]:
    """Return coverage for every neighborhood of the district (or the filter's one), zero-visit ones included.

    visits (done events per neighborhood) and reached (reached_counts' live households) are used when
    the caller has counted them already.
    """
    done = done_scope(flt)
    events = visits if visits is not None else dict(db.session.execute(
        select(Event.neighborhood_id, func.count(Event.id)).where(*done).group_by(Event.neighborhood_id)
    ).all())
    reached = reached if reached is not None else reached_counts(flt)[0]
    targets = target_counts(flt)
    rows = []
    for neighborhood, area_name in district_neighborhoods(flt.district_id):
        nid = neighborhood.id
        if flt.neighborhood_id is not None and nid != flt.neighborhood_id:
            continue
        by_category = {
            cat: CategoryCoverage(reached.get((nid, cat), 0), targets.get((nid, cat), 0))
            for cat in HOUSEHOLD_CATEGORIES
        }
        rows.append(CoverageRow(
            neighborhood_id=nid, name=neighborhood.name, area_name=area_name,
            # A household has one category, so the per-category counts add up to the total.
            visits_done=events.get(nid, 0), households_reached=sum(c.reached for c in by_category.values()),
            target_total=sum(c.target for c in by_category.values()), by_category=by_category,
        ))
    return rows
