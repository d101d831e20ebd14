"""One visit's sheet: what happened, who was there, what was heard and promised."""
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import Commitment, Event, FeedbackItem
from tracker.models.people import MASK, shown
from tracker.persian.names import surname_key
from tracker.persian.text import sort_key


@dataclass
class SheetHousehold:
    """A household met at the visit; phone and address are the mask when hidden from the reader."""

    name: str
    category: str
    martyr_name: str | None
    phone: str | None
    address: str | None


@dataclass
class SheetFeedback:
    """A piece of feedback heard at the visit."""

    id: int
    kind: str
    topic: str | None
    text: str
    household: str | None
    department: str | None
    status: str
    due_on: date | None


@dataclass
class SheetCommitment:
    """A promise made at the visit."""

    official: str
    text: str
    household: str | None
    due_on: date
    status: str


@dataclass
class VisitSheet:
    """Everything the visit's one-page sheet shows."""

    id: int
    title: str | None
    kind: str
    status: str
    held_on: date
    start_time: time | None
    neighborhood: str
    campaign: str | None
    phase: str | None
    minutes: str | None
    officials: list[tuple[str, str]] = field(default_factory=list)
    households: list[SheetHousehold] = field(default_factory=list)
    feedback: list[SheetFeedback] = field(default_factory=list)
    commitments: list[SheetCommitment] = field(default_factory=list)


def visit_sheet(event: Event, hidden: frozenset[str] = frozenset()) -> VisitSheet:
    """Return the visit's sheet; officials by surname, households in dictionary order."""
    live_households = [h for h in event.households if h.deleted_at is None]
    feedback = db.session.scalars(
        select(FeedbackItem).where(FeedbackItem.event_id == event.id, FeedbackItem.deleted_at.is_(None))
        .options(selectinload(FeedbackItem.topic), selectinload(FeedbackItem.household),
                 selectinload(FeedbackItem.department)).order_by(FeedbackItem.id)).all()
    commitments = db.session.scalars(
        select(Commitment).where(Commitment.event_id == event.id, Commitment.deleted_at.is_(None))
        .options(selectinload(Commitment.official), selectinload(Commitment.household))
        .order_by(Commitment.due_on, Commitment.id)).all()
    return VisitSheet(
        id=event.id, title=event.title, kind=event.kind, status=event.status, held_on=event.held_on,
        start_time=event.start_time, neighborhood=event.neighborhood.name,
        campaign=event.campaign.title if event.campaign else None,
        phase=event.phase.title if event.phase else None, minutes=event.minutes,
        officials=[(o.name, o.title) for o in sorted(event.officials, key=lambda o: surname_key(o.name))],
        households=[SheetHousehold(h.name, h.category, h.martyr_name, shown(h.phone, "phone", hidden, MASK),
                                   shown(h.address, "address", hidden, MASK))
                    for h in sorted(live_households, key=lambda h: sort_key(h.name))],
        feedback=[SheetFeedback(f.id, f.kind, f.topic.name if f.topic else None, f.text,
                                f.household.name if f.household else None,
                                f.department.name if f.department else None, f.status, f.due_on) for f in feedback],
        commitments=[SheetCommitment(c.official.name, c.text, c.household.name if c.household else None, c.due_on,
                                     c.status) for c in commitments],
    )
