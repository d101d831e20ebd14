"""Small builders for test data that several test modules need."""
from datetime import date
from types import SimpleNamespace

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Area, District, Event, Neighborhood, Topic

# A campaign as the API takes it: a Jalali start and an ISO end.
CAMPAIGN = {"title": "دیدار نوروزی", "occasion": "نوروز", "starts_on": "1403/01/01", "ends_on": "2024-04-19",
            "status": "active"}


def h(tokens, role="pr_staff"):
    """Return the API's Authorization header for the role's token."""
    return {"Authorization": f"Bearer {tokens[role]}"}


def first_neighborhood(district):
    """Return the district's first neighborhood by id."""
    return db.session.scalar(
        select(Neighborhood).where(Neighborhood.district_id == district.id).order_by(Neighborhood.id)
    )


def other_district(number: int = 22) -> SimpleNamespace:
    """Add a second district with one area and one neighborhood, for scoping tests."""
    district = District(number=number, name=f"منطقه {number}")
    db.session.add(district)
    db.session.flush()
    area = Area(district_id=district.id, name="ناحیه ۱")
    db.session.add(area)
    db.session.flush()
    neighborhood = Neighborhood(district_id=district.id, area_id=area.id, name="چیتگر")
    db.session.add(neighborhood)
    db.session.flush()
    return SimpleNamespace(district=district, area=area, neighborhood=neighborhood)


def make_event(district, held_on=date(2025, 3, 1)):
    """Add a planned home visit in the district's first neighborhood."""
    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)).first()
    event = Event(district_id=district.id, neighborhood_id=hood.id, kind="home_visit", held_on=held_on)
    db.session.add(event)
    db.session.flush()
    return event


def first_topic(district):
    """Return the district's first feedback topic."""
    return db.session.scalars(select(Topic).where(Topic.district_id == district.id).order_by(Topic.id)).first()
