"""The city-scale demo data, generated small: counts, rules, search keys, reproducibility, pages."""
from collections import Counter
from datetime import date
from itertools import pairwise

import pytest
from sqlalchemy import func, select, text

from tracker.extensions import db
from tracker.models import (
    Base, Campaign, Commitment, Department, District, Event, FeedbackItem, FeedbackUpdate, Household,
    Neighborhood, Official, Phase, Topic, event_household, event_official,
)
from tracker.persian.text import normalize, search_key, sort_column
from tracker.persian.validators import is_valid_mobile, is_valid_national_id
from tracker.seeds.city import CitySeedError, Scale, seed_city
from tracker.seeds.demo import DEMO_PASSWORD
from tracker.seeds.district import seed_district
from tracker.workcalendar import work_calendar

TINY = Scale(districts=3, neighborhoods=30, households=300, events=400, feedback=1200, commitments=60)
TODAY = date(2026, 11, 30)
LARGE_TABLES = ("household", "event", "event_official", "event_household", "feedback_item", "feedback_update",
                "commitment", "campaign_target")


@pytest.fixture
def city(app):
    """The tiny city seeded on a fixed day and committed."""
    counts = seed_city(TINY, seed=5, today=TODAY)
    db.session.commit()
    return counts


def _rows(table: str) -> list[tuple]:
    return [tuple(r) for r in db.session.execute(text(f'SELECT * FROM "{table}" ORDER BY 1, 2'))]


def _empty_and_reseed_district() -> None:
    db.session.close()  # release this session's locks before TRUNCATE asks for its own
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
    seed_district(21)
    db.session.commit()


def test_counts_match_the_scale_and_span_five_jalali_years(city):
    assert city["districts"] == 3 and city["neighborhoods"] == 30
    assert (city["households"], city["events"], city["feedback"], city["commitments"]) == (300, 400, 1200, 60)
    assert db.session.scalar(select(func.count(District.id))) == 3
    assert db.session.scalar(select(func.count(Neighborhood.id))) == 30
    assert db.session.scalar(select(func.count(FeedbackItem.id))) == 1200
    first, last = db.session.execute(select(func.min(Event.held_on), func.max(Event.held_on))).one()
    assert first >= date(2021, 3, 21) and first < date(2021, 6, 1)  # 1 Farvardin 1400 onwards
    assert last > TODAY  # a few visits are planned for the coming weeks
    # Every district has its departments, topics and officials.
    for model in (Department, Topic, Official, Campaign):
        per_district = Counter(db.session.scalars(select(model.district_id)))
        assert len(per_district) == 3 and min(per_district.values()) > 0


def test_feedback_dates_and_statuses_follow_the_workflow(city):
    items = db.session.scalars(select(FeedbackItem)).all()
    calendars = {d.id: work_calendar(d) for d in db.session.scalars(select(District))}
    sla = dict(db.session.execute(select(Topic.id, Topic.sla_days)).all())
    for item in items:
        steps = [d for d in (item.received_on, item.referred_on, item.answered_on, item.closed_on) if d]
        assert steps == sorted(steps) and steps[-1] <= TODAY
        if item.referred_on:
            assert item.due_on == calendars[item.district_id].add(item.referred_on, sla[item.topic_id])
        if item.referred_on is None:
            assert item.status in ("new", "rejected", "merged") and item.due_on is None
        if item.status == "closed":
            assert item.satisfaction and item.closed_on and item.answered_on
        if item.status == "answered":
            assert item.answered_on and item.response and not item.closed_on
        if item.status == "rejected":
            assert item.rejection_reason
        if item.status == "merged":
            target = db.session.get(FeedbackItem, item.merged_into_id)
            assert target.district_id == item.district_id and target.id < item.id and target.status != "merged"
    by_status = Counter(i.status for i in items)
    assert {"new", "referred", "in_progress", "answered", "closed", "rejected", "merged"} <= set(by_status)
    old = [i for i in items if (TODAY - i.received_on).days > 365]
    assert sum(i.status in ("closed", "answered", "rejected", "merged") for i in old) > 0.95 * len(old)
    recent = [i for i in items if (TODAY - i.received_on).days < 120]
    assert any(i.status in ("referred", "in_progress") and i.due_on < TODAY for i in recent)
    assert db.session.scalar(select(func.count()).select_from(FeedbackUpdate)
                             .where(FeedbackUpdate.action == "rerefer")) > 0


def test_each_timeline_starts_with_create_and_ends_in_the_items_status(city):
    steps: dict[int, list] = {}
    for u in db.session.scalars(select(FeedbackUpdate).order_by(FeedbackUpdate.id)):
        steps.setdefault(u.item_id, []).append(u)
    for item in db.session.scalars(select(FeedbackItem)):
        timeline = steps[item.id]
        assert timeline[0].action == "create" and timeline[0].to_status == "new"
        moves = [u for u in timeline if u.to_status]
        assert moves[-1].to_status == item.status
        assert item.version == len(moves)
        assert [u.at for u in timeline] == sorted(u.at for u in timeline)
        assert timeline[0].at.date() == item.received_on
        for before, after in pairwise(moves):
            assert after.from_status == before.to_status
        if item.status == "closed":
            assert any(u.action == "contact" for u in timeline)


def test_references_stay_inside_one_district(city):
    def pairs(stmt):
        return db.session.execute(stmt).all()

    assert all(a == b for a, b in pairs(select(Event.district_id, Neighborhood.district_id).join(Neighborhood)))
    assert all(a == b for a, b in pairs(select(Household.district_id, Neighborhood.district_id).join(Neighborhood)))
    assert all(a == b for a, b in pairs(
        select(FeedbackItem.district_id, Event.district_id).join(Event, Event.id == FeedbackItem.event_id)))
    assert all(a == b for a, b in pairs(
        select(FeedbackItem.district_id, Household.district_id).join(Household)))
    assert all(a == b for a, b in pairs(
        select(FeedbackItem.district_id, Department.district_id).join(Department)))
    assert all(a == b for a, b in pairs(select(Event.district_id, Household.district_id)
                                        .join(event_household, event_household.c.event_id == Event.id)
                                        .join(Household, Household.id == event_household.c.household_id)))
    assert all(a == b for a, b in pairs(select(Event.district_id, Official.district_id)
                                        .join(event_official, event_official.c.event_id == Event.id)
                                        .join(Official, Official.id == event_official.c.official_id)))
    assert all(a == b for a, b in pairs(select(Commitment.district_id, Official.district_id).join(Official)))
    # An event's phase belongs to its campaign and the event falls inside the campaign.
    for held_on, campaign, phase_campaign, starts, ends in pairs(
            select(Event.held_on, Event.campaign_id, Phase.campaign_id, Campaign.starts_on, Campaign.ends_on)
            .join(Campaign, Campaign.id == Event.campaign_id).outerjoin(Phase, Phase.id == Event.phase_id)):
        assert phase_campaign in (None, campaign) and starts <= held_on <= ends
    # Households met at an event were registered by then.
    late = db.session.scalar(select(func.count()).select_from(event_household)
                             .join(Event, Event.id == event_household.c.event_id)
                             .join(Household, Household.id == event_household.c.household_id)
                             .where(func.date(Household.created_at) > Event.held_on))
    assert late == 0


def test_search_keys_are_what_searchable_would_store(city):
    for household in db.session.scalars(select(Household)):
        fresh = Household(name=household.name, martyr_name=household.martyr_name, address=household.address)
        assert (household.name_key, household.name_sort, household.martyr_name_key, household.address_key) == (
            fresh.name_key, fresh.name_sort, fresh.martyr_name_key, fresh.address_key)
        assert household.name_sort == sort_column(household.name)
    for item in db.session.scalars(select(FeedbackItem)):
        assert item.text == normalize(item.text) and item.text_key == search_key(item.text)
    for event in db.session.scalars(select(Event)):
        fresh = Event(title=event.title, minutes=event.minutes)
        assert (event.title, event.title_key, event.minutes_key) == (fresh.title, fresh.title_key, fresh.minutes_key)
    for commitment in db.session.scalars(select(Commitment)):
        assert commitment.text_key == search_key(commitment.text)
        assert commitment.status != "done" or (commitment.evidence and commitment.done_on <= TODAY)
    # Searching a household by a differently typed name finds it (Arabic yeh for Persian yeh).
    some = db.session.scalar(select(Household).where(Household.name.contains("ی")).limit(1))
    typed = some.name.replace("ی", "\u064a")
    assert db.session.scalar(select(func.count(Household.id)).where(Household.name_key == search_key(typed))) >= 1


def test_people_are_valid_and_not_duplicated(city):
    homes = db.session.scalars(select(Household)).all()
    phones = [h.phone for h in homes if h.phone]
    ids = [h.national_id for h in homes if h.national_id]
    assert phones and ids and all(map(is_valid_mobile, phones)) and all(map(is_valid_national_id, ids))
    assert len(set(phones)) == len(phones) and len(set(ids)) == len(ids)
    names = Counter((h.district_id, h.name_key) for h in homes)
    assert max(names.values()) == 1  # the duplicate check would not stop any of them
    assert all(h.martyr_name for h in homes if h.category == "martyr_family")


def test_same_seed_gives_the_same_data_and_another_seed_does_not(app):
    seed_city(TINY, seed=5, today=TODAY)
    db.session.commit()
    first = {t: _rows(t) for t in LARGE_TABLES}
    _empty_and_reseed_district()
    seed_city(TINY, seed=5, today=TODAY)
    db.session.commit()
    assert {t: _rows(t) for t in LARGE_TABLES} == first
    _empty_and_reseed_district()
    seed_city(TINY, seed=6, today=TODAY)
    db.session.commit()
    assert _rows("feedback_item") != first["feedback_item"]


def test_seeded_district_pages_render_for_the_demo_accounts(app, client):
    from tracker.persian.dates import today_tehran

    seed_city(TINY, seed=5, today=today_tehran())
    db.session.commit()
    district = db.session.scalar(select(District).where(District.number == 21))
    assert client.post("/auth/login", data={"username": "pr", "password": DEMO_PASSWORD}).status_code == 302
    newest = db.session.scalar(select(Event).where(Event.district_id == district.id)
                               .order_by(Event.held_on.desc(), Event.id.desc()).limit(1))
    events = client.get("/events/").get_data(as_text=True)
    assert newest.title in events
    first_home = db.session.scalar(select(Household.name).where(Household.district_id == district.id)
                                   .order_by(Household.name_sort, Household.id).limit(1))
    assert first_home in client.get("/households/").get_data(as_text=True)
    for path in ("/", "/feedback/", "/reports/", "/feedback/commitments"):
        response = client.get(path)
        assert response.status_code == 200, path
    other = db.session.scalar(select(Event.title).where(Event.district_id != district.id).limit(1))
    assert other not in events  # another district's events stay out of this district's list
    client.post("/auth/logout")
    client.post("/auth/login", data={"username": "manager", "password": DEMO_PASSWORD})
    inbox = client.get("/feedback/inbox").get_data(as_text=True)
    assert 'id="overdue"' in inbox and "معاونت خدمات شهری و محیط زیست" in inbox


def test_cli_refuses_a_database_that_already_has_activity(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    before = db.session.scalar(select(func.count(Event.id)))
    result = runner.invoke(args=["seed-demo", "--scale", "city", "--seed", "3"])
    assert result.exit_code != 0 and "already holds" in result.output
    assert db.session.scalar(select(func.count(Event.id))) == before
    with pytest.raises(CitySeedError):
        seed_city(TINY, seed=1, today=TODAY)
