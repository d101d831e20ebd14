"""The dashboard's aggregates, kept by the district's data stamp and for at most LIFETIME seconds.

Counting a district's open feedback, unlogged visits, coverage and unvisited households costs
more than the rest of the page together at city scale, and the numbers change far less often
than the page is opened. They are kept (tracker/kept.py) under the district's data stamp, which
every commit writing the district changes, so a change shows at once in every process. LIFETIME
bounds what no commit announces: the day turning (overdue items), and writes outside the app.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from tracker.campaigns.services import coverage
from tracker.households.queries import NeighborhoodGap, visit_gaps
from tracker.kept import kept
from tracker.main import queries
from tracker.models.base import tehran_now
from tracker.reports.queries import CoverageRow

LIFETIME = 60  # seconds; the page states it


@dataclass(frozen=True)
class DashboardNumbers:
    """The dashboard's counted numbers and when they were counted."""

    open_count: int
    overdue_count: int
    unlogged_count: int
    coverage: list[CoverageRow]
    gaps: list[tuple[NeighborhoodGap, NeighborhoodGap]]
    counted_at: datetime = field(default_factory=tehran_now)


def _count(district_id: int, department_id: int | None, campaign, months: int, today: date) -> DashboardNumbers:
    overdue, total = queries.feedback_counts(district_id, department_id, today)
    return DashboardNumbers(
        open_count=total, overdue_count=overdue,
        unlogged_count=queries.unlogged_count(district_id, today),
        coverage=coverage(campaign) if campaign is not None else [],
        gaps=visit_gaps(district_id, months, today),
    )


def dashboard_numbers(district_id: int, department_id: int | None, campaign, months: int,
                      today: date) -> DashboardNumbers:
    """Return the dashboard's numbers for the district as its data stands, counted at most LIFETIME seconds ago."""
    return kept("dashboard", district_id, lambda: _count(district_id, department_id, campaign, months, today),
                vary=(department_id, campaign.id if campaign is not None else None, months, today), lifetime=LIFETIME)
