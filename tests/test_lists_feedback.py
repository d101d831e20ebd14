"""The feedback and commitments lists' query functions: filters narrow; other districts and deleted rows never show."""
from datetime import timedelta

import pytest

from tests import lists_data
from tracker.extensions import db
from tracker.lists.feedback import (
    CommitmentFilter, FeedbackFilter, commitment_list, feedback_list, to_inform,
)


@pytest.fixture
def d(district):
    return lists_data.build(district)


def ids(stmt) -> set[int]:
    return {row.id for row in db.session.scalars(stmt)}


def named(d, *names) -> set[int]:
    return {getattr(d, name).id for name in names}


def test_no_filter_is_the_districts_live_items_even_from_a_deleted_event(d, district):
    # f5 was heard at an event deleted since; it is still owed an answer, so it stays listed.
    assert ids(feedback_list(FeedbackFilter(district.id))) == named(d, "f1", "f2", "f3", "f4", "f5")
    assert ids(feedback_list(FeedbackFilter(d.other.district.id))) == {d.fo.id}


@pytest.mark.parametrize("fields, expected", [
    (lambda d: {"q": "اسفالت"}, {"f1", "f5"}),  # typed without the madda; f6 is deleted, fo elsewhere
    (lambda d: {"q": "كوچه"}, {"f1", "f3", "f5"}),  # Arabic kaf finds the Persian one
    (lambda d: {"campaign_id": d.c1.id}, {"f1", "f5"}),
    (lambda d: {"neighborhood_id": d.n2.id}, {"f4"}),
    (lambda d: {"event_id": d.e3.id}, {"f2", "f3"}),
    (lambda d: {"kind": "request"}, {"f1", "f5"}),
    (lambda d: {"status": "referred"}, {"f1", "f5"}),
    (lambda d: {"status": "overdue"}, {"f1"}),  # f3 was late but is answered; f5 is due tomorrow
    (lambda d: {"department_id": d.d1.id}, {"f1", "f3", "f5"}),
    (lambda d: {"received_from": d.today - timedelta(days=20)}, {"f2", "f3", "f5"}),
    (lambda d: {"received_to": d.today - timedelta(days=20)}, {"f1", "f4", "f5"}),
    (lambda d: {"q": "کوچه", "department_id": d.d1.id, "received_from": d.today - timedelta(days=30)}, {"f3", "f5"}),
])
def test_each_filter_narrows(d, district, fields, expected):
    assert ids(feedback_list(FeedbackFilter(district.id, **fields(d)))) == named(d, *expected)


def test_overdue_is_judged_on_the_day_given(d, district):
    flt = FeedbackFilter(district.id, status="overdue")
    assert ids(feedback_list(flt, today=d.today + timedelta(days=2))) == named(d, "f1", "f5")
    assert ids(feedback_list(flt, today=d.today - timedelta(days=95))) == set()


def test_to_inform_lists_the_answered_items_only(d, district):
    assert ids(to_inform(district.id)) == named(d, "f3")


@pytest.mark.parametrize("fields, expected", [
    (lambda d: {}, {"k1", "k2", "k3"}),
    (lambda d: {"status": "overdue"}, {"k1"}),
    (lambda d: {"status": "done"}, {"k3"}),
    (lambda d: {"official_id": d.o1.id}, {"k1", "k3"}),
    (lambda d: {"official_id": d.oo.id}, set()),
])
def test_commitment_filters_narrow_inside_the_district(d, district, fields, expected):
    assert ids(commitment_list(CommitmentFilter(district.id, **fields(d)))) == named(d, *expected)
