"""The feedback ledger: every item with its timeline, streamed in chunks."""
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.lists.feedback import FeedbackFilter, feedback_list
from tracker.models import (
    Campaign, Department, Event, FeedbackItem, FeedbackUpdate, Household, Neighborhood, Topic, User,
)
from tracker.models.people import shown


# ---- the feedback ledger --------------------------------------------------------------------

MASK = "•••"


@dataclass
class TimelineEntry:
    """One step of an item's timeline."""

    at: datetime
    action: str
    from_status: str | None
    to_status: str | None
    user: str | None
    department: str | None
    comment: str | None


@dataclass
class LedgerRow:
    """A feedback item with its whole timeline, for audit; its household's phone masked when hidden from the reader."""

    id: int
    received_on: date
    kind: str
    status: str
    priority: str
    topic: str | None
    department: str | None
    neighborhood: str
    event_id: int
    event_held_on: date
    campaign: str | None
    household: str | None
    phone: str | None
    text: str
    referred_on: date | None
    due_on: date | None
    answered_on: date | None
    closed_on: date | None
    response: str | None
    satisfaction: str | None
    timeline: list[TimelineEntry] = field(default_factory=list)


def feedback_ledger(flt: FeedbackFilter, *, hidden: frozenset[str] = frozenset(), after: int = 0,
                    chunk: int = 500) -> Iterator[LedgerRow]:
    """Yield every item the filter selects (ids above after), oldest first, with its timeline, chunk by chunk."""
    stmt = (feedback_list(flt).with_only_columns(
                FeedbackItem.id, FeedbackItem.received_on, FeedbackItem.kind, FeedbackItem.status,
                FeedbackItem.priority, Topic.name, Department.name, Neighborhood.name, Event.id,
                Event.held_on, Campaign.title, Household.name, Household.phone, FeedbackItem.text,
                FeedbackItem.referred_on, FeedbackItem.due_on, FeedbackItem.answered_on,
                FeedbackItem.closed_on, FeedbackItem.response, FeedbackItem.satisfaction)
            .join(Neighborhood, Neighborhood.id == Event.neighborhood_id)
            .outerjoin(Campaign, Campaign.id == Event.campaign_id)
            .outerjoin(Topic, Topic.id == FeedbackItem.topic_id)
            .outerjoin(Department, Department.id == FeedbackItem.department_id)
            .outerjoin(Household, Household.id == FeedbackItem.household_id)
            .order_by(FeedbackItem.id).limit(chunk))
    while True:
        rows = [LedgerRow(*row) for row in db.session.execute(stmt.where(FeedbackItem.id > after))]
        if not rows:
            return
        by_id = {r.id: r for r in rows}
        for item_id, *entry in db.session.execute(
            select(FeedbackUpdate.item_id, FeedbackUpdate.at, FeedbackUpdate.action, FeedbackUpdate.from_status,
                   FeedbackUpdate.to_status, func.coalesce(User.full_name, User.username), Department.name,
                   FeedbackUpdate.comment)
            .outerjoin(User, User.id == FeedbackUpdate.user_id)
            .outerjoin(Department, Department.id == FeedbackUpdate.department_id)
            .where(FeedbackUpdate.item_id.in_(by_id)).order_by(FeedbackUpdate.item_id, FeedbackUpdate.id)
        ):
            by_id[item_id].timeline.append(TimelineEntry(*entry))
        for row in rows:
            row.phone = shown(row.phone, "phone", hidden, MASK)
            yield row
        after = rows[-1].id
        db.session.expire_all()
