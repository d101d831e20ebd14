"""Honest numbers: nothing to count shows «—» (never ۰٪), percentages carry ٪, one start for response times."""
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta

import pytest

from tests.test_reports_queries import build_dataset
from tracker.extensions import db
from tracker.models import Campaign, FeedbackItem
from tracker.persian.dates import today_tehran
from tracker.reports import build, charts
from tracker.reports import queries as q
from tracker.reports.document import ReportDocument, Section
from tracker.reports.pdf import render_pdf

D = date
PDFTOTEXT = shutil.which("pdftotext")
ZERO_PERCENT = re.compile("(?<![۰-۹٫])۰٪")  # a bare ۰٪, not the end of ۵۰٪


def _trend():
    # Tir: 2 of 4 answered on time; Mordad: nothing answered at all.
    return [q.TrendPoint(1404, 4, "تیر ۱۴۰۴", 4, 2), q.TrendPoint(1404, 5, "مرداد ۱۴۰۴", 0, 0)]


def test_a_month_with_no_answers_is_a_dash_on_the_page_chart():
    chart = build.sla_trend_chart(_trend())
    assert chart.values == [50, None] and chart.percent
    svg = str(charts.bar_chart(chart))
    assert "۵۰٪" in svg and "—" in svg and not ZERO_PERCENT.search(svg)
    assert svg.count("<rect") == 1  # no bar is drawn for the month with nothing to count


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext reads the PDF")
def test_the_pdf_chart_carries_percent_signs_and_a_dash_for_no_data(tmp_path):
    doc = ReportDocument("گزارش آزمایشی", "منطقهٔ ۲۱", "همهٔ تاریخ‌ها", "آزمون", datetime(2025, 7, 1, 9),
                         [Section("پاسخ به‌موقع", charts=[build.sla_trend_chart(_trend())])])
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(doc))
    text = subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "۵۰٪" in text and "—" in text and not ZERO_PERCENT.search(text)


def test_median_and_on_time_share_count_the_same_items_from_the_day_heard(app, district):
    data = build_dataset(district)
    # An answer recorded without a referral is outside the on-time share, so outside the median too.
    db.session.add(FeedbackItem(district_id=district.id, event_id=data["e1"].id, kind="request", text="بی‌ارجاع",
                                status="answered", received_on=D(2024, 11, 9), answered_on=D(2024, 11, 30)))
    db.session.commit()
    s = q.campaign_summary(data["campaign"], today=D(2024, 12, 1)).sections
    assert s.response_times.durations == [2, 3, 4, 5]  # the 30-day answer is not among them
    assert s.response_times.answered == sum(r.answered for r in s.sla) == 4
    assert "روز شنیدن" in q.RESPONSE_BASIS


def test_the_report_page_and_pdf_say_where_response_time_starts(client, auth, app, district):
    data = build_dataset(district)
    auth.login("viewer")
    html = client.get(f"/reports/campaign/{data['campaign'].id}").get_data(as_text=True)
    assert q.RESPONSE_BASIS in html
    doc = build.campaign_document(q.campaign_summary(data["campaign"], today=D(2024, 12, 1)), "", "منطقه", "آزمون",
                                  datetime(2024, 12, 1), masked=True)
    assert any(q.RESPONSE_BASIS in p for sec in doc.sections for p in sec.paragraphs)


def test_a_month_is_measured_against_the_targets_of_the_campaigns_running_in_it(app, district):
    data = build_dataset(district)
    # Aban 1403 (2024-10-22 .. 2024-11-20) overlaps the campaign: its targets (N1: 6, N2: 2) apply.
    month = q.monthly_activity(district.id, 1403, 8, today=D(2024, 12, 1))
    cov = {r.neighborhood_id: r for r in month.sections.coverage}
    assert cov[data["n1"].id].target_total == 6 and cov[data["n1"].id].percent == 50
    assert cov[data["n2"].id].target_total == 2 and cov[data["n2"].id].percent == 50
    assert cov[data["n3"].id].target_total == 0 and cov[data["n3"].id].percent is None  # shown «—»
    # Mehr 1403 ran no campaign: no target, so no percent.
    before = q.monthly_activity(district.id, 1403, 7, today=D(2024, 12, 1))
    assert all(r.target_total == 0 and r.percent is None for r in before.sections.coverage)


def test_a_campaign_past_its_end_date_is_not_shown_as_running(client, auth, app, district):
    today = today_tehran()
    db.session.add_all([
        Campaign(district_id=district.id, title="پویش تمام‌شده", status="active",
                 starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=3)),
    ])
    db.session.commit()
    auth.login("pr_staff")
    html = client.get("/").get_data(as_text=True)
    assert "پوشش محله‌ها در پویش تمام‌شده" not in html and "پویش در جریانی نیست" in html
    assert "به پایان رسیده اما هنوز «در جریان» ثبت شده است" in html
    db.session.add(Campaign(district_id=district.id, title="پویش جاری", status="active",
                            starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=5)))
    db.session.commit()
    assert "پوشش محله‌ها در پویش جاری" in client.get("/").get_data(as_text=True)
