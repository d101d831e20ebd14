"""Every list, the dashboard and the reports cost the same number of SQL statements with 3 rows as with 30.

A page that loads each row's neighborhood, campaign or official one by one (an N+1) sends more
statements the more rows it shows; the office feels that as a page that slows down as the year fills.
"""
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from tracker.extensions import db
from tracker.kept import forget_everything
from tracker.models import (
    Campaign, Commitment, Department, Event, FeedbackItem, FeedbackUpdate, Household, Neighborhood, Official,
    Phase, Topic,
)
from tracker.persian.dates import today_tehran

FEW, MANY = 3, 30
# Every record carries this word, so the test can see how many rows a page shows.
MARK = "آزمونی"


def _fill(district_id: int, start: int, count: int, pr_id: int) -> dict:
    """Add count of every kind of record, each tied to its own neighborhood, campaign, official and household."""
    today = today_tehran()
    hoods = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district_id)
                               .order_by(Neighborhood.id)).all()
    deps = db.session.scalars(select(Department).where(Department.district_id == district_id)
                              .order_by(Department.id)).all()
    topics = db.session.scalars(select(Topic).where(Topic.district_id == district_id).order_by(Topic.id)).all()
    for i in range(start, start + count):
        hood = hoods[i % len(hoods)]
        campaign = Campaign(district_id=district_id, title=f"پویش {MARK} {i}", status="active",
                            starts_on=today - timedelta(days=60 + i), ends_on=today + timedelta(days=30))
        campaign.phases.append(Phase(number=1, title="دیدار از خانه‌ها"))
        official = Official(district_id=district_id, name=f"مدیر {MARK} {i}", title="معاون",
                            department_id=deps[i % len(deps)].id)
        household = Household(district_id=district_id, neighborhood_id=hood.id, name=f"خانواده {MARK} {i}",
                              category="martyr_family")
        db.session.add_all([campaign, official, household])
        db.session.flush()
        first_official = db.session.scalar(select(Official).where(
            Official.district_id == district_id, Official.name.like(f"%{MARK}%")).order_by(Official.id).limit(1))
        # The first campaign gathers half the events, so its report grows with the rest.
        home = campaign if i % 2 else db.session.scalar(select(Campaign).where(
            Campaign.district_id == district_id).order_by(Campaign.id).limit(1))
        for held_on, status in ((today - timedelta(days=i % 20), "done"), (today + timedelta(days=i % 6), "planned")):
            visit = Event(district_id=district_id, neighborhood_id=hood.id, kind="home_visit", status=status,
                          held_on=held_on, campaign_id=home.id, phase_id=home.phases[0].id,
                          title=f"دیدار {MARK} {i}", logged_by_id=pr_id,
                          minutes="انجام شد." if status == "done" else None)
            visit.officials.append(official)
            if first_official is not official:
                visit.officials.append(first_official)  # so the first official's report grows too
            visit.households.append(household)
            db.session.add(visit)
        db.session.flush()
        dep, topic = deps[0], topics[i % len(topics)]
        for status, due, extra in (
            ("new", today + timedelta(days=2), {}),
            ("referred", today - timedelta(days=3), {"referred_on": today - timedelta(days=10)}),
            ("in_progress", today + timedelta(days=1 + i % 9), {"referred_on": today - timedelta(days=5)}),
            ("answered", today - timedelta(days=1), {"referred_on": today - timedelta(days=9),
                                                      "answered_on": today - timedelta(days=2),
                                                      "response": "پیگیری شد"}),
        ):
            item = FeedbackItem(district_id=district_id, event_id=visit.id, household_id=household.id,
                                kind="request", text=f"درخواست {MARK} {i}", received_on=today - timedelta(days=12),
                                status=status, department_id={"new": None, "answered": deps[i % len(deps)].id}
                                .get(status, dep.id),
                                topic_id=topic.id, due_on=due, created_by_id=pr_id, **extra)
            item.updates.append(FeedbackUpdate(user_id=pr_id, action="create", to_status=status,
                                               department_id=item.department_id))
            db.session.add(item)
        db.session.add(Commitment(district_id=district_id, event_id=visit.id, official_id=official.id,
                                  household_id=household.id, text=f"قول {MARK} {i}", status="open",
                                  due_on=today + timedelta(days=i % 7 - 3)))
    db.session.commit()
    first_campaign = db.session.scalar(select(Campaign).where(Campaign.district_id == district_id)
                                       .order_by(Campaign.id).limit(1))
    first_official = db.session.scalar(select(Official).where(Official.district_id == district_id,
                                                             Official.name.like(f"%{MARK}%")).order_by(Official.id))
    return {"campaign": first_campaign.id, "neighborhood": hoods[0].id, "official": first_official.id,
            "department": deps[0].id}


PAGES = {
    "event list": lambda ids: "/events/",
    "feedback list": lambda ids: "/feedback/",
    "inbox": lambda ids: f"/feedback/inbox?department_id={ids['department']}",
    "to inform": lambda ids: "/feedback/to-inform",
    "commitments": lambda ids: "/feedback/commitments",
    "households by name": lambda ids: "/households/",
    "households by last visit": lambda ids: "/households/?sort=visit",
    "officials": lambda ids: "/directory/officials",
    "campaigns": lambda ids: "/campaigns/",
    "dashboard": lambda ids: "/",
    "reports": lambda ids: "/reports/",
    "campaign report": lambda ids: f"/reports/campaign/{ids['campaign']}",
    "monthly report": lambda ids: "/reports/monthly",
    "neighborhood report": lambda ids: f"/reports/neighborhood/{ids['neighborhood']}",
    "official report": lambda ids: f"/reports/official/{ids['official']}",
    "ledger": lambda ids: "/reports/ledger",
}


@contextmanager
def _counting():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _visit(client, url):
    # The test's app context shares its session with the request: empty it, as a fresh request finds it.
    db.session.expunge_all()
    # Count and render afresh each time, as after a write, not from what the last visit kept.
    forget_everything()
    with _counting() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements), response.get_data(as_text=True).count(MARK), statements


@pytest.mark.parametrize("page", PAGES)
def test_statements_do_not_grow_with_rows(page, client, auth, users, district):
    district_id, pr_id = district.id, users["pr_staff"].id
    ids = _fill(district_id, 0, FEW, pr_id)
    auth.login()
    url = PAGES[page](ids)
    _visit(client, url)  # the first request fills the process's caches (holidays, fonts)
    few, few_rows, _ = _visit(client, url)
    _fill(district_id, FEW, MANY - FEW, pr_id)
    many, many_rows, statements = _visit(client, url)
    assert many_rows > few_rows, f"{page}: the page shows no more rows with {MANY} records than with {FEW}"
    assert many <= few, f"{page}: {few} statements for {FEW} records, {many} for {MANY}:\n" + "\n".join(
        s.splitlines()[0][:150] for s in statements)
