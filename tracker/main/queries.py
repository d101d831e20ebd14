"""The dashboard's lists: this month's events, the coming week's plan, open feedback and commitments."""
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.lists.events import EventFilter, event_list, minutes_not_written
from tracker.lists.feedback import (
    OPEN_COMMITMENT_STATUSES, CommitmentFilter, FeedbackFilter, commitment_list, feedback_list,
)
from tracker.models import Commitment, Event, FeedbackItem
from tracker.models.choices import OPEN_FEEDBACK_STATUSES


def events_between(district_id: int, start: date, end: date, status: str | None = None, limit: int = 50):
    """Return the district's events held between start and end inclusive, oldest first."""
    stmt = (
        event_list(EventFilter(district_id, status=status, held_from=start, held_to=end))
        .options(selectinload(Event.neighborhood), selectinload(Event.officials))
        .order_by(Event.held_on, Event.start_time, Event.id)
        .limit(limit)
    )
    return db.session.scalars(stmt).all()


def unlogged_visits(district_id: int, today: date, limit: int = 10):
    """Return the events whose minutes were never written, the oldest first, and how many there are."""
    stmt = minutes_not_written(district_id, today)
    events = db.session.scalars(
        stmt.options(selectinload(Event.neighborhood)).order_by(Event.held_on, Event.id).limit(limit)).all()
    return events, db.session.scalar(select(db.func.count()).select_from(stmt.subquery()))


def open_feedback(district_id: int, department_id: int | None, today: date, limit: int = 15):
    """Return open feedback (for one department, or all), overdue first, and how many are overdue."""
    base = feedback_list(FeedbackFilter(district_id, department_id=department_id)).where(
        FeedbackItem.status.in_(OPEN_FEEDBACK_STATUSES))
    items = db.session.scalars(
        base.options(selectinload(FeedbackItem.department))
        .order_by(FeedbackItem.due_on.is_(None), FeedbackItem.due_on, FeedbackItem.id)
        .limit(limit)
    ).all()
    overdue = db.session.scalar(
        select(db.func.count()).select_from(base.where(FeedbackItem.due_on < today).subquery())
    )
    total = db.session.scalar(select(db.func.count()).select_from(base.subquery()))
    return items, overdue, total


def open_commitments(district_id: int, limit: int = 10):
    """Return commitments not yet kept, the earliest due first."""
    return db.session.scalars(
        commitment_list(CommitmentFilter(district_id))
        .options(selectinload(Commitment.official))
        .where(Commitment.status.in_(OPEN_COMMITMENT_STATUSES))
        .order_by(Commitment.due_on, Commitment.id)
        .limit(limit)
    ).all()


def coming_week(today: date) -> tuple[date, date]:
    """Return today and six days on: the planning window of the dashboard."""
    return today, today + timedelta(days=6)
