"""Report numbers against a small hand-counted dataset (the counts are worked out in the comments)."""
from datetime import date

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.lists.feedback import FeedbackFilter
from tracker.models import (
    Campaign, Commitment, Department, Event, FeedbackItem, FeedbackUpdate, Holiday, Household, Neighborhood,
    Official, Phase, Topic,
)
from tracker.models.choices import FEEDBACK_STATUSES
from tracker.models.people import PERSONAL_FIELDS
from tracker.reports import queries as q

# November 2024 (Aban/Azar 1403) has no seeded holiday; the fixture adds Tuesday 2024-11-12.
# Fridays 2024-11-15 and 2024-11-22 are District 21's weekend.
D = date


def build_dataset(district):
    """Three neighborhoods N1, N2, N3 and the events, households, feedback and commitments counted below."""
    db.session.add(Holiday(day=D(2024, 11, 12), title="تعطیل آزمون", source="manual"))
    n1, n2, n3 = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)
                                    .order_by(Neighborhood.id).limit(3)).all()
    camp = Campaign(district_id=district.id, title="پویش آبان", occasion="هفتهٔ بسیج", status="active",
                    starts_on=D(2024, 11, 1), ends_on=D(2024, 11, 30))
    phase = Phase(number=1, title="دیدار با خانواده‌ها")
    camp.phases.append(phase)
    db.session.add(camp)
    from tracker.models import CampaignTarget
    camp.targets += [CampaignTarget(neighborhood_id=n1.id, category="martyr_family", count=4),
                     CampaignTarget(neighborhood_id=n1.id, category="trustee", count=2),
                     CampaignTarget(neighborhood_id=n2.id, category="citizen", count=2)]
    def hh(n, cat, name, **kw):
        h = Household(district_id=district.id, neighborhood_id=n.id, category=cat, name=name, **kw)
        db.session.add(h)
        return h
    h1 = hh(n1, "martyr_family", "خانواده رضایی", publicity_consent=True, martyr_name="شهید علی رضایی")
    h2 = hh(n1, "martyr_family", "خانواده احمدی", publicity_consent=False)
    h3 = hh(n1, "trustee", "حاج آقا کریمی", phone="09120000003")
    h4 = hh(n2, "citizen", "آقای نوری", phone="09121234567", address="خیابان لاله، پلاک ۷")
    o1 = Official(district_id=district.id, name="مهندس صادقی", title="شهردار منطقه")
    o2 = Official(district_id=district.id, name="دکتر امینی", title="معاون اجتماعی")
    dep = db.session.scalar(select(Department).where(Department.district_id == district.id).order_by(Department.id))
    topic = db.session.scalar(select(Topic).where(Topic.district_id == district.id).order_by(Topic.id))
    db.session.add_all([o1, o2])
    db.session.flush()
    def ev(n, kind, day, households, officials, status="done"):
        e = Event(district_id=district.id, campaign_id=camp.id, phase_id=phase.id, neighborhood_id=n.id, kind=kind,
                  status=status, held_on=day, minutes="گزارش" if status == "done" else None, title="دیدار")
        e.households = households
        e.officials = officials
        db.session.add(e)
        return e
    e1 = ev(n1, "home_visit", D(2024, 11, 9), [h1, h2], [o1, o2])
    e2 = ev(n1, "meeting", D(2024, 11, 16), [h1, h3], [o1])
    e3 = ev(n2, "home_visit", D(2024, 11, 10), [h4], [o2])
    ev(n2, "home_visit", D(2024, 11, 25), [h4], [o2], status="planned")  # not done: counts nowhere but status
    db.session.flush()
    def fb(event, kind, received, answered, due, status="answered", household=None):
        f = FeedbackItem(district_id=district.id, event_id=event.id, kind=kind, text="متن بازخورد",
                         topic_id=topic.id, department_id=dep.id, status=status, received_on=received,
                         referred_on=received, due_on=due, answered_on=answered, household_id=household)
        db.session.add(f)
        db.session.flush()
        db.session.add(FeedbackUpdate(item_id=f.id, action="create", to_status="new"))
        return f
    # Working days from received to answered (after the first day, up to and including the second):
    fb(e1, "request", D(2024, 11, 9), D(2024, 11, 11), D(2024, 11, 12), household=h1.id)  # Sun, Mon -> 2; on time
    fb(e1, "request", D(2024, 11, 9), D(2024, 11, 13), D(2024, 11, 12))  # Sun, Mon, (Tue holiday), Wed -> 3; late
    # Mon, Wed, Thu, Sat (Tue holiday, Fri) -> 4; on time
    fb(e3, "criticism", D(2024, 11, 10), D(2024, 11, 16), D(2024, 11, 20))
    fb(e3, "suggestion", D(2024, 11, 11), D(2024, 11, 18), D(2024, 11, 13))  # Wed,Thu,Sat,Sun,Mon -> 5; late
    fb(e2, "request", D(2024, 11, 16), None, D(2024, 11, 18), status="referred")  # open and overdue by now
    db.session.add_all([
        Commitment(district_id=district.id, event_id=e1.id, official_id=o1.id, text="آسفالت کوچه",
                   due_on=D(2024, 11, 20)),
        Commitment(district_id=district.id, event_id=e2.id, official_id=o1.id, text="نصب چراغ", due_on=D(2024, 11, 25),
                   status="done", evidence="عکس", done_on=D(2024, 11, 19)),
        Commitment(district_id=district.id, event_id=e3.id, official_id=o2.id, text="پیگیری پرونده",
                   due_on=D(2099, 1, 1), status="in_progress"),
    ])
    db.session.commit()
    return {"campaign": camp, "phase": phase, "n1": n1, "n2": n2, "n3": n3, "o1": o1, "o2": o2, "dep": dep,
            "e1": e1, "h4": h4}


@pytest.fixture
def data(app, district):
    return build_dataset(district)


def test_campaign_summary_matches_the_hand_count(data, district):
    s = q.campaign_summary(data["campaign"], today=D(2024, 12, 1))
    sec = s.sections
    cov = {r.neighborhood_id: r for r in sec.coverage}
    # Every one of the district's 13 neighborhoods is listed; N3 (and the other ten) have no visit.
    assert len(cov) == 13
    assert (cov[data["n1"].id].visits_done, cov[data["n1"].id].households_reached) == (2, 3)  # e1, e2; h1 h2 h3
    assert (cov[data["n2"].id].visits_done, cov[data["n2"].id].households_reached) == (1, 1)  # e3 (e4 planned); h4
    assert cov[data["n3"].id].untouched and cov[data["n3"].id].visits_done == 0
    assert cov[data["n1"].id].target_total == 6 and cov[data["n1"].id].percent == 50  # 3 of 4 + 2
    assert cov[data["n1"].id].by_category["martyr_family"].reached == 2
    assert len(sec.untouched) == 11
    assert s.target_total == 8
    assert (sec.headline.visits, sec.headline.households, sec.headline.neighborhoods) == (3, 4, 2)
    assert {r.key: r.count for r in sec.households_by_category} == {
        "martyr_family": 2, "trustee": 1, "veteran": 0, "council_member": 0, "citizen": 1}
    assert {r.key: r.count for r in sec.events_by_kind}["home_visit"] == 2
    assert {r.key: r.count for r in sec.events_by_status} == {"planned": 1, "done": 3, "cancelled": 0}
    assert sec.events_by_phase[0].total == 3 and sec.events_by_phase[0].by_kind["meeting"] == 1
    assert {o.name: o.visits for o in sec.officials} == {"مهندس صادقی": 2, "دکتر امینی": 2}
    assert {r.key: r.count for r in sec.feedback_by_kind} == {
        "suggestion": 1, "criticism": 1, "request": 3, "appreciation": 0}
    status = {r.key: r.count for r in sec.feedback_by_status}
    assert status["answered"] == 4 and status["referred"] == 1 and set(status) == set(FEEDBACK_STATUSES)
    assert [r.count for r in sec.feedback_by_department] == [5]
    # Durations 2, 3, 4, 5 working days: median (3+4)/2 = 3.5; nearest-rank p90 = 4th of 4 = 5.
    assert sec.response_times.durations == [2, 3, 4, 5]
    assert (sec.response_times.median, sec.response_times.p90) == (3.5, 5)
    # One department: 4 answered, 2 by the due date (f1, f3), 1 open past due (f5) on 2024-12-01.
    [sla] = sec.sla
    assert (sla.answered, sla.on_time, sla.percent, sla.open_overdue) == (4, 2, 50.0, 1)
    # Commitments: open (past 2024-11-20: overdue) + in progress = 2 live, 1 overdue, 1 done.
    assert (sec.commitments.open, sec.commitments.overdue, sec.commitments.done) == (2, 1, 1)
    assert [c.text for c in sec.open_commitments] == ["آسفالت کوچه", "پیگیری پرونده"]
    # The SLA trend's last month is Azar 1403 (today's month); Aban 1403 holds all four answers.
    aban = next(p for p in s.trend if (p.jy, p.jm) == (1403, 8))
    assert (aban.answered, aban.on_time, aban.percent) == (4, 2, 50)


def test_filter_by_neighborhood_and_dates(data, district):
    flt = q.ReportFilter(district.id, D(2024, 11, 10), D(2024, 11, 30), data["n2"].id)
    s = q.campaign_summary(data["campaign"], flt, today=D(2024, 12, 1))
    assert [r.neighborhood_id for r in s.sections.coverage] == [data["n2"].id]
    assert s.sections.headline.visits == 1  # e3 only
    assert s.sections.response_times.durations == [4, 5]  # f3, f4 heard at e3


def test_campaign_coverage_service_reads_the_same_rows(data):
    from tracker.campaigns.services import coverage

    rows = {r.neighborhood_id: r for r in coverage(data["campaign"])}
    assert rows[data["n1"].id].visits_done == 2 and rows[data["n3"].id].untouched


def test_monthly_activity_compares_with_the_month_before(data, district):
    # Aban 1403 = 2024-10-22 .. 2024-11-20: all three done visits; Mehr 1403 had none.
    m = q.monthly_activity(district.id, 1403, 8, today=D(2024, 12, 1))
    assert (m.start, m.end) == (D(2024, 10, 22), D(2024, 11, 20))
    changes = {c.label: (c.current, c.previous, c.delta) for c in m.changes}
    assert changes["دیدارهای انجام‌شده"] == (3, 0, 3)
    assert changes["بازخوردهای دریافتی"] == (5, 0, 5)
    assert changes["تعهدهای انجام‌شده"] == (1, 0, 1)  # done on 2024-11-19
    nxt = q.monthly_activity(district.id, 1403, 9, today=D(2024, 12, 30))
    assert {c.label: c.delta for c in nxt.changes}["دیدارهای انجام‌شده"] == -3


def test_neighborhood_profile(data, district):
    p = q.neighborhood_profile(data["n1"], today=D(2024, 12, 1))
    assert [v.held_on for v in p.visits] == [D(2024, 11, 16), D(2024, 11, 9)]
    last = {h.name: (h.last_visit, h.visits) for h in p.households}
    assert last["خانواده رضایی"] == (D(2024, 11, 16), 2)
    assert last["خانواده احمدی"] == (D(2024, 11, 9), 1)
    assert [f.status for f in p.open_feedback] == ["referred"]
    assert {c.text for c in p.commitments} == {"آسفالت کوچه", "نصب چراغ"}
    empty = q.neighborhood_profile(data["n3"], today=D(2024, 12, 1))
    assert empty.visits == [] and empty.headline.visits == 0


def test_official_activity(data, district):
    a = q.official_activity(data["o1"], today=D(2024, 12, 1))
    assert a.visits_done == 2 and len(a.visits) == 2
    assert (a.commitments_made, a.commitments_kept, a.commitments_overdue, a.kept_percent) == (2, 1, 1, 50)
    # Feedback heard at e1 and e2: f1, f2 answered; f5 referred.
    status = {r.key: r.count for r in a.feedback_by_status}
    assert (a.feedback_total, status["answered"], status["referred"]) == (3, 2, 1)


def test_ledger_streams_every_item_with_its_timeline(data, district):
    rows = list(q.feedback_ledger(FeedbackFilter(district.id), chunk=2))  # three chunks of at most two
    assert [r.id for r in rows] == sorted(r.id for r in rows) and len(rows) == 5
    assert all(r.timeline and r.timeline[0].action == "create" for r in rows)
    assert [r.status for r in q.feedback_ledger(FeedbackFilter(district.id, status="referred"))] == ["referred"]
    with_phone = [r for r in q.feedback_ledger(FeedbackFilter(district.id), hidden=PERSONAL_FIELDS) if r.household]
    assert with_phone and all(r.phone in (None, q.MASK) for r in with_phone)


def test_press_facts_names_only_consenting_families(data):
    f = q.press_facts(data["campaign"], phase=data["phase"])
    assert (f.neighborhoods, f.households, f.visits) == (2, 4, 3)
    assert f.consenting_families == ["خانواده رضایی"]  # خانواده احمدی did not consent
    assert ("مهندس صادقی", "شهردار منطقه") in f.officials
    assert f.topics[0][1] == 5 and (f.first_date, f.last_date) == (D(2024, 11, 9), D(2024, 11, 16))
    one = q.press_facts(data["campaign"], event=data["e1"])
    assert (one.households, one.neighborhoods) == (2, 1)
