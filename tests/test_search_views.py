"""The one search box over households, events and feedback."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import make_event, other_district
from tracker.extensions import db
from tracker.feedback import services
from tracker.models import Household, Neighborhood


@pytest.fixture
def records(district, users):
    nb = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)).first()
    home = Household(district_id=district.id, neighborhood_id=nb.id, category="martyr_family",
                     name="علی‌اکبر کریمی", martyr_name="یوسف کریمی", phone="09121234567")
    db.session.add(home)
    event = make_event(district, held_on=date(2025, 7, 5))
    event.title = "دیدار با خانوادهٔ کریمی"
    services.create_feedback(event, kind="criticism", text="سطل زباله ۵۰٪ پر است و دیر تخلیه می‌شود.")
    db.session.commit()
    return home


@pytest.mark.parametrize("typed", ["علي اكبر كريمي", "علی‌اکبر کریمی", "عليأكبر  كريمى", "یوسف"])
def test_household_found_whichever_letters_were_typed(client, auth, records, typed):
    auth.login("pr_staff")
    page = client.get("/search/", query_string={"q": typed}).get_data(as_text=True)
    assert 'id="result-households"' in page and "علی‌اکبر کریمی" in page


def test_phone_in_persian_digits_finds_household(client, auth, records):
    auth.login("manager")
    page = client.get("/search/", query_string={"q": "۰۹۱۲ ۱۲۳ ۴۵۶۷"}).get_data(as_text=True)
    assert "علی‌اکبر کریمی" in page


def test_events_and_feedback_are_searched_and_wildcards_are_literal(client, auth, records):
    auth.login("pr_staff")
    page = client.get("/search/", query_string={"q": "كريمي"}).get_data(as_text=True)
    assert 'id="result-events"' in page and "دیدار با خانوادهٔ کریمی" in page
    found = client.get("/search/", query_string={"q": "50%"}).get_data(as_text=True)
    assert 'id="result-feedback"' in found
    # "%" and "_" mean themselves, not "anything".
    assert "پیدا نشد" in client.get("/search/", query_string={"q": "_"}).get_data(as_text=True)


def test_viewer_may_not_search_and_other_districts_stay_hidden(client, auth, records):
    auth.login("viewer")
    assert client.get("/search/", query_string={"q": "کریمی"}).status_code == 403
    elsewhere = other_district()
    db.session.add(Household(district_id=elsewhere.district.id, neighborhood_id=elsewhere.neighborhood.id,
                             category="citizen", name="کریمی دوردست"))
    db.session.commit()
    auth.logout()
    auth.login("admin")
    page = client.get("/search/", query_string={"q": "کریمی"}).get_data(as_text=True)
    assert "کریمی دوردست" not in page and "علی‌اکبر کریمی" in page
