"""The city dashboard and city reports: per district and Jalali month, the same numbers on the page and in the PDF."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD as CONFTEST_PASSWORD
from tests.factories import other_district
from tests.test_reports_views import _pdf_text, _plain
from tracker.auth.services import create_user
from tracker.city.queries import city_comparison, feedback_summary, period_months
from tracker.extensions import db
from tracker.models import AuditEntry, Campaign, CampaignTarget, Event, FeedbackItem, Household, Neighborhood
from tracker.persian.dates import JalaliPeriod
from tracker.persian.digits import to_persian_digits

PASSWORD = "city-staff-passphrase-2025"
TODAY = date(2025, 8, 1)  # 10 Mordad 1404: the year's months run Farvardin to Mordad
YEAR = JalaliPeriod(1404)
FARVARDIN, TIR = 0, 3  # indexes of the months in the year 1404


def _done(district_id, neighborhood_id, held_on, households=(), **extra):
    event = Event(district_id=district_id, neighborhood_id=neighborhood_id, kind="home_visit", status="done",
                  held_on=held_on, minutes="دیدار انجام شد.", **extra)
    event.households = list(households)
    db.session.add(event)
    db.session.flush()
    return event


def _item(event, received_on, **extra):
    fields = {"kind": "request", "text": "درخواست ترمیم پیاده‌رو", "status": "referred", **extra}
    item = FeedbackItem(district_id=event.district_id, event_id=event.id, received_on=received_on, **fields)
    db.session.add(item)
    return item


@pytest.fixture
def city(app, district):
    """District 21 with visits and feedback in Farvardin and Tir 1404, District 22 with one visit in Tir."""
    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)).first()
    h1, h2 = (Household(district_id=district.id, neighborhood_id=hood.id, category="martyr_family", name=name,
                        phone=phone) for name, phone in (("خانوادهٔ رحیمی", "09121111111"),
                                                          ("خانوادهٔ کاظمی", "09122222222")))
    db.session.add_all([h1, h2])
    db.session.flush()
    first = _done(district.id, hood.id, date(2025, 4, 1), [h1])  # 12 Farvardin 1404
    _done(district.id, hood.id, date(2025, 4, 10), [h1])
    _done(district.id, hood.id, date(2025, 7, 1), [h1, h2])  # 10 Tir 1404
    # Not counted: planned, deleted, and held in the year before.
    db.session.add(Event(district_id=district.id, neighborhood_id=hood.id, kind="home_visit", status="planned",
                         held_on=date(2025, 7, 2)))
    _done(district.id, hood.id, date(2025, 7, 3), [h2]).deleted_at = db.func.now()
    _done(district.id, hood.id, date(2025, 3, 1), [h2])
    campaign = Campaign(district_id=district.id, title="پویش تیر", status="active", starts_on=date(2025, 6, 22),
                        ends_on=date(2025, 7, 22))
    campaign.targets = [CampaignTarget(neighborhood_id=hood.id, category="martyr_family", count=10)]
    db.session.add(campaign)
    _item(first, date(2025, 4, 1), status="answered", due_on=date(2025, 4, 10), answered_on=date(2025, 4, 5),
          response="انجام شد.")  # on time
    _item(first, date(2025, 4, 2), status="answered", due_on=date(2025, 4, 12), answered_on=date(2025, 4, 20),
          response="انجام شد.", kind="criticism")  # late
    _item(first, date(2025, 4, 3), due_on=date(2025, 5, 1))  # open past its deadline
    _item(first, date(2025, 7, 1), due_on=date(2025, 9, 1), kind="suggestion")  # open, not yet due
    other = other_district(22)
    stranger = Household(district_id=other.district.id, neighborhood_id=other.neighborhood.id, category="trustee",
                         name="آقای یزدانی")
    db.session.add(stranger)
    db.session.flush()
    _done(other.district.id, other.neighborhood.id, date(2025, 7, 5), [stranger])
    user = create_user("setad", PASSWORD, "city", district.id)
    db.session.commit()
    return {"district": district, "other": other.district, "user": user}


def _row(comparison, district):
    return next(r for r in comparison.rows if r.district_id == district.id)


def test_months_run_from_the_periods_first_jalali_month_to_today(app):
    months = period_months(YEAR, TODAY)
    assert [m.label for m in months] == ["فروردین ۱۴۰۴", "اردیبهشت ۱۴۰۴", "خرداد ۱۴۰۴", "تیر ۱۴۰۴", "مرداد ۱۴۰۴"]
    assert (months[0].start, months[TIR].start, months[TIR].end) == (date(2025, 3, 21), date(2025, 6, 22),
                                                                     date(2025, 7, 22))


def test_each_district_gets_its_visits_coverage_feedback_on_time_share_and_overdue_per_month(city):
    c = city_comparison(YEAR, TODAY)
    own, other = _row(c, city["district"]), _row(c, city["other"])
    assert [r.number for r in c.rows] == [21, 22]
    farvardin, tir = own.months[FARVARDIN], own.months[TIR]
    assert (farvardin.visits, farvardin.households, farvardin.targets) == (2, 1, 0)
    assert (farvardin.feedback, farvardin.answered, farvardin.on_time, farvardin.overdue) == (3, 2, 1, 1)
    assert farvardin.on_time_percent == 50 and farvardin.coverage is None
    assert (tir.visits, tir.households, tir.targets, tir.coverage, tir.feedback, tir.overdue) == (1, 2, 10, 20, 1, 0)
    # Over the year a household visited in two months counts once.
    assert (own.total.visits, own.total.households, own.total.targets, own.total.coverage) == (3, 2, 10, 20)
    assert (own.total.feedback, own.total.on_time_percent, own.total.overdue) == (4, 50, 1)
    assert (other.total.visits, other.total.households, other.total.feedback) == (1, 1, 0)
    assert other.total.on_time_percent is None
    # The city's totals add the districts up, per month and overall.
    assert (c.total.visits, c.total.households, c.total.feedback) == (4, 3, 4)
    assert [m.visits for m in c.month_totals] == [2, 0, 0, 2, 0]


def test_feedback_summary_counts_kinds_answers_and_overdue_per_district(city):
    s = feedback_summary(YEAR, TODAY)
    own = next(r for r in s.rows if r.district_id == city["district"].id)
    assert own.by_kind == {"suggestion": 1, "criticism": 1, "request": 2, "appreciation": 0}
    assert (own.received, own.answered, own.on_time_percent, own.open, own.overdue) == (4, 2, 50, 2, 1)
    assert s.total.received == 4 and len(s.rows) == 2


def _sign_in(client, username="setad"):
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_dashboard_shows_a_row_per_district_and_the_city_total_in_persian_digits(city, client):
    _sign_in(client)
    page = client.get("/city/?year=1404&measure=visits").get_data(as_text=True)
    assert "منطقه ۲۱" in page and "منطقه ۲۲" in page and "جمع شهر" in page
    assert "فروردین ۱۴۰۴" in page and "اسفند ۱۴۰۴" in page and "فروردین ۱۴۰۵" not in page
    assert "۲۰٪" in page and "۵۰٪" in page  # District 21's coverage and on-time share
    assert "<svg" in page
    # No phone of any family reaches city-wide staff.
    assert "09121111111" not in page and to_persian_digits("09121111111") not in page


def test_city_report_and_feedback_pdfs_hold_a_row_per_district(city, client, tmp_path):
    _sign_in(client)
    page = client.get("/city/report?year=1404").get_data(as_text=True)
    assert "گزارش فعالیت سالانه مناطق" in page and "منطقه ۲۲" in page
    report = client.get("/city/report.pdf?year=1404")
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    text = _pdf_text(report.get_data(), tmp_path)
    report.close()
    for words in ("مقایسهٔ مناطق", "منطقه ۲۱", "منطقه ۲۲", "جمع شهر", "۲۰٪"):
        assert _plain(words) in text, words
    response = client.get("/city/feedback.pdf?year=1404")
    feedback = _pdf_text(response.get_data(), tmp_path)
    response.close()
    for words in ("بازخوردهای هر منطقه", "منطقه ۲۱", "انتقاد", "۵۰٪"):
        assert _plain(words) in feedback, words


def test_switching_district_shows_that_districts_records_and_an_unknown_one_falls_back(city, client):
    _sign_in(client)
    other = city["other"]
    visit = db.session.scalar(select(Event.id).where(Event.district_id == other.id))
    assert client.get(f"/events/{visit}").status_code == 404  # at home in District 21
    switched = client.post("/city/district", data={"district_id": other.id, "next": "/events/"})
    assert switched.status_code == 302 and switched.headers["Location"] == "/events/"
    assert client.get(f"/events/{visit}").status_code == 200
    # The navbar's switcher names the district shown.
    assert re.search(r"<option[^>]*selected[^>]*>منطقه ۲۲</option>", client.get("/events/").get_data(as_text=True))
    # A district removed since, or a forged cookie, falls back to the home district.
    with client.session_transaction() as cookie:
        cookie["city_district_id"] = 999_999
    assert client.get(f"/events/{visit}").status_code == 404
    refused = client.post("/city/district", data={"district_id": 999_999})
    assert refused.status_code == 302 and client.get(f"/events/{visit}").status_code == 404


def test_switch_goes_back_only_to_a_page_of_this_site(city, client):
    _sign_in(client)
    answer = client.post("/city/district", data={"district_id": city["other"].id, "next": "https://evil.example/"})
    assert answer.headers["Location"] == "/"


def test_an_admin_creates_a_city_user_without_a_department(city, client, users):
    client.post("/auth/login", data={"username": "admin", "password": CONFTEST_PASSWORD})
    from tracker.models import Department, User

    department = db.session.scalars(select(Department)).first()
    body = {"username": "setad2", "password": PASSWORD, "role": "city", "full_name": "نرگس امینی"}
    refused = client.post("/admin/users/new", data={**body, "department_id": str(department.id)})
    assert refused.status_code == 200 and "کارشناس ستاد شهری به معاونتی" in refused.get_data(as_text=True)
    created = client.post("/admin/users/new", data={**body, "department_id": "0"})
    assert created.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "setad2"))
    assert user.role == "city" and user.department_id is None and not user.sees_personal_data


def test_a_city_readers_look_at_another_district_is_in_that_districts_audit_trail(city, client):
    _sign_in(client)
    other = city["other"]
    stranger = db.session.scalar(select(Household.id).where(Household.district_id == other.id))
    client.post("/city/district", data={"district_id": other.id, "next": "/"})
    assert client.get(f"/households/{stranger}").status_code == 200
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "read")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.user_id == city["user"].id and entry.district_id == other.id
    assert entry.after["masked"] is True  # city-wide staff read no phone, address or national id
