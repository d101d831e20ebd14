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


def _household_matches(q: str, key: str, hidden: frozenset[str]) -> list:
    """Return the conditions "q is in this household field", for the fields the searcher may see."""
    try:
        phone = normalize_mobile(q)
    except ValueError:
        phone = key
    matches = {
        "name": key_contains(Household.name_key, key), "martyr_name": key_contains(Household.martyr_name_key, key),
        "address": key_contains(Household.address_key, key), "phone": Household.phone == phone,
        "national_id": Household.national_id == key,
    }
    # A hidden field must not decide what is found, or the answer would give the field away.
    return [condition for field, condition in matches.items() if field not in hidden]


def search(district_id: int, q: str, limit: int = 20, *, hidden: frozenset[str] = frozenset()) -> SearchResults:
    """Find households, events and feedback containing q, whatever yeh, kaf, digits or ZWNJ were used.

    hidden names the household fields the searcher may not see (models.people.hidden_household_fields):
    they are not searched.
    """
    key = search_key(q)
    if not key:
        return SearchResults()
    households = db.session.scalars(
        select(Household)
        .where(Household.live_where(district_id))
        .where(or_(*_household_matches(q, key, hidden)))
        .order_by(Household.name_key, Household.id)
        .limit(limit)
    ).all()
    events = db.session.scalars(
        select(Event)
        .where(Event.live_where(district_id))
        .where(or_(key_contains(Event.title_key, key), key_contains(Event.minutes_key, key)))
        .order_by(Event.held_on.desc(), Event.id.desc())
        .limit(limit)
    ).all()
    feedback = db.session.scalars(
        select(FeedbackItem)
        .where(FeedbackItem.live_where(district_id))
        .where(key_contains(FeedbackItem.text_key, key))
        .order_by(FeedbackItem.received_on.desc(), FeedbackItem.id.desc())
        .limit(limit)
    ).all()
    return SearchResults(households=list(households), events=list(events), feedback=list(feedback))
