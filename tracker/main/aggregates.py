"""The dashboard's aggregates, kept for at most LIFETIME seconds and dropped when a write touches the district.

Counting a district's open feedback, unlogged visits, coverage and unvisited households costs
more than the rest of the page together at city scale, and the numbers change far less often
than the page is opened. Each process keeps them per district and question; a commit that
writes any record of a district drops that district's entries in the process that wrote it, and
in every other process (gunicorn runs several) they expire within LIFETIME seconds. So no number
shown is older than LIFETIME seconds, and one's own change shows at once.
"""
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.campaigns.services import coverage
from tracker.households.queries import NeighborhoodGap, visit_gaps
from tracker.main import queries
from tracker.models.base import tehran_now
from tracker.reports.queries import CoverageRow

LIFETIME = 60  # seconds; the page states it
EXTENSION = "dashboard_numbers"


class Kept:
    """One app's kept numbers: (district, department, campaign, months, day) -> (when counted, numbers)."""

    def __init__(self):
        self.entries: dict[tuple, tuple[float, DashboardNumbers]] = {}
        self.lock = threading.Lock()


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
    """Return the dashboard's numbers for the district, counted at most LIFETIME seconds ago."""
    kept = current_app.extensions[EXTENSION]
    key = (district_id, department_id, campaign.id if campaign is not None else None, months, today)
    now = time.monotonic()
    with kept.lock:
        entry = kept.entries.get(key)
    if entry is not None and now - entry[0] < LIFETIME:
        return entry[1]
    numbers = _count(district_id, department_id, campaign, months, today)
    with kept.lock:
        kept.entries[key] = (now, numbers)
    return numbers


def forget(district_ids) -> None:
    """Drop the app's kept numbers of these districts."""
    kept = current_app.extensions.get(EXTENSION) if has_app_context() else None
    if kept is None:
        return
    with kept.lock:
        for key in [k for k in kept.entries if k[0] in district_ids]:
            del kept.entries[key]


def _note_written(session, _flush_context) -> None:
    """Remember which districts this transaction wrote to, from every record it added, changed or deleted."""
    written = session.info.setdefault("written_districts", set())
    for record in (*session.new, *session.dirty, *session.deleted):
        district_id = getattr(record, "district_id", None)
        if district_id is not None:
            written.add(district_id)
        else:
            # Timeline lines carry no district; their item does. Sessions and sign-ins change no number.
            parent = getattr(record, "item", None) or getattr(record, "event", None)
            if getattr(parent, "district_id", None) is not None:
                written.add(parent.district_id)


def _after_commit(session) -> None:
    written = session.info.pop("written_districts", None)
    if written:
        forget(written)


def _after_rollback(session, _previous_transaction) -> None:
    session.info.pop("written_districts", None)


def register(app) -> None:
    """Keep the app's dashboard numbers, and drop a district's whenever a commit writes to it."""
    app.extensions[EXTENSION] = Kept()
    if not event.contains(Session, "after_flush", _note_written):
        event.listen(Session, "after_flush", _note_written)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
