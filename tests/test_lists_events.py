"""tracker.lists.events: each filter narrows, and other districts and deleted events never show."""
from datetime import timedelta

import pytest

from tests import lists_data
from tracker.lists.events import EventFilter, event_list
from tracker.extensions import db


@pytest.fixture
def d(district):
    return lists_data.build(district)


def ids(flt: EventFilter) -> set[int]:
    return {e.id for e in db.session.scalars(event_list(flt))}


def test_no_filter_is_the_districts_live_events(d, district):
    assert ids(EventFilter(district.id)) == {d.e1.id, d.e2.id, d.e3.id, d.e4.id}
    assert ids(EventFilter(d.other.district.id)) == {d.eo.id}


@pytest.mark.parametrize("fields, expected", [
    (lambda d: {"campaign_id": d.c1.id}, {"e1", "e2"}),  # e5 is c1's too, but deleted
    (lambda d: {"neighborhood_id": d.n1.id}, {"e1", "e3"}),
    (lambda d: {"kind": "home_visit"}, {"e1", "e3"}),
    (lambda d: {"status": "done"}, {"e1", "e3"}),
    (lambda d: {"held_from": d.today - timedelta(days=40)}, {"e2", "e3", "e4"}),
    (lambda d: {"held_to": d.today - timedelta(days=40)}, {"e1", "e4"}),
    (lambda d: {"campaign_id": d.c1.id, "status": "planned", "held_from": d.today}, {"e2"}),
    (lambda d: {"neighborhood_id": d.n2.id, "kind": "home_visit"}, set()),
])
def test_each_filter_narrows(d, district, fields, expected):
    assert ids(EventFilter(district.id, **fields(d))) == {getattr(d, name).id for name in expected}


def test_another_districts_ids_select_nothing(d, district):
    other = d.other
    assert ids(EventFilter(district.id, neighborhood_id=other.neighborhood.id)) == set()
    assert ids(EventFilter(other.district.id, campaign_id=d.c1.id)) == set()
