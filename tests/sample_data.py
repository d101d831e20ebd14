"""Demo-like data for tests that open every page: District 21's demo, plus one record of each kind elsewhere."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import (
    Campaign, Commitment, Department, District, Event, FeedbackItem, Holiday, Household, Official, Phase,
    Topic, User, campaign_household,
)
from tracker.occasions.services import create_occasion
from tracker.seeds.demo import DEMO_PASSWORD, seed_demo
from tracker.seeds.district import seed_district
from tests.factories import other_district

# The demo's accounts, by role; they all sign in with DEMO_PASSWORD.
USERNAMES = {"admin": "admin", "pr_staff": "pr", "manager": "manager", "viewer": "viewer"}
PASSWORD = DEMO_PASSWORD
# Personal fields of the sample household: no viewer may read any of them.
NOTES = "یادداشت محرمانهٔ خانواده برای آزمون"


@dataclass(frozen=True)
class Records:
    """Ids of one record of each kind in one district, named after the URL arguments that take them."""

    campaign_id: int
    phase_id: int
    event_id: int
    household_id: int
    item_id: int
    commitment_id: int
    official_id: int
    department_id: int
    neighborhood_id: int
    area_id: int
    user_id: int
    topic_id: int
    holiday_id: int | None  # holidays are national: the other district has none of its own
    occasion_id: int | None = None  # the district's own occasion (national ones belong to no district)


@dataclass(frozen=True)
class Sample:
    """The records pages are opened with: District 21's (own) and another district's (other)."""

    own: Records
    other: Records
    personal: tuple[str, ...]  # the own sample household's phone, national ID, address and notes
    household_name: str


def _first(stmt):
    return db.session.scalars(stmt.limit(1)).first()


def _own_records(district: District) -> tuple[Records, Household]:
    """Pick demo records that have something to show: a visit with feedback and a commitment."""
    commitment = _first(select(Commitment).where(Commitment.district_id == district.id).order_by(Commitment.id))
    event = db.session.get(Event, commitment.event_id)
    item = _first(select(FeedbackItem).where(FeedbackItem.district_id == district.id,
                                             FeedbackItem.department_id.is_not(None)).order_by(FeedbackItem.id))
    household = _first(select(Household).where(Household.district_id == district.id,
                                               Household.national_id.is_not(None),
                                               Household.phone.is_not(None)).order_by(Household.id))
    household.notes = NOTES
    official = event.officials[0]
    user = db.session.scalar(select(User).where(User.username == USERNAMES["pr_staff"]))
    holiday = _first(select(Holiday).order_by(Holiday.day))
    topic = _first(select(Topic).where(Topic.district_id == district.id).order_by(Topic.id))
    # The sample household is on its campaign's target list, so the lists show personal data to mask.
    db.session.execute(campaign_household.insert().values(campaign_id=event.campaign_id, household_id=household.id))
    occasion = create_occasion(district.id, {"title": "سالروز تأسیس منطقه", "month": 8, "day": 20})
    records = Records(
        campaign_id=event.campaign_id, phase_id=event.phase_id, event_id=event.id, household_id=household.id,
        item_id=item.id, commitment_id=commitment.id, official_id=official.id, department_id=item.department_id,
        neighborhood_id=event.neighborhood_id, area_id=event.neighborhood.area_id, user_id=user.id,
        topic_id=topic.id, holiday_id=holiday.id, occasion_id=occasion.id,
    )
    return records, household


def _other_records(today: date) -> Records:
    """Add one record of each kind to District 22, which no demo account belongs to."""
    place = other_district(22)
    district_id = place.district.id
    department = Department(district_id=district_id, name="معاونت خدمات شهری")
    db.session.add(department)
    db.session.flush()
    topic = Topic(district_id=district_id, name="روشنایی معابر", department_id=department.id, sla_days=10)
    official = Official(district_id=district_id, name="مهندس کامران رستمی", title="شهردار منطقه",
                        department_id=department.id)
    household = Household(district_id=district_id, neighborhood_id=place.neighborhood.id, category="martyr_family",
                          name="خانوادهٔ سهرابی", phone="09120000022", address="چیتگر، کوچهٔ ۲",
                          notes="یادداشت منطقهٔ دیگر")
    campaign = Campaign(district_id=district_id, title="پویش منطقهٔ دیگر", status="active",
                        starts_on=today - timedelta(days=20), ends_on=today + timedelta(days=20))
    campaign.phases = [Phase(number=1, title="دیدارها", starts_on=campaign.starts_on, ends_on=campaign.ends_on)]
    user = User(username="pr22", role="pr_staff", district_id=district_id, password_hash="!")
    db.session.add_all([topic, official, household, campaign, user])
    db.session.flush()
    event = Event(district_id=district_id, campaign_id=campaign.id, phase_id=campaign.phases[0].id,
                  neighborhood_id=place.neighborhood.id, kind="home_visit", status="done", held_on=today,
                  title="دیدار در منطقهٔ دیگر", minutes="دیدار انجام شد.")
    event.officials = [official]
    event.households = [household]
    db.session.add(event)
    db.session.flush()
    item = FeedbackItem(district_id=district_id, event_id=event.id, household_id=household.id, kind="request",
                        topic_id=topic.id, text="درخواست منطقهٔ دیگر", received_on=today, status="referred",
                        department_id=department.id, referred_on=today, due_on=today + timedelta(days=14))
    commitment = Commitment(district_id=district_id, event_id=event.id, official_id=official.id,
                            household_id=household.id, text="قول منطقهٔ دیگر", due_on=today + timedelta(days=30))
    db.session.add_all([item, commitment])
    db.session.flush()
    return Records(
        campaign_id=campaign.id, phase_id=campaign.phases[0].id, event_id=event.id, household_id=household.id,
        item_id=item.id, commitment_id=commitment.id, official_id=official.id, department_id=department.id,
        neighborhood_id=place.neighborhood.id, area_id=place.area.id, user_id=user.id, topic_id=topic.id,
        holiday_id=None, occasion_id=create_occasion(district_id, {"title": "جشن منطقهٔ دیگر", "month": 2,
                                                                    "day": 1}).id,
    )


def seed_sample(today: date | None = None) -> Sample:
    """Load the demo district and a second district; return the ids pages are opened with."""
    from tracker.persian.dates import today_tehran

    today = today or today_tehran()
    district = seed_district(21)
    seed_demo(district, today)
    own, household = _own_records(district)
    other = _other_records(today)
    return Sample(own=own, other=other, household_name=household.name,
                  personal=(household.phone, household.national_id, household.address, NOTES))
