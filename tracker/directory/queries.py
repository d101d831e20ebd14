"""What an official's own account shows: their commitments and what became of their visits' feedback."""
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import Commitment, Event, FeedbackItem, Official, event_official


def official_of(user) -> Official | None:
    """Return the listed official of the user's own district that the account is linked to, if any."""
    if user.official_id is None:
        return None
    return db.session.scalar(select(Official).where(
        Official.id == user.official_id, Official.live_where(user.district_id)))


def _attended(official: Official):
    return (select(Event.id).join(event_official, event_official.c.event_id == Event.id)
            .where(event_official.c.official_id == official.id, Event.deleted_at.is_(None)))


def commitments_of(official: Official) -> list[Commitment]:
    """Return the commitments the official made, and those made at visits they attended, earliest due first."""
    return list(db.session.scalars(
        select(Commitment)
        .where(Commitment.live_where(official.district_id),
               or_(Commitment.official_id == official.id, Commitment.event_id.in_(_attended(official))))
        .options(selectinload(Commitment.official), selectinload(Commitment.household),
                 selectinload(Commitment.event))
        .order_by(Commitment.due_on, Commitment.id)
    ))


def feedback_of_visits(official: Official) -> list[FeedbackItem]:
    """Return the feedback heard at the events the official attended, newest first, with its outcome."""
    return list(db.session.scalars(
        select(FeedbackItem)
        .where(FeedbackItem.live_where(official.district_id),
               FeedbackItem.event_id.in_(_attended(official)))
        .options(selectinload(FeedbackItem.department), selectinload(FeedbackItem.household),
                 selectinload(FeedbackItem.event))
        .order_by(FeedbackItem.received_on.desc(), FeedbackItem.id.desc())
    ))
