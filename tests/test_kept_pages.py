"""Kept page parts: a write shows at once in every server process, and no reader sees what was made for another."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.factories import first_neighborhood, first_topic, make_event, other_district
from tracker import create_app
from tracker.auth.services import create_user
from tracker.extensions import db
from tracker.feedback import services as feedback_services
from tracker.households.services import create_household
from tracker.holidays.services import add_holiday
from tracker.persian.dates import today_tehran
from tracker.models import AuditEntry, DataStamp, Department, FeedbackUpdate


@pytest.fixture
def second_process(_schema, app):
    """A second app on the same database: another gunicorn worker, with what it keeps of its own."""
    other = create_app(dict(_schema))
    yield other.test_client()
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _sign_in(client, username):
    assert client.post("/auth/login", data={"username": username, "password": PASSWORD}).status_code == 302


def _stamp(district) -> str | None:
    db.session.expire_all()
    return db.session.scalar(select(DataStamp.stamp).where(DataStamp.district_id == district.id))


def _household(district, actor, name, phone=None):
    values = {"name": name, "category": "trustee", "neighborhood_id": first_neighborhood(district).id,
              "martyr_name": None, "address": None, "phone": phone, "national_id": None,
              "publicity_consent": False, "notes": None}
    household = create_household(values, actor, force=True)
    db.session.commit()
    return household


def test_a_write_through_one_process_shows_in_the_other_at_once(client, auth, users, second_process):
    auth.login()
    _sign_in(second_process, "pr_staff")
    assert "بازدید نوروزی محلهٔ آزمایش" not in second_process.get("/events/").get_data(as_text=True)
    assert second_process.get("/events/").status_code == 200  # now kept by the second process
    form = {"kind": "home_visit", "neighborhood_id": str(first_neighborhood(users["pr_staff"].district).id),
            "held_on": "1404/01/05", "status": "planned", "title": "بازدید نوروزی محلهٔ آزمایش"}
    response = client.post("/events/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "بازدید نوروزی محلهٔ آزمایش" in second_process.get("/events/").get_data(as_text=True)


def test_every_commit_writing_a_district_gives_it_a_new_stamp_and_reads_do_not(district, users):
    before = _stamp(district)
    assert before is not None  # the district's seeding commit stamped it
    household = _household(district, users["pr_staff"], "خانوادهٔ رضایی")
    after_write = _stamp(district)
    assert after_write != before
    from tracker import audit

    audit.read("household", household, actor=users["viewer"])
    db.session.commit()
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "read")) >= 1
    assert _stamp(district) == after_write  # an audit entry changes no page


def test_a_timeline_line_stamps_its_items_district(district, users):
    event = make_event(district, held_on=date(2025, 3, 1))
    event.status, event.minutes = "done", "دیدار انجام شد."
    item = feedback_services.create_feedback(event, kind="request", text="آسفالت کوچه", priority="normal",
                                             topic=first_topic(district), actor=users["pr_staff"])
    db.session.commit()
    before = _stamp(district)
    db.session.add(FeedbackUpdate(item_id=item.id, action="comment", comment="پیگیری شد"))  # the line alone
    db.session.commit()
    assert _stamp(district) != before


def test_a_national_holiday_restamps_every_district(district, users):
    second = other_district(22).district
    db.session.commit()
    stamps_before = (_stamp(district), _stamp(second))
    assert None not in stamps_before
    add_holiday(date(2026, 12, 24), "روز آزمایش")
    db.session.commit()
    assert _stamp(district) != stamps_before[0]
    assert _stamp(second) != stamps_before[1]


def test_a_national_occasion_restamps_every_district(district):
    from tracker.models import Occasion

    second = other_district(22).district
    db.session.commit()
    before = (_stamp(district), _stamp(second))
    db.session.add(Occasion(district_id=None, title="روز آزمایش", title_key="روز آزمایش", calendar="solar",
                            month=9, day=20))
    db.session.commit()
    assert _stamp(district) != before[0]
    assert _stamp(second) != before[1]


def test_a_phase_changed_alone_stamps_its_campaigns_district(district, users):
    from tracker.models import Campaign, Phase

    campaign = Campaign(district_id=district.id, title="پویش آزمایش", starts_on=date(2026, 1, 1),
                        ends_on=date(2026, 2, 1))
    db.session.add(campaign)
    db.session.flush()
    phase = Phase(campaign_id=campaign.id, number=1, title="مرحلهٔ نخست")
    db.session.add(phase)
    db.session.commit()
    before = _stamp(district)
    phase.title = "مرحلهٔ دیدار"  # the campaign itself untouched
    db.session.commit()
    assert _stamp(district) != before


def test_a_savepoint_rolled_back_keeps_the_outer_writes_stamped(district, users):
    before = _stamp(district)
    outer_event = make_event(district)  # written in the outer transaction
    with db.session.begin_nested() as savepoint:
        make_event(district)
        savepoint.rollback()
    db.session.commit()
    assert outer_event.id is not None
    assert _stamp(district) != before


def test_city_staff_never_get_the_households_list_kept_for_pr_staff(client, auth, users, district):
    _household(district, users["pr_staff"], "خانوادهٔ کریمی", phone="09121234567")
    create_user("city_reader", PASSWORD, "city", district.id)
    db.session.commit()
    auth.login("pr_staff")
    assert "۰۹۱۲۱۲۳۴۵۶۷" in client.get("/households/").get_data(as_text=True)
    auth.logout()
    auth.login("city_reader")  # reads every district, never a family's phone
    html = client.get("/households/").get_data(as_text=True)
    assert "خانوادهٔ کریمی" in html
    assert "۰۹۱۲۱۲۳۴۵۶۷" not in html


def test_a_kept_households_list_is_still_logged_as_read(client, auth, users, district):
    _household(district, users["pr_staff"], "خانوادهٔ کریمی")
    auth.login("pr_staff")

    def reads():
        return db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "read", AuditEntry.entity == "household"))

    client.get("/households/")
    first = reads()
    client.get("/households/")  # the same page, kept
    assert reads() == first + 1


def test_managers_of_two_departments_never_share_an_inbox(client, auth, users, district):
    departments = db.session.scalars(select(Department).where(Department.district_id == district.id)
                                     .order_by(Department.id)).all()
    users["manager"].department_id = departments[0].id
    create_user("manager_b", PASSWORD, "manager", district.id, department_id=departments[1].id)
    db.session.commit()
    auth.login("manager")
    assert departments[0].name in client.get("/feedback/inbox").get_data(as_text=True)
    auth.logout()
    auth.login("manager_b")
    html = client.get("/feedback/inbox").get_data(as_text=True)
    assert f"معاونت: {departments[1].name}" in html
    assert f"معاونت: {departments[0].name}" not in html


def test_the_city_dashboard_shows_a_write_in_any_district(client, auth, users, district):
    create_user("city_reader", PASSWORD, "city", district.id)
    second = other_district(22)
    db.session.commit()
    auth.login("city_reader")
    before = client.get("/city/").get_data(as_text=True)
    event = make_event(second.district, held_on=today_tehran())
    event.status, event.minutes = "done", "دیدار انجام شد."
    db.session.commit()
    after = client.get("/city/").get_data(as_text=True)
    assert after != before  # the visit is counted, though the comparison was kept a moment ago
    assert client.get("/city/").get_data(as_text=True) == after  # and kept again


KEPT_TEMPLATES = ["events/_list.html", "households/_list.html", "feedback/_list.html", "feedback/_inbox.html",
                  "main/_dashboard.html", "main/_occasions.html", "city/_dashboard.html"]


@pytest.mark.parametrize("name", KEPT_TEMPLATES)
def test_a_kept_part_holds_nothing_of_one_sign_in(app, name):
    # Readers with the same role share a kept part: a form token or a session value in it would leak.
    source = app.jinja_loader.get_source(app.jinja_env, name)[0]
    for personal in ("csrf_token", "session", "current_user.username", "current_user.full_name", "get_flashed"):
        assert personal not in source, f"{name} shows {personal}, which differs between readers of one role"


def test_every_kept_part_is_checked_above(app):
    import re
    from pathlib import Path

    made = set()
    for path in Path("tracker").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "kept_page_part(" in text or "kept(\"households\"" in text:
            made.update(re.findall(r'render_template\(\s*"([^"]+/_[^"]+\.html)"', text))
    assert made, "no kept page parts found"
    assert made <= set(KEPT_TEMPLATES), f"kept parts not checked: {sorted(made - set(KEPT_TEMPLATES))}"
