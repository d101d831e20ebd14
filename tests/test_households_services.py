"""Household writers and queries: duplicates across spellings, masked audit, visit coverage."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import other_district
from tracker.extensions import db
from tracker.households import queries
from tracker.households.services import (
    DuplicateHousehold, HouseholdError, create_household, delete_household, find_duplicates,
    update_household,
)
from tracker.lists.households import months_ago
from tracker.models import AuditEntry, Event, Household, Neighborhood
from tracker.models.people import MASK
from tracker.persian.dates import today_tehran

VALID_NID = "0013542419"  # check digit 9


def hoods(district):
    return list(db.session.scalars(
        select(Neighborhood).where(Neighborhood.district_id == district.id).order_by(Neighborhood.id)
    ))


def data(district, **overrides):
    values = {
        "name": "علی کریمی", "category": "trustee", "neighborhood_id": hoods(district)[0].id,
        "martyr_name": None, "address": "خیابان اصلی", "phone": "09121234567",
        "national_id": VALID_NID, "publicity_consent": False, "notes": None,
    }
    values.update(overrides)
    return values


def visit(household, days_ago, status="done", deleted=False):
    event = Event(
        district_id=household.district_id, neighborhood_id=household.neighborhood_id, kind="home_visit",
        status=status, held_on=today_tehran() - timedelta(days=days_ago),
        minutes="گفت‌وگو انجام شد." if status == "done" else None,
    )
    event.households.append(household)
    if deleted:
        event.deleted_at = datetime(2025, 1, 1)
    db.session.add(event)
    db.session.flush()
    return event


@pytest.fixture
def stored(district, users):
    household = create_household(data(district), users["pr_staff"])
    db.session.commit()
    return household


@pytest.mark.parametrize("name, phone, national_id", [
    ("علي كريمي", None, None),  # Arabic yeh and kaf
    ("  علی   کریمی ", None, None),  # stray spaces
    ("عـلی کریمی", None, None),  # tatweel
    ("فرد دیگر", "۰۹۱۲ ۱۲۳ ۴۵۶۷", None),  # Persian digits with spaces
    ("فرد دیگر", "+98 912-123-4567", None),  # country prefix
    ("فرد دیگر", "٠٩١٢١٢٣٤٥٦٧", None),  # Arabic-Indic digits
    ("فرد دیگر", None, "۰۰۱۳۵۴۲۴۱۹"),
])
def test_duplicates_found_across_spellings(district, stored, name, phone, national_id):
    found = find_duplicates(district.id, name, phone, national_id)
    assert [h.id for h in found] == [stored.id]


def test_zwnj_variants_of_a_name_are_duplicates(district, users):
    first = create_household(data(district, name="زهرا نیک‌پور", phone=None, national_id=None), users["pr_staff"])
    db.session.flush()
    for typed in ("زهرا نيكپور", "زهرا نیک\u200cپور", "زهرا نیکپور"):
        assert [h.id for h in find_duplicates(district.id, typed, None, None)] == [first.id]


def test_no_duplicate_for_other_names_other_districts_deleted_or_self(district, stored):
    assert find_duplicates(district.id, "علی کریمیان", "09129999999", None) == []
    other = other_district().district
    assert find_duplicates(other.id, "علی کریمی", "09121234567", VALID_NID) == []
    assert find_duplicates(district.id, "علی کریمی", None, None, exclude_id=stored.id) == []
    delete_household(stored, None)
    assert find_duplicates(district.id, "علی کریمی", None, None) == []


def test_create_refuses_duplicate_unless_forced(district, users, stored):
    typed = data(district, name="علي كريمي", phone="۰۹۱۲ ۱۲۳ ۴۵۶۷", national_id=None)
    with pytest.raises(DuplicateHousehold) as raised:
        create_household(typed, users["pr_staff"])
    assert [h.id for h in raised.value.candidates] == [stored.id]
    again = create_household(typed, users["pr_staff"], force=True)
    db.session.commit()
    assert again.id != stored.id
    assert again.name == "علی کریمی" and again.phone == "09121234567"


def test_audit_keeps_only_the_mask_of_personal_fields(stored):
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "household", AuditEntry.action == "create"))
    assert entry.after["phone"] == entry.after["national_id"] == entry.after["address"] == MASK
    assert "خیابان اصلی" not in str(entry.after)
    assert "09121234567" not in str(entry.after) and VALID_NID not in str(entry.after)
    assert "4567" not in str(entry.after) and entry.after["name"] == stored.name


def test_martyr_family_needs_martyr_name_and_others_drop_it(district, users):
    with pytest.raises(HouseholdError, match="نام شهید را وارد کنید"):
        create_household(data(district, category="martyr_family", phone=None, national_id=None), users["pr_staff"])
    household = create_household(
        data(district, category="trustee", martyr_name="شهید رضایی", phone=None, national_id=None), users["pr_staff"]
    )
    assert household.martyr_name is None


def test_update_records_changed_fields_and_skips_rechecking_unchanged_identity(district, users, stored):
    forced = create_household(data(district, address="کوچه دوم"), users["pr_staff"], force=True)
    db.session.commit()
    # The duplicate was accepted once; editing the address alone must not raise it again.
    update_household(forced, data(district, address="کوچه سوم"), users["pr_staff"])
    db.session.commit()
    assert forced.address == "کوچه سوم"
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "update").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.before == entry.after == {"address": MASK}  # changed, and kept only as the mask


def test_an_update_changes_only_the_fields_given(district, users, stored):
    update_household(stored, {"notes": "پیگیری در مهر"}, users["pr_staff"])
    db.session.commit()
    assert (stored.notes, stored.name, stored.phone, stored.national_id) == (
        "پیگیری در مهر", "علی کریمی", "09121234567", VALID_NID)
    with pytest.raises(HouseholdError) as refused:
        update_household(stored, {"phone": "12345"}, users["pr_staff"])
    assert refused.value.field == "phone"


def test_neighborhood_of_another_district_is_refused(district, users):
    hood = other_district().neighborhood
    with pytest.raises(HouseholdError, match="محله"):
        create_household(data(district, neighborhood_id=hood.id), users["pr_staff"])


def test_never_visited_counts_per_neighborhood(district, users):
    first, second, third = hoods(district)[:3]
    actor = users["pr_staff"]

    def add(name, hood):
        return create_household(
            data(district, name=name, neighborhood_id=hood.id, phone=None, national_id=None), actor
        )

    recent = add("خانوار یک", first)         # visited 10 days ago
    old = add("خانوار دو", first)            # visited about a year ago
    add("خانوار سه", first)                  # never
    planned = add("خانوار چهار", second)     # only a planned event: not a visit
    cancelled_deleted = add("خانوار پنج", second)  # only a deleted done event: not a visit
    gone = add("خانوار شش", third)           # deleted household: not counted
    visit(recent, 10)
    visit(old, 370)
    visit(planned, 5, status="planned")
    visit(cancelled_deleted, 5, deleted=True)
    delete_household(gone, actor)
    db.session.commit()

    never = {r.neighborhood_id: r for r in queries.never_visited(district.id)}
    assert (never[first.id].households, never[first.id].unvisited) == (3, 1)
    assert (never[second.id].households, never[second.id].unvisited) == (2, 2)
    assert (never[third.id].households, never[third.id].unvisited) == (0, 0)
    assert len(never) == len(hoods(district))

    stale = {r.neighborhood_id: r for r in queries.never_visited(district.id, months=6)}
    assert stale[first.id].unvisited == 2  # never + the one a year ago
    assert stale[second.id].unvisited == 2


def test_months_ago_counts_jalali_months():
    from datetime import date

    # 31 Shahrivar 1403 minus one month: Mordad has 31 days, so 31 Mordad 1403.
    assert months_ago(1, date(2024, 9, 21)) == date(2024, 8, 21)
    # 30 Farvardin 1404 minus one month: Esfand 1403 (leap) has 30 days.
    assert months_ago(1, date(2025, 4, 19)) == date(2025, 3, 20)


def test_space_for_half_space_is_the_same_household(app, district, users):
    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)).first()
    stored = Household(district_id=district.id, neighborhood_id=hood.id, category="trustee", name="علی‌اکبر نیک‌پور")
    db.session.add(stored)
    db.session.commit()
    assert find_duplicates(district.id, "علي اكبر نيك پور", None, None) == [stored]
    assert find_duplicates(district.id, "علی اصغر نیک‌پور", None, None) == []
