"""Demo-like data for tests that open every page: District 21's demo, plus one record of each kind elsewhere."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from tracker.auth import sessions
from tracker.auth.tokens import create_token
from tracker.extensions import db
from tracker.models import (
    ApiToken, Area, Campaign, Commitment, Department, District, DistrictDayOff, Event, FeedbackItem, Holiday, Household,
    Neighborhood, Official, Phase, Topic, User, UserSession, campaign_household,
)
from tracker.occasions.services import create_occasion
from tracker.seeds.demo import DEMO_PASSWORD, seed_demo
from tracker.seeds.district import seed_district
from tests.factories import other_district

# The demo's accounts, by role; they all sign in with DEMO_PASSWORD.
USERNAMES = {"admin": "admin", "pr_staff": "pr", "manager": "manager", "viewer": "viewer", "city": "city"}
PASSWORD = DEMO_PASSWORD
# Personal fields of the sample household: no viewer or city-wide user may read any of them.
NOTES = "یادداشت محرمانهٔ خانواده برای آزمون"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@dataclass(frozen=True)
class Records:
    """Ids of records of one district, named after the URL arguments that take them.

    The records a workflow step needs in a given state (a planned event to mark held, a feedback
    item in progress to answer, ...) have fields of their own; a row names them in its ``ids``.
    """

    campaign_id: int
    phase_id: int
    event_id: int  # a visit held, with feedback and a commitment
    household_id: int
    item_id: int  # referred to the demo manager's department (District 22: to its only one)
    commitment_id: int
    official_id: int
    department_id: int
    neighborhood_id: int
    area_id: int
    user_id: int  # the PR staff account
    topic_id: int
    day_off_id: int  # a day off of the district's own
    session_id: int  # a live sign-in session of user_id, not used by any test client
    token_id: int  # an API token of user_id
    planned_event_id: int  # a home visit still planned, with an official attending
    in_progress_item_id: int  # feedback being worked on, in item_id's department
    answered_item_id: int  # answered, the family not yet told
    reopenable_item_id: int  # closed, the family not satisfied
    spare_area_id: int  # an area without neighborhoods, which may be deleted
    spare_department_id: int  # a department without officials, which may be deleted
    occasion_id: int | None = None  # the district's own occasion (national ones belong to no district)
    import_token: str | None = None  # a household list user_id uploaded and checked in a dry run
    import_run_token: str | None = None  # another such list, for the import itself (which uses it up)


@dataclass(frozen=True)
class Sample:
    """The records pages are opened with: District 21's (own) and another district's (other)."""

    own: Records
    other: Records
    personal: tuple[str, ...]  # the own sample household's phone, national ID, address and notes
    household_name: str
    tokens: dict[str, str]  # role -> a live API token of the demo account
    today: date
    other_district_id: int = 0  # District 22's id, for the city-wide switcher
    other_district_number: int = 22


def _first(stmt):
    return db.session.scalars(stmt.limit(1)).first()


def _day_off(district_id: int, today: date) -> DistrictDayOff:
    """Add a day off of the district's own on a day that is no national holiday."""
    national = set(db.session.scalars(select(Holiday.day)))
    day = today + timedelta(days=30)
    while day in national:
        day += timedelta(days=1)
    day_off = DistrictDayOff(district_id=district_id, day=day, title="سالروز تأسیس منطقه")
    db.session.add(day_off)
    return day_off


def _access(user: User) -> tuple[int, int]:
    """Give the user a live session and an API token no test client uses; return their ids."""
    sessions.start(user, "192.0.2.7", BROWSER)
    create_token(user)
    db.session.flush()
    newest = select(UserSession.id).where(UserSession.user_id == user.id).order_by(UserSession.id.desc())
    token = select(ApiToken.id).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return db.session.scalar(newest.limit(1)), db.session.scalar(token.limit(1))


def _in_states(event: Event, household: Household, department_id: int, official: Official, today: date) -> dict:
    """Add the records some writes need in a given state; return their ids.

    A planned visit; feedback in progress, answered, and closed unsatisfied; and an area and a
    department that nothing belongs to yet, so that deleting them is allowed.
    """
    planned = Event(district_id=event.district_id, campaign_id=event.campaign_id, phase_id=event.phase_id,
                    neighborhood_id=event.neighborhood_id, kind="home_visit", status="planned",
                    held_on=today + timedelta(days=3), title="دیدار برنامه‌ریزی‌شده برای آزمون")
    planned.officials = [official]
    planned.households = [household]
    received = today - timedelta(days=10)
    common = {"district_id": event.district_id, "event_id": event.id, "household_id": household.id,
              "kind": "request", "department_id": department_id, "received_on": received,
              "referred_on": received, "due_on": today + timedelta(days=5)}
    working = FeedbackItem(**common, text="ترمیم آسفالت کوچه", status="in_progress")
    answered = FeedbackItem(**common, text="نصب چراغ کوچه", status="answered", answered_on=today - timedelta(days=2),
                            response="چراغ تا پایان ماه نصب می‌شود.")
    closed = FeedbackItem(**common, text="لایروبی جوی آب", status="closed", answered_on=today - timedelta(days=4),
                          closed_on=today - timedelta(days=1), response="جوی لایروبی شد.",
                          satisfaction="not_satisfied")
    # Heard with a department but not yet referred: what the visit page's "refer all" refers.
    waiting = FeedbackItem(**{**common, "referred_on": None, "due_on": None}, text="سایه‌بان ایستگاه اتوبوس",
                           status="new")
    area = Area(district_id=event.district_id, name="ناحیهٔ تازه‌تأسیس")
    department = Department(district_id=event.district_id, name="ادارهٔ مشارکت‌های مردمی")
    db.session.add_all([planned, working, answered, closed, waiting, area, department])
    db.session.flush()
    return {"planned_event_id": planned.id, "in_progress_item_id": working.id, "answered_item_id": answered.id,
            "reopenable_item_id": closed.id, "spare_area_id": area.id, "spare_department_id": department.id}


def _import_uploads(user: User) -> dict:
    """Upload two small household lists as the user and check each in a dry run; return their tokens."""
    from tracker.households.importing import files, service, store

    hood = _first(select(Neighborhood).where(Neighborhood.district_id == user.district_id).order_by(Neighborhood.id))
    data = f"نام خانوار,محله,دسته\r\nخانوادهٔ فهرست درون‌ریزی,{hood.name},شهروند\r\n".encode()
    tokens = {}
    for name in ("import_token", "import_run_token"):
        sheet = files.read_sheet(data, "list.csv")
        upload = store.save(data, "list.csv", user)
        upload.mapping = {str(index): field for index, field in sheet.mapping.items()}
        upload.report = service.dry_run(sheet, sheet.mapping, service.Options(), user.district_id).to_dict()
        store.update(upload)
        tokens[name] = upload.token
    return tokens


def _own_records(district: District, today: date) -> tuple[Records, Household]:
    """Pick demo records that have something to show: a visit with feedback and a commitment."""
    commitment = _first(select(Commitment).where(Commitment.district_id == district.id).order_by(Commitment.id))
    event = db.session.get(Event, commitment.event_id)
    manager = db.session.scalar(select(User).where(User.username == USERNAMES["manager"]))
    # Referred to the manager's department, so that the manager may act on it.
    item = _first(select(FeedbackItem).where(FeedbackItem.district_id == district.id,
                                             FeedbackItem.status == "referred",
                                             FeedbackItem.department_id == manager.department_id)
                  .order_by(FeedbackItem.id))
    household = _first(select(Household).where(Household.district_id == district.id,
                                               Household.national_id.is_not(None),
                                               Household.phone.is_not(None)).order_by(Household.id))
    household.notes = NOTES
    official = event.officials[0]
    user = db.session.scalar(select(User).where(User.username == USERNAMES["pr_staff"]))
    topic = _first(select(Topic).where(Topic.district_id == district.id).order_by(Topic.id))
    day_off = _day_off(district.id, today)
    session_id, token_id = _access(user)
    # The sample household is on its campaign's target list, so the lists show personal data to mask.
    db.session.execute(campaign_household.insert().values(campaign_id=event.campaign_id, household_id=household.id))
    occasion = create_occasion(district.id, {"title": "سالروز تأسیس منطقه", "month": 8, "day": 20})
    records = Records(
        campaign_id=event.campaign_id, phase_id=event.phase_id, event_id=event.id, household_id=household.id,
        item_id=item.id, commitment_id=commitment.id, official_id=official.id, department_id=item.department_id,
        neighborhood_id=event.neighborhood_id, area_id=event.neighborhood.area_id, user_id=user.id,
        topic_id=topic.id, day_off_id=day_off.id, session_id=session_id, token_id=token_id, occasion_id=occasion.id,
        **_in_states(event, household, item.department_id, official, today), **_import_uploads(user),
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
    day_off = _day_off(district_id, today)
    db.session.add_all([item, commitment])
    db.session.flush()
    session_id, token_id = _access(user)
    return Records(
        campaign_id=campaign.id, phase_id=campaign.phases[0].id, event_id=event.id, household_id=household.id,
        item_id=item.id, commitment_id=commitment.id, official_id=official.id, department_id=department.id,
        neighborhood_id=place.neighborhood.id, area_id=place.area.id, user_id=user.id, topic_id=topic.id,
        day_off_id=day_off.id, session_id=session_id, token_id=token_id,
        occasion_id=create_occasion(district_id, {"title": "جشن منطقهٔ دیگر", "month": 2, "day": 1}).id,
        **_in_states(event, household, department.id, official, today), **_import_uploads(user),
    )


def seed_sample(today: date | None = None) -> Sample:
    """Load the demo district and a second district; return the ids pages are opened with."""
    from tracker.persian.dates import today_tehran

    today = today or today_tehran()
    district = seed_district(21)
    seed_demo(district, today)
    own, household = _own_records(district, today)
    other = _other_records(today)
    tokens = {role: create_token(db.session.scalar(select(User).where(User.username == name)))
              for role, name in USERNAMES.items()}
    return Sample(own=own, other=other, household_name=household.name, tokens=tokens, today=today,
                  other_district_id=db.session.get(Event, other.event_id).district_id,
                  personal=(household.phone, household.national_id, household.address, NOTES))
