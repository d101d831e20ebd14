"""Exports: streamed CSV with a BOM, right-to-left XLSX with Jalali and ISO dates, masking, audit."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import (
    Area, AuditEntry, Campaign, District, Event, FeedbackItem, FeedbackUpdate, Household, Neighborhood,
    Phase, Topic,
)
from tracker.persian.dates import jalali_str

BOM = "\ufeff".encode("utf-8")


def hoods(district):
    return list(db.session.scalars(
        select(Neighborhood).where(Neighborhood.district_id == district.id).order_by(Neighborhood.id)))


@pytest.fixture
def data(district, users):
    """Two neighborhoods, a campaign with a phase, three events, two households, three feedback items."""
    n1, n2 = hoods(district)[:2]
    campaign = Campaign(district_id=district.id, title="پویش دیدار بهاری", occasion="دههٔ فجر",
                        status="active", starts_on=date(2024, 3, 20), ends_on=date(2024, 6, 20))
    campaign.phases.append(Phase(number=1, title="دیدار با خانواده‌ها"))
    db.session.add(campaign)
    db.session.flush()
    shahidi = Household(district_id=district.id, neighborhood_id=n1.id, category="martyr_family",
                        name="مریم شاهدی", martyr_name="حسن شاهدی", phone="09121234567",
                        national_id="0013542419", address="خیابان لاله، پلاک ۷", publicity_consent=False)
    karimi = Household(district_id=district.id, neighborhood_id=n2.id, category="trustee",
                       name="علی کریمی", phone="09351112233", publicity_consent=True)
    db.session.add_all([shahidi, karimi])
    events = []
    for held_on, hood, home in ((date(2024, 4, 8), n1, shahidi), (date(2024, 4, 20), n2, karimi),
                                (date(2024, 5, 25), n2, None)):
        event = Event(district_id=district.id, campaign_id=campaign.id, phase_id=campaign.phases[0].id,
                      neighborhood_id=hood.id, kind="home_visit", status="done", held_on=held_on,
                      title="دیدار منزل", minutes="انجام شد.")
        if home is not None:
            event.households.append(home)
        events.append(event)
    events.append(Event(district_id=district.id, neighborhood_id=n1.id, kind="meeting", status="planned",
                        held_on=date(2024, 7, 1), title="نشست بی‌کمپین"))
    db.session.add_all(events)
    db.session.flush()
    topic = db.session.scalars(select(Topic).where(Topic.district_id == district.id)).first()
    items = [
        FeedbackItem(district_id=district.id, event_id=events[0].id, household_id=shahidi.id, kind="request",
                     topic_id=topic.id, text="آسفالت کوچهٔ لاله خراب است", received_on=date(2024, 4, 8)),
        FeedbackItem(district_id=district.id, event_id=events[1].id, kind="suggestion", topic_id=topic.id,
                     text="پارک محله نیمکت بیشتری بخواهد", received_on=date(2024, 4, 20)),
        FeedbackItem(district_id=district.id, event_id=events[2].id, kind="criticism",
                     text="نور کوچه کم است", received_on=date(2024, 5, 25)),
    ]
    db.session.add_all(items)
    db.session.flush()
    db.session.add(FeedbackUpdate(item_id=items[0].id, user_id=users["pr_staff"].id, action="create",
                                  to_status="new", comment="ثبت در دیدار"))
    db.session.commit()
    return {"campaign": campaign, "events": events, "shahidi": shahidi, "karimi": karimi, "items": items,
            "hoods": (n1, n2)}


def read_csv(response) -> tuple[bytes, list[list[str]]]:
    body = response.get_data()
    response.close()
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_feedback_csv_is_streamed_with_bom_and_jalali_beside_iso(client, auth, data):
    auth.login("pr_staff")
    response = client.get("/exports/feedback.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.content_type == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    chunks = iter(response.response)
    first = next(chunks)
    assert first.startswith(BOM)
    body = first + b"".join(chunks)
    response.close()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, lines = rows[0], rows[1:]
    assert "تاریخ دریافت (شمسی)" in header and "تاریخ دریافت (میلادی)" in header
    assert [line[header.index("متن")] for line in lines] == [
        "آسفالت کوچهٔ لاله خراب است", "پارک محله نیمکت بیشتری بخواهد", "نور کوچه کم است"]
    first_line = lines[0]
    assert first_line[header.index("تاریخ دریافت (شمسی)")] == "1403/01/20"
    assert first_line[header.index("تاریخ دریافت (میلادی)")] == "2024-04-08"
    assert first_line[header.index("نوع")] == "درخواست"
    assert "ثبت در دیدار" in first_line[header.index("گردش کار")]
    # The ledger carries no contact data; those travel (audited) with the households.
    assert "09121234567" not in body.decode("utf-8-sig")


def test_feedback_filters_by_kind_and_jalali_range(client, auth, data):
    auth.login("manager")
    _, rows = read_csv(client.get("/exports/feedback.csv?kind=request"))
    assert len(rows) == 2 and rows[1][0] == str(data["items"][0].id)
    _, rows = read_csv(client.get("/exports/feedback.csv?start=۱۴۰۳/۰۲/۰۱&end=۱۴۰۳/۰۳/۰۵"))
    assert [r[0] for r in rows[1:]] == [str(data["items"][1].id), str(data["items"][2].id)]


def test_bad_filter_shows_persian_error_beside_the_field_and_keeps_input(client, auth, data):
    auth.login("pr_staff")
    response = client.get("/exports/events.csv?start=۱۴۰۳/۱۳/۴۰&end=")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "field-error" in html and "۱۴۰۳/۱۳/۴۰" in html
    response = client.get("/exports/events.xlsx?start=۱۴۰۳/۰۳/۰۱&end=۱۴۰۳/۰۲/۰۱")
    assert response.status_code == 400
    assert "تاریخ پایان باید پس از تاریخ شروع باشد." in response.get_data(as_text=True)


def test_events_xlsx_is_right_to_left_with_jalali_and_iso_dates(client, auth, data):
    auth.login("pr_staff")
    response = client.get(f"/exports/events.xlsx?campaign_id={data['campaign'].id}")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype.endswith("spreadsheetml.sheet")
    body = response.get_data()
    response.close()
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.sheet_view.rightToLeft is True
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[1:3] == ["تاریخ (شمسی)", "تاریخ (میلادی)"]
    assert sheet.cell(row=1, column=1).font.bold
    assert len(rows) == 4  # the campaign's three events, not the meeting outside it
    first = rows[1]
    assert first[1] == jalali_str(date(2024, 4, 8)) == "1403/01/20"
    assert first[2].date() == date(2024, 4, 8)
    assert first[header.index("نوع")] == "دیدار در منزل"
    assert first[header.index("کمپین")] == "پویش دیدار بهاری"
    assert first[header.index("تعداد خانوار")] == 1


def test_events_csv_filters_by_neighborhood_and_dates(client, auth, data):
    auth.login("viewer")
    n2 = data["hoods"][1]
    _, rows = read_csv(client.get(f"/exports/events.csv?neighborhood_id={n2.id}&end=1403/02/31"))
    assert [r[0] for r in rows[1:]] == [str(data["events"][1].id)]


def test_households_export_for_admin_has_contacts_and_is_audited(client, auth, data):
    auth.login("admin")
    n1 = data["hoods"][0]
    body, rows = read_csv(client.get(f"/exports/households.csv?neighborhood_id={n1.id}"))
    assert body.startswith(BOM)
    header = rows[0]
    assert len(rows) == 2
    # Grouped, so that Excel keeps them as text with their leading zeros.
    assert rows[1][header.index("شماره همراه")] == "0912 123 4567"
    assert rows[1][header.index("کد ملی")] == "001-354241-9"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export_personal_data"))
    assert entry is not None and entry.entity == "household"
    assert entry.after == {"format": "csv", "rows": 1, "filters": {"neighborhood_id": n1.id}}


def test_households_export_for_viewer_is_masked_and_not_audited(client, auth, data):
    auth.login("viewer")
    response = client.get("/exports/households.xlsx")
    body = response.get_data()
    response.close()
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert len(rows) == 3
    for row in rows[1:]:
        assert {row[header.index(h)] for h in ("شماره همراه", "کد ملی", "نشانی")} == {"***"}
    assert "09121234567" not in str(rows)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export_personal_data")) is None


def test_exports_stay_inside_the_users_district(client, auth, data):
    other = District(number=22, name="منطقهٔ ۲۲")
    db.session.add(other)
    db.session.flush()
    area = Area(district_id=other.id, name="ناحیهٔ یک")
    db.session.add(area)
    db.session.flush()
    hood = Neighborhood(district_id=other.id, area_id=area.id, name="محلهٔ دیگر")
    db.session.add(hood)
    db.session.flush()
    db.session.add(Household(district_id=other.id, neighborhood_id=hood.id, category="citizen",
                             name="همسایهٔ منطقهٔ دیگر"))
    db.session.commit()
    auth.login("admin")
    body, rows = read_csv(client.get("/exports/households.csv"))
    assert len(rows) == 3 and "همسایهٔ منطقهٔ دیگر" not in body.decode("utf-8-sig")


def test_export_page_and_roles(client, auth, data):
    response = client.get("/exports/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login("viewer")
    html = client.get("/exports/").get_data(as_text=True)
    assert "دفتر بازخوردها" in html and "پوشانده می‌شود" in html
    assert "ساخت پیش‌نویس خبر" not in html
    assert client.get("/exports/feedback.pdf").status_code == 404
    auth.logout()
    auth.login("pr_staff")
    html = client.get("/exports/").get_data(as_text=True)
    assert "ساخت پیش‌نویس خبر" in html and "ثبت می‌شود" in html


def test_a_timeline_step_reads_the_same_in_the_spreadsheet_the_pdf_and_the_page(client, auth, data, district):
    from tracker.lists.feedback import FeedbackFilter
    from tracker.reports import build
    from tracker.reports.queries import feedback_ledger

    item = data["items"][0]
    db.session.add(FeedbackUpdate(item_id=item.id, user_id=None, action="contact", contact_channel="phone",
                                  contact_outcome="no_answer"))
    db.session.commit()
    auth.login("pr_staff")
    _, rows = read_csv(client.get("/exports/feedback.csv"))
    header = rows[0]
    [line] = [r for r in rows[1:] if r[header.index("شناسه")] == str(item.id)]
    steps = line[header.index("گردش کار")].splitlines()
    assert steps[0].split()[2:4] == ["ثبت", "بازخورد"] and "تماس با خانواده" in steps[1]
    assert "contact" not in line[header.index("گردش کار")]
    [ledger_row] = [r for r in feedback_ledger(FeedbackFilter(district.id)) if r.id == item.id]
    pdf_lines = build.timeline_text(ledger_row).splitlines()
    assert "— ثبت بازخورد (" in pdf_lines[0] and pdf_lines[1].endswith("— تماس با خانواده")
    page = client.get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "<strong>تماس با خانواده</strong>: تماس تلفنی — پاسخ نداد" in page
