"""What a report covers: the filter and the WHERE clauses every section shares."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tracker.models import Commitment, Event, FeedbackItem



# ---- report scope ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportFilter:
    """What a report covers: a district, an optional Jalali-entered date range, neighborhood and campaign."""

    district_id: int
    start: date | None = None
    end: date | None = None
    neighborhood_id: int | None = None
    campaign_id: int | None = None


def event_scope(flt: ReportFilter, *, dated: bool = True) -> list:
    """Return the conditions selecting the filter's live events (held in the range when dated)."""
    conds = [Event.live_where(flt.district_id)]
    if flt.campaign_id is not None:
        conds.append(Event.campaign_id == flt.campaign_id)
    if flt.neighborhood_id is not None:
        conds.append(Event.neighborhood_id == flt.neighborhood_id)
    if dated and flt.start is not None:
        conds.append(Event.held_on >= flt.start)
    if dated and flt.end is not None:
        conds.append(Event.held_on <= flt.end)
    return conds


def done_scope(flt: ReportFilter) -> list:
    return [*event_scope(flt), Event.status == "done"]


def feedback_scope(flt: ReportFilter) -> list:
    """Return the conditions selecting the filter's live feedback (received in the range); join Event."""
    conds = [*event_scope(flt, dated=False), FeedbackItem.live_where(flt.district_id)]
    if flt.start is not None:
        conds.append(FeedbackItem.received_on >= flt.start)
    if flt.end is not None:
        conds.append(FeedbackItem.received_on <= flt.end)
    return conds


def feedback_from():
    return select().select_from(FeedbackItem).join(Event, Event.id == FeedbackItem.event_id)


def commitment_scope(flt: ReportFilter) -> list:
    """Return the conditions selecting commitments made at the filter's events; join Event."""
    return [*event_scope(flt), Commitment.deleted_at.is_(None)]


@dataclass
class CountRow:
    """One labelled count: a code (or id), its Persian label and the number."""

    key: str | int | None
    label: str
    count: int


def counts(rows, labels: dict[str, str] | None = None, all_codes: bool = True) -> list[CountRow]:
    """Turn (code, count) rows into CountRows, every vocabulary code included when labels are given."""
    found = {code: int(n) for code, n in rows}
    if labels is None:
        return [CountRow(code, code or "—", n) for code, n in found.items()]
    codes = list(labels) if all_codes else [c for c in labels if c in found]
    return [CountRow(c, labels[c], found.get(c, 0)) for c in codes]
