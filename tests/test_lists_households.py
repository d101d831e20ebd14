"""The households list's query function: filters narrow; other districts and deleted households never show."""
import pytest

from tests import lists_data
from tracker.extensions import db
from tracker.households.queries import household_page
from tracker.lists.households import HouseholdFilter, household_list


@pytest.fixture
def d(district):
    return lists_data.build(district)


def ids(flt: HouseholdFilter) -> set[int]:
    return {h.id for h in db.session.scalars(household_list(flt))}


def named(d, *names) -> set[int]:
    return {getattr(d, name).id for name in names}


def test_no_filter_is_the_districts_live_households(d, district):
    assert ids(HouseholdFilter(district.id)) == named(d, "h1", "h2", "h3", "h4")
    assert ids(HouseholdFilter(d.other.district.id)) == {d.ho.id}


@pytest.mark.parametrize("fields, expected", [
    (lambda d: {"q": "رضايي"}, {"h1", "h4"}),  # Arabic yeh; h5 is deleted, ho elsewhere
    (lambda d: {"neighborhood_id": d.n2.id}, {"h2", "h3"}),
    (lambda d: {"category": "martyr_family"}, {"h1", "h3"}),
    # Planned, cancelled and deleted events are no visit: h3 and h4 were never visited.
    (lambda d: {"visit_state": "never"}, {"h3", "h4"}),
    (lambda d: {"visit_state": "stale", "months": 1}, {"h1", "h3", "h4"}),
    (lambda d: {"visit_state": "stale", "months": 6}, {"h3", "h4"}),
    (lambda d: {"category": "martyr_family", "visit_state": "never", "neighborhood_id": d.n2.id}, {"h3"}),
])
def test_each_filter_narrows(d, district, fields, expected):
    assert ids(HouseholdFilter(district.id, **fields(d))) == named(d, *expected)


def test_the_page_shows_the_last_done_visit_and_sorts_the_longest_unvisited_first(d, district):
    page = household_page(HouseholdFilter(district.id), sort="visit")
    assert [row.household.id for row in page.items][2:] == [d.h1.id, d.h2.id]  # never-visited two first
    assert {row.household.id: row.last_visit for row in page.items}[d.h1.id] == d.e1.held_on
    assert page.total == 4
