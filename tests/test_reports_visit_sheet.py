"""A visit's one-page sheet for its file: date, officials, households, minutes, feedback and commitments."""
import shutil
import subprocess
import unicodedata
from datetime import datetime

import pytest

from tests.test_reports_queries import build_dataset
from tracker.reports import queries as q
from tracker.reports.pdf import render_pdf
from tracker.reports.sheets import visit_document

PDFTOTEXT = shutil.which("pdftotext")


def text_of(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "v.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", out.decode("utf-8")).split("\f")[:-1]


def test_the_sheet_gathers_the_visit_officials_by_surname(app, district):
    data = build_dataset(district)
    sheet = q.visit_sheet(data["e1"])
    assert [name for name, _ in sheet.officials] == ["دکتر امینی", "مهندس صادقی"]  # امینی before صادقی
    assert [h.name for h in sheet.households] == ["خانواده احمدی", "خانواده رضایی"]
    assert len(sheet.feedback) == 2 and [c.text for c in sheet.commitments] == ["آسفالت کوچه"]
    assert sheet.minutes == "گزارش"
    masked = q.visit_sheet(data["e1"], frozenset({"phone", "address"}))
    assert {h.phone for h in masked.households} == {"•••"}


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext reads the PDF")
def test_the_visit_page_links_a_one_page_sheet(client, auth, app, district, tmp_path):
    data = build_dataset(district)
    event_id = data["e1"].id
    auth.login("manager")
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert f'href="/reports/visit/{event_id}.pdf"' in page
    response = client.get(f"/reports/visit/{event_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.data
    response.close()
    [only] = text_of(pdf, tmp_path)  # one page
    for word in ("مدیران حاضر", "خانوارها", "صورت", "بازخوردها", "تعهدها", "آسفالت کوچه", "۱۴۰۳"):
        assert word in only, word


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext reads the PDF")
def test_a_masked_sheet_hides_phones(app, district, tmp_path):
    data = build_dataset(district)
    data["e1"].households[0].phone = "09121112233"
    sheet = q.visit_sheet(data["e1"], frozenset({"phone", "address"}))
    doc = visit_document(sheet, "منطقه ۲۱", "آزمون", datetime(2024, 12, 1), masked=True)
    [only] = text_of(render_pdf(doc), tmp_path)
    assert "•••" in only and "۰۹۱۲۱۱۱۲۲۳۳" not in only and "09121112233" not in only


def test_the_visit_page_lists_its_officials_by_surname(client, auth, app, district):
    data = build_dataset(district)
    data["e1"].officials = [data["o1"], data["o2"]]  # «مهندس صادقی» first as stored
    from tracker.extensions import db

    db.session.commit()
    auth.login("pr_staff")
    page = client.get(f"/events/{data['e1'].id}").get_data(as_text=True)
    officials = page.split('id="officials"')[1]
    assert officials.index("دکتر امینی") < officials.index("مهندس صادقی")  # امینی before صادقی
    commitment_select = page.split('name="cm-official_id"')[1].split("</select>")[0]
    assert commitment_select.index("دکتر امینی") < commitment_select.index("مهندس صادقی")
