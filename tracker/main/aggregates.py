"""The dashboard's aggregates, and how long the dashboard keeps them: at most LIFETIME seconds.

Counting a district's open feedback, unlogged visits, coverage and unvisited households costs
more than the rest of the page together at city scale, and the numbers change far less often
than the page is opened. The dashboard keeps its rendered numbers (tracker/kept.py) under the
district's data stamp, which every commit writing the district changes, so a change shows at once
in every process. LIFETIME bounds what no commit announces: the clock (overdue items), and writes
outside the app.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from tracker.campaigns.services import coverage
from tracker.households.queries import NeighborhoodGap, visit_gaps
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


def count_numbers(district_id: int, department_id: int | None, campaign, months: int, today: date) -> DashboardNumbers:
    """Count the dashboard's numbers for the district (and a manager's department) now."""
    overdue, total = queries.feedback_counts(district_id, department_id, today)
    return DashboardNumbers(
        open_count=total, overdue_count=overdue,
        unlogged_count=queries.unlogged_count(district_id, today),
        coverage=coverage(campaign) if campaign is not None else [],
        gaps=visit_gaps(district_id, months, today),
    )
