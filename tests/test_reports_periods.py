"""Reports by Jalali season and year: the period report, and a season or year in every report's range filter."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.test_reports_queries import build_dataset
from tracker.extensions import db
from tracker.models import Event, Neighborhood, Official
from tracker.persian.dates import JalaliPeriod
from tracker.reports import queries as q


@pytest.fixture
def data(app, district):
    """The reports' dataset (three done visits in Aban 1403) and one done visit in Tir 1403."""
    built = build_dataset(district)
    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)).first()
    summer = Event(district_id=district.id, neighborhood_id=hood.id, kind="meeting", status="done",
                   held_on=date(2024, 7, 5), minutes="نشست تابستانی")
    summer.officials = [db.session.scalars(select(Official)).first()]
    db.session.add(summer)
    db.session.commit()
    return built


def _changes(report):
    return {c.label: (c.current, c.previous) for c in report.changes}


def test_a_season_is_compared_with_the_season_before_it(data, district):
    autumn = q.period_activity(district.id, JalaliPeriod(1403, "season", 3), today=date(2024, 12, 30))
    assert (autumn.start, autumn.end) == (date(2024, 9, 22), date(2024, 12, 20))
    assert autumn.title == "پاییز ۱۴۰۳"
    assert _changes(autumn)["دیدارهای انجام‌شده"] == (3, 1)  # against summer 1403
    year = q.period_activity(district.id, JalaliPeriod(1403), today=date(2025, 3, 1))
    assert _changes(year)["دیدارهای انجام‌شده"] == (4, 0) and year.title == "سال ۱۴۰۳"
    # The monthly report is the same query over a month.
    assert _changes(q.monthly_activity(district.id, 1403, 8))["دیدارهای انجام‌شده"] == (3, 0)


def test_the_period_page_takes_a_season_or_a_whole_year(client, auth, data):
    auth.login("manager")
    html = client.get("/reports/monthly?year=۱۴۰۳&period=s3").get_data(as_text=True)
    assert "گزارش فعالیت فصلی — پاییز ۱۴۰۳" in html
    assert "مقایسه با فصل پیش" in html and "(تابستان ۱۴۰۳)" in html and "این فصل" in html
    assert 'data-headline="1">۳<' in html
    html = client.get("/reports/monthly?year=1403").get_data(as_text=True)
    assert "گزارش فعالیت سالانه — سال ۱۴۰۳" in html and 'data-headline="1">۴<' in html
    assert "مقایسه با سال پیش" in html


def test_old_monthly_links_still_open_their_month(client, auth, data):
    auth.login("viewer")
    html = client.get("/reports/monthly?year=1403&month=8").get_data(as_text=True)
    assert "گزارش فعالیت ماهانه — آبان ۱۴۰۳" in html and 'data-headline="1">۳<' in html
    assert '<option selected value="m8">' in html
    pdf = client.get("/reports/monthly.pdf?year=1403&period=s3")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "season-1403-03.pdf" in pdf.headers["Content-Disposition"]
    pdf.close()


def test_a_bad_period_is_shown_beside_its_field(client, auth, data):
    auth.login("pr_staff")
    html = client.get("/reports/monthly?year=1403&period=s9").get_data(as_text=True)
    assert "یکی از گزینه‌های فهرست را انتخاب کنید." in html.split('name="period"')[1].split("</select>")[1][:300]
    campaign = data["campaign"].id
    html = client.get(f"/reports/campaign/{campaign}?date_from=1403/08/01&year=1403&period=s3").get_data(as_text=True)
    assert "یا بازهٔ تاریخ را بنویسید یا سال و دوره را، نه هر دو." in html.split('name="year"')[1][:600]
    html = client.get(f"/reports/campaign/{campaign}?period=m8").get_data(as_text=True)
    assert "برای انتخاب فصل یا ماه، سال را هم بنویسید." in html


def test_every_range_filter_takes_a_season_or_year(client, auth, data):
    auth.login("pr_staff")
    campaign, hood = data["campaign"].id, data["n1"].id
    autumn = client.get(f"/reports/campaign/{campaign}?year=1403&period=s3").get_data(as_text=True)
    assert 'data-headline="1">۳<' in autumn and "از یکشنبه ۱ مهر ۱۴۰۳ تا جمعه ۳۰ آذر ۱۴۰۳" in autumn
    azar = client.get(f"/reports/campaign/{campaign}?year=1403&period=m9").get_data(as_text=True)
    assert 'data-headline="1">۰<' in azar
    profile = client.get(f"/reports/neighborhood/{hood}?year=1402").get_data(as_text=True)
    assert "data-visits>۰<" in profile
    ledger = client.get("/reports/ledger?year=1403&period=s3").get_data(as_text=True)
    assert "از یکشنبه ۱ مهر ۱۴۰۳" in ledger
