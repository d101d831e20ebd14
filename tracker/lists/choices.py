"""The district's select-box lists: (id, name) of its live records, in the order people look for them.

Every form, filter and report page takes its neighborhoods, areas, departments, topics,
officials and campaigns from here, so one list is sorted one way everywhere.
"""
from collections.abc import Callable, Iterable
from typing import NamedTuple


from tracker.extensions import db
from tracker.models import Area, Campaign, Department, Neighborhood, Official, Topic
from tracker.persian.names import surname_key
from tracker.persian.text import sort_key


class Choice(NamedTuple):
    """One option of a select box: the record's id and the name shown (a campaign's title)."""

    id: int
    name: str


def official_sort_key(name: str | None):
    """Return the key officials are listed by: surname, honorifics (مهندس، دکتر، حاج…) ignored."""
    return surname_key(name)


def by_name(pairs: Iterable[tuple[int, str]], key: Callable = sort_key) -> list[Choice]:
    """Return (id, name) pairs as Choices in Persian dictionary order (ties by id)."""
    return sorted((Choice(i, n) for i, n in pairs), key=lambda c: (key(c.name), c.id))


def neighborhoods(district_id: int) -> list[Choice]:
    """Return the district's neighborhoods in Persian dictionary order."""
    return by_name(db.session.execute(Neighborhood.live_in(district_id, Neighborhood.id, Neighborhood.name)))


def areas(district_id: int) -> list[Choice]:
    """Return the district's areas in Persian dictionary order."""
    return by_name(db.session.execute(Area.live_in(district_id, Area.id, Area.name)))


def departments(district_id: int) -> list[Choice]:
    """Return the district's departments in Persian dictionary order."""
    return by_name(db.session.execute(Department.live_in(district_id, Department.id, Department.name)))


def topics(district_id: int) -> list[Choice]:
    """Return the district's feedback topics in Persian dictionary order."""
    return by_name(db.session.execute(Topic.live_in(district_id, Topic.id, Topic.name)))


def officials(district_id: int) -> list[Choice]:
    """Return the district's officials ordered by official_sort_key."""
    return by_name(db.session.execute(Official.live_in(district_id, Official.id, Official.name)),
                   key=official_sort_key)


def campaigns(district_id: int) -> list[Choice]:
    """Return the district's campaigns, the latest start first: people pick the running one."""
    stmt = Campaign.live_in(district_id, Campaign.id, Campaign.title).order_by(Campaign.starts_on.desc(),
                                                                               Campaign.id.desc())
    return [Choice(i, title) for i, title in db.session.execute(stmt)]
