"""Which events a list holds: one filter object and one statement for the page, the API and the export.

Also which events still lack their minutes: planned for a day already past and never logged.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from tracker.models import Event


@dataclass(frozen=True)
class EventFilter:
    """What an events list selects: a district, and optionally a campaign, neighborhood, kind, status and days."""

    district_id: int
    campaign_id: int | None = None
    neighborhood_id: int | None = None
    kind: str | None = None
    status: str | None = None
    held_from: date | None = None
    held_to: date | None = None


def event_list(flt: EventFilter) -> Select:
    """Return select(Event) of the district's live events the filter selects, unordered: each door orders it."""
    stmt = Event.live_in(flt.district_id)
    if flt.campaign_id is not None:
        stmt = stmt.where(Event.campaign_id == flt.campaign_id)
    if flt.neighborhood_id is not None:
        stmt = stmt.where(Event.neighborhood_id == flt.neighborhood_id)
    if flt.kind:
        stmt = stmt.where(Event.kind == flt.kind)
    if flt.status:
        stmt = stmt.where(Event.status == flt.status)
    if flt.held_from is not None:
        stmt = stmt.where(Event.held_on >= flt.held_from)
    if flt.held_to is not None:
        stmt = stmt.where(Event.held_on <= flt.held_to)
    return stmt


def event_rows(flt: EventFilter) -> Select:
    """Return event_list with what a list row shows (neighborhood, campaign, phase) loaded with the page."""
    return event_list(flt).options(selectinload(Event.neighborhood), selectinload(Event.campaign),
                                   selectinload(Event.phase))


def minutes_not_written(district_id: int, today: date) -> Select:
    """Return select(Event) of the live events planned for a day before today and not yet logged; unordered.

    Such a visit either happened and its minutes («صورت‌جلسه») were never written, or it did not
    happen and was never cancelled: either way the office must look at it.
    """
    return event_list(EventFilter(district_id, status="planned")).where(Event.held_on < today)
