"""Which feedback items and commitments a list holds: one filter object and one statement per list.

The feedback page, the to-inform list, the API, the ledger and its export all read
feedback_list; the commitments page reads commitment_list.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, select
from sqlalchemy.orm import selectinload

from tracker.models import Commitment, Event, FeedbackItem
from tracker.models.base import key_contains
from tracker.models.choices import COMMITMENT_STATUSES, FEEDBACK_STATUSES, OPEN_FEEDBACK_STATUSES, PRIORITIES
from tracker.persian.dates import today_tehran
from tracker.persian.text import search_key

# Not a stored status: open work past its deadline. Offered beside the real ones.
OVERDUE = "overdue"
OVERDUE_LABEL = "سررسیدگذشته"
FEEDBACK_STATUS_FILTERS = {**FEEDBACK_STATUSES, OVERDUE: OVERDUE_LABEL}
COMMITMENT_STATUS_FILTERS = {**COMMITMENT_STATUSES, OVERDUE: OVERDUE_LABEL}
OPEN_COMMITMENT_STATUSES = ("open", "in_progress")


# The order work is taken up in at the same deadline: the most urgent first (the vocabulary runs low to urgent).
PRIORITY_ORDER = tuple(reversed(PRIORITIES))


def priority_rank():
    """Return a SQL expression ordering items by priority, the most urgent first."""
    return case({code: rank for rank, code in enumerate(PRIORITY_ORDER)}, value=FeedbackItem.priority,
                else_=len(PRIORITY_ORDER))


@dataclass(frozen=True)
class FeedbackFilter:
    """What a feedback list selects; campaign and neighborhood are those of the event it was heard at."""

    district_id: int
    q: str | None = None
    campaign_id: int | None = None
    neighborhood_id: int | None = None
    event_id: int | None = None
    kind: str | None = None
    status: str | None = None  # a status code, or OVERDUE
    department_id: int | None = None
    received_from: date | None = None
    received_to: date | None = None


def feedback_list(flt: FeedbackFilter, today: date | None = None) -> Select:
    """Return select(FeedbackItem), joined to its Event, of the live items the filter selects; unordered."""
    stmt = (select(FeedbackItem).join(Event, Event.id == FeedbackItem.event_id)
            .where(FeedbackItem.live_where(flt.district_id)))
    if flt.q and search_key(flt.q):
        stmt = stmt.where(key_contains(FeedbackItem.text_key, flt.q))
    if flt.campaign_id is not None:
        stmt = stmt.where(Event.campaign_id == flt.campaign_id)
    if flt.neighborhood_id is not None:
        stmt = stmt.where(Event.neighborhood_id == flt.neighborhood_id)
    if flt.event_id is not None:
        stmt = stmt.where(FeedbackItem.event_id == flt.event_id)
    if flt.kind:
        stmt = stmt.where(FeedbackItem.kind == flt.kind)
    if flt.status == OVERDUE:
        stmt = stmt.where(FeedbackItem.status.in_(OPEN_FEEDBACK_STATUSES),
                          FeedbackItem.due_on < (today or today_tehran()))
    elif flt.status:
        stmt = stmt.where(FeedbackItem.status == flt.status)
    if flt.department_id is not None:
        stmt = stmt.where(FeedbackItem.department_id == flt.department_id)
    if flt.received_from is not None:
        stmt = stmt.where(FeedbackItem.received_on >= flt.received_from)
    if flt.received_to is not None:
        stmt = stmt.where(FeedbackItem.received_on <= flt.received_to)
    return stmt


def feedback_rows(flt: FeedbackFilter, today: date | None = None) -> Select:
    """Return feedback_list with what a list row shows (department, household) loaded with the page."""
    return feedback_list(flt, today).options(selectinload(FeedbackItem.department),
                                             selectinload(FeedbackItem.household))


def to_inform(district_id: int) -> Select:
    """Return the answered items whose family must still hear the answer, their households loaded with them."""
    return feedback_rows(FeedbackFilter(district_id, status="answered"))


@dataclass(frozen=True)
class CommitmentFilter:
    """What the commitments list selects: a district, and optionally a status (or OVERDUE) and an official."""

    district_id: int
    status: str | None = None
    official_id: int | None = None


def commitment_list(flt: CommitmentFilter, today: date | None = None) -> Select:
    """Return select(Commitment) of the live commitments the filter selects; unordered."""
    stmt = Commitment.live_in(flt.district_id)
    if flt.status == OVERDUE:
        stmt = stmt.where(Commitment.status.in_(OPEN_COMMITMENT_STATUSES),
                          Commitment.due_on < (today or today_tehran()))
    elif flt.status:
        stmt = stmt.where(Commitment.status == flt.status)
    if flt.official_id is not None:
        stmt = stmt.where(Commitment.official_id == flt.official_id)
    return stmt


def commitment_rows(flt: CommitmentFilter, today: date | None = None) -> Select:
    """Return commitment_list with what a list row shows (official, event, household) loaded with the page."""
    return commitment_list(flt, today).options(selectinload(Commitment.official), selectinload(Commitment.event),
                                               selectinload(Commitment.household))
