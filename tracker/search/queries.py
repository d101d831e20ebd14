"""The search query shared by the page and the API."""
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from tracker.extensions import db
from tracker.models import Event, FeedbackItem, Household
from tracker.models.base import key_contains
from tracker.persian.text import search_key
from tracker.persian.validators import normalize_mobile


@dataclass
class SearchResults:
    """Matches per kind of record, newest or best first."""

    households: list = field(default_factory=list)
    events: list = field(default_factory=list)
    feedback: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.households) + len(self.events) + len(self.feedback)


def search(district_id: int, q: str, limit: int = 20) -> SearchResults:
    """Find households, events and feedback whose text contains q, whatever yeh, kaf, digits or ZWNJ were used."""
    key = search_key(q)
    if not key:
        return SearchResults()
    try:
        phone = normalize_mobile(q)
    except ValueError:
        phone = key
    households = db.session.scalars(
        select(Household)
        .where(Household.district_id == district_id, Household.deleted_at.is_(None))
        .where(or_(key_contains(Household.name_key, key), key_contains(Household.martyr_name_key, key),
                   key_contains(Household.address_key, key), Household.phone == phone, Household.national_id == key))
        .order_by(Household.name_key, Household.id)
        .limit(limit)
    ).all()
    events = db.session.scalars(
        select(Event)
        .where(Event.district_id == district_id, Event.deleted_at.is_(None))
        .where(or_(key_contains(Event.title_key, key), key_contains(Event.minutes_key, key)))
        .order_by(Event.held_on.desc(), Event.id.desc())
        .limit(limit)
    ).all()
    feedback = db.session.scalars(
        select(FeedbackItem)
        .where(FeedbackItem.district_id == district_id, FeedbackItem.deleted_at.is_(None))
        .where(key_contains(FeedbackItem.text_key, key))
        .order_by(FeedbackItem.received_on.desc(), FeedbackItem.id.desc())
        .limit(limit)
    ).all()
    return SearchResults(households=list(households), events=list(events), feedback=list(feedback))
