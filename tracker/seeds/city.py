"""City-scale demo data: every district's places, people and years of visits and feedback, in bulk.

Reference rows (districts, areas, neighborhoods, departments, topics, officials, users,
campaigns) go through the models, so @searchable and the defaults apply as in the app. The
large tables are written as plain rows in batches (see tracker.seeds.bulk); their key columns
come from the same text functions @searchable uses, and every row keeps the CHECK constraints
and the invariants the services enforce. The same seed on the same day gives the same data.
"""
import json
import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from tracker.extensions import db
from tracker.holidays.services import fill_years
from tracker.models import (
    Area, Campaign, Department, District, Event, FeedbackItem, Household, Neighborhood, Official, Phase,
    Topic, User,
)
from tracker.persian.dates import jalali_to_date, jalali_year_month, today_tehran
from tracker.persian.digits import to_persian_digits
from tracker.seeds import city_words as words
from tracker.seeds.bulk import BulkWriter, finish, next_id
from tracker.seeds.city_feedback import DistrictDesk, FeedbackMaker, Topic as TopicInfo, pick
from tracker.seeds.city_rows import (
    CATEGORIES, KINDS, Campaign as CampaignInfo, EventMaker, HouseholdMaker, Office, Place, office_time,
)
from tracker.seeds.demo import DEMO_PASSWORD, DEMO_USERS
from tracker.seeds.district import SEED_DIR, seed_district
from tracker.workcalendar import work_calendar


@dataclass(frozen=True)
class Scale:
    """How much to generate, in total over all districts."""

    districts: int
    neighborhoods: int
    households: int
    events: int
    feedback: int
    commitments: int
    years: int = 5


CITY = Scale(districts=22, neighborhoods=350, households=200_000, events=300_000, feedback=1_000_000,
             commitments=60_000)
SCALES = {
    "city": CITY,
    # One district's share of the city, for quick runs.
    "district": replace(CITY, districts=1, neighborhoods=-(-CITY.neighborhoods // 22),
                        households=-(-CITY.households // 22), events=-(-CITY.events // 22),
                        feedback=-(-CITY.feedback // 22), commitments=-(-CITY.commitments // 22)),
}
MAIN_TABLES = ("household", "event", "feedback_item", "commitment")
FEEDBACK_WEIGHT = {"home_visit": 3, "meeting": 5, "gathering": 6, "ceremony": 1}
TOPIC_WEIGHT = {"آسفالت، جدول و پیاده‌رو": 3, "پسماند و نظافت محله": 3, "روشنایی معابر": 2,
                "ترافیک و پارکینگ": 2, "فضای سبز و بوستان": 2}
FUTURE_DAYS = 21


class CitySeedError(Exception):
    """The database is not one the city data may be loaded into."""


def total_rows(scale: Scale) -> int:
    """Return how many main rows (households, events, feedback, commitments) a scale writes."""
    return scale.households + scale.events + scale.feedback + scale.commitments


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _district_numbers(count: int, default: int) -> list[int]:
    numbers = [n for n in range(1, count + 1) if n != default][: count - 1]
    return sorted([*numbers, default])


# ---- reference data, through the models -------------------------------------------------------

def _template() -> dict:
    return json.loads((SEED_DIR / "district21.json").read_text(encoding="utf-8"))


def _generated_district(number: int, neighborhoods: list[str], rng: random.Random) -> District:
    """Add a district that ships no reference file: areas, neighborhoods, the city's departments and topics."""
    district = District(number=number, name=f"منطقه {number} شهرداری تهران",
                        weekend="3,4" if rng.random() < 0.25 else "4")
    db.session.add(district)
    db.session.flush()
    count = max(2, round(len(neighborhoods) / 5))
    areas = [Area(district_id=district.id, name=f"ناحیه {k + 1}") for k in range(count)]
    db.session.add_all(areas)
    db.session.flush()
    for i, name in enumerate(neighborhoods):
        db.session.add(Neighborhood(district_id=district.id, area_id=areas[i * count // len(neighborhoods)].id,
                                    name=name))
    template = _template()
    departments = {name: Department(district_id=district.id, name=name) for name in template["departments"]}
    db.session.add_all(departments.values())
    db.session.flush()
    for topic in template["topics"]:
        db.session.add(Topic(district_id=district.id, name=topic["name"], sla_days=topic["sla_days"],
                             department_id=departments[topic["department"]].id,
                             response_template=topic.get("template") or None))
    db.session.flush()
    return district


def _neighborhood_names(rng: random.Random):
    """Yield neighborhood names: the known ones shuffled, then composed ones, never the same twice."""
    seen = set()
    known = list(dict.fromkeys(words.NEIGHBORHOODS))
    rng.shuffle(known)
    composed = [f"{p} {s}" for p in words.NEIGHBORHOOD_PREFIXES for s in words.STREETS]
    rng.shuffle(composed)
    for name in known + composed:
        if name not in seen:
            seen.add(name)
            yield name


def _person(rng: random.Random) -> tuple[str, str]:
    """Return (honorific and name, plain name) of an official."""
    if rng.random() < 0.25:
        first, honorific = rng.choice(words.FEMALE), rng.choice(words.OFFICIAL_HONORIFICS_FEMALE)
    else:
        first, honorific = rng.choice(words.MALE), rng.choice(words.OFFICIAL_HONORIFICS_MALE)
    plain = f"{first} {rng.choice(words.SURNAMES)}"
    return f"{honorific} {plain}", plain


def _user(username: str, role: str, full_name: str, district_id: int, password_hash: str,
          department_id: int | None = None) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, role=role, full_name=full_name, district_id=district_id,
                    department_id=department_id, password_hash=password_hash)
        db.session.add(user)
        db.session.flush()
    return user


def _staff(district: District, default: bool, rng: random.Random, password_hash: str):
    """Add the district's officials and users; return (Office without campaigns, DistrictDesk)."""
    departments = db.session.scalars(select(Department).where(Department.district_id == district.id)
                                     .order_by(Department.id)).all()
    areas = db.session.scalars(select(Area).where(Area.district_id == district.id).order_by(Area.id)).all()
    mayor = Official(district_id=district.id, name=_person(rng)[0],
                     title=f"شهردار منطقه {to_persian_digits(district.number)}")
    deputies = []
    for department in departments:
        title = department.name.replace("معاونت", "معاون", 1) if department.name.startswith("معاونت") \
            else words.DEPARTMENT_TITLES.get(department.name, f"مدیر {department.name}")
        deputies.append(Official(district_id=district.id, name=_person(rng)[0], title=title,
                                 department_id=department.id))
    area_mayors = [Official(district_id=district.id, name=_person(rng)[0], title=f"شهردار {a.name}")
                   for a in areas]
    db.session.add_all([mayor, *deputies, *area_mayors])
    db.session.flush()
    if default:
        by_name = {d.name: d.id for d in departments}
        for username, role, full_name, department in DEMO_USERS:
            _user(username, role, full_name, district.id, password_hash, by_name.get(department))
        pr = db.session.scalar(select(User).where(User.username == "pr"))
    else:
        pr = _user(f"pr-{district.number}", "pr_staff", f"{_person(rng)[1]} (روابط عمومی)", district.id,
                   password_hash)
    managers = {}
    for k, department in enumerate(departments, 1):
        existing = db.session.scalar(select(User).where(User.role == "manager", User.department_id == department.id))
        managers[department.id] = (existing or _user(
            f"manager-{district.number}-{k}", "manager", _person(rng)[1], district.id, password_hash,
            department.id)).id
    office = Office(district.id, [mayor.id] + [d.id for d in deputies],
                    {i: a.id for i, a in enumerate(area_mayors)}, pr.id, [])
    desk = DistrictDesk(district.id, work_calendar(district),
                        [d.id for d in departments], pr.id, managers)
    return office, desk


def _campaigns(district: District, first_year: int, today: date, rng: random.Random) -> list[CampaignInfo]:
    """Add the district's campaigns of each Jalali year up to a month from today, with their phases."""
    made = []
    for year in range(first_year, jalali_year_month(today)[0] + 1):
        for title, occasion, (sm, sd), (em, ed), (pm, pd) in words.CAMPAIGNS:
            starts, ends, split = (jalali_to_date(year, sm, sd), jalali_to_date(year, em, ed),
                                   jalali_to_date(year, pm, pd))
            if starts > today + timedelta(days=30):
                continue
            status = "closed" if ends < today else "active" if starts <= today else "draft"
            campaign = Campaign(district_id=district.id, title=f"{title} {year}", occasion=occasion,
                                status=status, starts_on=starts, ends_on=ends, goals=rng.choice(words.CAMPAIGN_GOALS),
                                created_at=office_time(rng, starts - timedelta(days=20)))
            campaign.phases = [Phase(number=1, title=words.PHASE_TITLES[0], starts_on=starts,
                                     ends_on=split - timedelta(days=1)),
                               Phase(number=2, title=words.PHASE_TITLES[1], starts_on=split, ends_on=ends)]
            db.session.add(campaign)
            db.session.flush()
            made.append(CampaignInfo(campaign.id, starts, ends,
                                     [(p.id, p.starts_on, p.ends_on) for p in campaign.phases]))
    return made


# ---- the plan of the large tables ----------------------------------------------------------------

def _day(rng: random.Random, start: date, today: date) -> date:
    """Return an event day: more of them in later years, none on a Friday."""
    span = (today - start).days + FUTURE_DAYS
    offset = rng.uniform(0, span) if rng.random() < 0.5 else rng.triangular(0, span, span)
    day = start + timedelta(days=int(offset))
    return day - timedelta(days=1) if day.weekday() == 4 and day > start else day


def _status(rng: random.Random, day: date, today: date) -> str:
    if day > today or (day >= today - timedelta(days=10) and rng.random() < 0.15):
        return "planned"
    return "cancelled" if rng.random() < 0.06 else "done"


def _allocate(rng: random.Random, plan: list[list], total: int, weights: dict[str, int], slot: int) -> None:
    """Spread total items over the done events of the plan, by kind weight, into plan[i][slot]."""
    eligible = [i for i, e in enumerate(plan) if e[5] == "done" and e[4] in weights]
    if not eligible or not total:
        return
    for i, n in Counter(rng.choices(eligible, [weights[plan[i][4]] for i in eligible], k=total)).items():
        plan[i][slot] = n


def _plan_households(rng, scale, today, places) -> list[list]:
    """Return [created day, district index, place index, category] per household, in creation order."""
    plan = []
    for di, n in enumerate(_split(scale.households, len(places))):
        weights = [rng.uniform(0.6, 1.4) for _ in places[di]]
        for pi in rng.choices(range(len(places[di])), weights, k=n):
            plan.append([None, di, pi, pick(rng, CATEGORIES)])
    start, _ = scale_dates(scale, today)
    for row in plan:
        before = rng.random() < 0.5
        row[0] = start - timedelta(days=rng.randint(1, 500)) if before else \
            start + timedelta(days=rng.randint(0, (today - start).days))
    plan.sort(key=lambda r: (r[0], r[1]))
    return plan


def scale_dates(scale: Scale, today: date) -> tuple[date, date]:
    """Return the first day (1 Farvardin, scale.years Jalali years back) and today."""
    return jalali_to_date(jalali_year_month(today)[0] - scale.years, 1, 1), today


def _plan_events(rng, scale, today, places) -> list[list]:
    """Return [day, district index, seq, place index, kind, status, feedback, commitments] per event."""
    start, _ = scale_dates(scale, today)
    everything = []
    shares = zip(_split(scale.events, len(places)), _split(scale.feedback, len(places)),
                 _split(scale.commitments, len(places)))
    for di, (n_events, n_feedback, n_commitments) in enumerate(shares):
        weights = [1 + sum(len(rows) for _days, rows in p.homes.values()) for p in places[di]]
        plan = []
        for seq, pi in enumerate(rng.choices(range(len(places[di])), weights, k=n_events)):
            day = _day(rng, start, today)
            plan.append([day, di, seq, pi, pick(rng, KINDS), _status(rng, day, today), 0, 0])
        _allocate(rng, plan, n_feedback, FEEDBACK_WEIGHT, 6)
        _allocate(rng, plan, n_commitments, {"home_visit": 1, "meeting": 1, "gathering": 1}, 7)
        everything += plan
    everything.sort(key=lambda e: (e[0], e[1], e[2]))
    return everything


def _places(district_id: int) -> list[Place]:
    rows = db.session.execute(select(Neighborhood.id, Neighborhood.name, Neighborhood.area_id)
                              .where(Neighborhood.district_id == district_id).order_by(Neighborhood.id)).all()
    areas = {a: i for i, a in enumerate(sorted({r.area_id for r in rows}))}
    return [Place(r.id, r.name, areas[r.area_id]) for r in rows]


def _topics(district_id: int) -> list[TopicInfo]:
    rows = db.session.scalars(select(Topic).where(Topic.district_id == district_id).order_by(Topic.id))
    return [TopicInfo(t.id, t.name, t.department_id, t.sla_days) for t in rows]


def seed_city(scale: Scale, *, seed: int = 1405, default_district: int = 21, today: date | None = None,
              copy: bool = True, progress=None) -> dict[str, int]:
    """Fill an empty database with the scale's districts and years of activity; return the row counts.

    Nothing is committed here (the caller commits once). progress(n) is called as main rows are
    written; copy=True uses COPY on PostgreSQL instead of batched INSERTs.
    """
    today = today or today_tehran()
    if any(db.session.scalar(select(m.id).limit(1)) for m in (Household, Event, FeedbackItem)):
        raise CitySeedError("this database already holds households, events or feedback; "
                            "city data is loaded only into a database without them")
    rng = random.Random(seed)
    start, _ = scale_dates(scale, today)
    first_year = jalali_year_month(start)[0]
    fill_years(tuple(range(first_year, jalali_year_month(today)[0] + 2)))
    numbers = _district_numbers(scale.districts, default_district)
    shipped = [n for n in numbers if (SEED_DIR / f"district{n}.json").exists()]
    for number in shipped:
        seed_district(number)
    fixed = db.session.scalar(select(func.count(Neighborhood.id)).join(District)
                              .where(District.number.in_(shipped))) if shipped else 0
    generated = [n for n in numbers if n not in shipped]
    sizes = iter(_split(max(scale.neighborhoods - fixed, 2 * len(generated)), len(generated) or 1))
    names = _neighborhood_names(rng)
    password_hash = generate_password_hash(DEMO_PASSWORD)
    districts, offices, desks, places, topics = [], [], [], [], []
    for number in numbers:
        district = (db.session.scalar(select(District).where(District.number == number)) if number in shipped
                    else _generated_district(number, [next(names) for _ in range(next(sizes))], rng))
        office, desk = _staff(district, number == default_district, rng, password_hash)
        office.campaigns = _campaigns(district, first_year, today, rng)
        districts.append(district.id)
        offices.append(office)
        desks.append(desk)
        places.append(_places(district.id))
        topics.append(_topics(district.id))
    db.session.flush()

    connection = db.session.connection()
    writer = BulkWriter(connection, copy=copy,
                        on_write=lambda name, n: progress(n) if progress and name in MAIN_TABLES else None)
    homes = HouseholdMaker(rng, next_id(connection, "household"))
    household_plan = _plan_households(rng, scale, today, places)
    for di, n in Counter(r[1] for r in household_plan).items():
        homes.name_order(districts[di], n)
    for created_on, di, pi, category in household_plan:
        writer.add("household", homes.make(districts[di], places[di][pi], category, created_on))
    for di, office in enumerate(offices):
        for campaign in office.campaigns:
            for place in places[di]:
                for category, share in (("martyr_family", 0.25), ("trustee", 0.3)):
                    count = round(len(place.homes.get(category, ((), ()))[1]) * share)
                    if count:
                        writer.add("campaign_target", {"campaign_id": campaign.id, "neighborhood_id": place.id,
                                                       "category": category, "count": count})

    events = EventMaker(rng, today, next_id(connection, "event"), next_id(connection, "commitment"))
    feedback = FeedbackMaker(rng, today, next_id(connection, "feedback_item"), next_id(connection, "feedback_update"))
    topic_weights = [[TOPIC_WEIGHT.get(t.name, 1) for t in ts] for ts in topics]
    for day, di, _seq, pi, kind, status, n_feedback, n_commitments in _plan_events(rng, scale, today, places):
        office = offices[di]
        event, officials, visited = events.make(office, places[di][pi], kind, status, day)
        writer.add("event", event)
        for official_id in officials:
            writer.add("event_official", {"event_id": event["id"], "official_id": official_id})
        for home in visited:
            writer.add("event_household", {"event_id": event["id"], "household_id": home[0]})
        for topic in rng.choices(topics[di], topic_weights[di], k=n_feedback):
            heard_from = rng.choice(visited)[0] if visited and rng.random() < 0.9 else None
            item, timeline = feedback.make(desks[di], event["id"], day, heard_from, topic)
            writer.add("feedback_item", item)
            for update in timeline:
                writer.add("feedback_update", update)
        for _ in range(n_commitments):
            writer.add("commitment", events.commitment(office, event, rng.choice(officials),
                                                      visited[0][0] if visited else None))
    writer.flush()
    finish(connection)
    return {"districts": len(numbers), "neighborhoods": sum(len(p) for p in places),
            "households": writer.written["household"], "events": writer.written["event"],
            "feedback": writer.written["feedback_item"], "timeline": writer.written["feedback_update"],
            "commitments": writer.written["commitment"]}
