"""Report pages and PDFs: every role reads them, viewers see no phone, page and PDF show the same numbers."""
import re
import shutil
import subprocess
import unicodedata

import pytest

from tests.test_reports_queries import build_dataset
from tracker.persian.digits import to_persian_digits

ROLES = ("admin", "pr_staff", "manager", "viewer")


@pytest.fixture
def data(app, district):
    return build_dataset(district)


def _pages(d):
    c, n, o = d["campaign"].id, d["n2"].id, d["o1"].id
    return [f"/reports/campaign/{c}", "/reports/monthly?year=1403&month=8", f"/reports/neighborhood/{n}",
            f"/reports/official/{o}", "/reports/ledger", "/reports/"]


def _pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext gives each line in logical order but keeps presentation forms and bidi embeddings.
    text = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in text if ch not in "\u202a\u202b\u202c\u202d\u202e\u200c")


def _plain(s: str) -> str:
    return unicodedata.normalize("NFKC", s).replace("\u200c", "").replace("\u0647\u0654", "\u06c0")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_opens_for_every_role(client, auth, data, role):
    auth.login(role)
    for url in _pages(data):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "گزارش" in r.get_data(as_text=True) or "دفتر" in r.get_data(as_text=True)


def test_viewer_sees_no_phone_but_staff_do(client, auth, data):
    phone = to_persian_digits("09121234567")
    auth.login("viewer")
    for url in (f"/reports/neighborhood/{data['n2'].id}", "/reports/ledger"):
        html = client.get(url).get_data(as_text=True)
        assert phone not in html and "09121234567" not in html and "خیابان لاله" not in html
    assert "•••" in client.get(f"/reports/neighborhood/{data['n2'].id}").get_data(as_text=True)
    auth.logout()
    auth.login("manager")
    assert phone in client.get(f"/reports/neighborhood/{data['n2'].id}").get_data(as_text=True)


def test_campaign_page_shows_hand_counted_numbers_and_marks_untouched(client, auth, data):
    auth.login("manager")
    html = client.get(f"/reports/campaign/{data['campaign'].id}").get_data(as_text=True)
    assert 'data-headline="1">۳<' in html  # three done visits
    assert "data-median>۳٫۵<" in html and "data-p90>۵<" in html
    assert html.count("badge text-bg-warning\">بی‌دیدار") == 11  # N3 and ten more neighborhoods
    assert "۵۰٪" in html and "<svg" in html


def test_pdfs_are_pdfs_with_the_title_and_the_page_numbers(client, auth, data, tmp_path):
    auth.login("viewer")
    c = data["campaign"].id
    html = client.get(f"/reports/campaign/{c}").get_data(as_text=True)
    assert "۳" in html
    cases = {f"/reports/campaign/{c}.pdf": "پویش آبان", "/reports/monthly.pdf?year=1403&month=8": "ماهانه",
             f"/reports/neighborhood/{data['n2'].id}.pdf": "محله",
             f"/reports/official/{data['o1'].id}.pdf": "کارنامهٔ مهندس صادقی",
             "/reports/ledger.pdf": "بازخوردها"}
    for url, word in cases.items():
        r = client.get(url)
        assert r.status_code == 200 and r.mimetype == "application/pdf", url
        body = r.data
        r.close()
        text = _pdf_text(body, tmp_path)
        assert _plain(word) in text, url  # brackets and «» come out mirrored: pdftotext reads glyphs
        assert "پوشانده" in text  # viewer: the PDF says the sensitive fields are masked
    r = client.get(f"/reports/neighborhood/{data['n2'].id}.pdf")
    text = _pdf_text(r.data, tmp_path)
    r.close()
    assert "09121234567" not in text and "۰۹۱۲۱۲۳۴۵۶۷" not in text


def test_same_total_visits_on_page_and_in_pdf(client, auth, data, tmp_path):
    auth.login("admin")
    c = data["campaign"].id
    html = client.get(f"/reports/campaign/{c}").get_data(as_text=True)
    assert 'data-headline="1">۳<' in html
    r = client.get(f"/reports/campaign/{c}.pdf")
    text = _pdf_text(r.data, tmp_path)
    r.close()
    # pdftotext may put the number before the colon when it reorders a visual RTL line.
    assert re.search(_plain("دیدارهای انجام‌شده") + r"\s*(?:۳\s*:|:\s*۳)\s*؛", text)


def test_bad_date_shows_persian_error_and_keeps_input(client, auth, data):
    auth.login("pr_staff")
    r = client.get(f"/reports/campaign/{data['campaign'].id}?date_from=1403/13/40")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "field-error" in html and "1403/13/40" in html
    r = client.get("/reports/monthly?year=abc&month=3")
    assert r.status_code == 200 and "سال را چهاررقمی" in r.get_data(as_text=True)


def test_other_district_is_404_and_anonymous_redirected(client, auth, data):
    from tracker.extensions import db
    from tracker.models import Area, District, Neighborhood

    other = District(number=5, name="منطقهٔ ۵")
    db.session.add(other)
    db.session.flush()
    area = Area(district_id=other.id, name="ناحیهٔ یک")
    db.session.add(area)
    db.session.flush()
    foreign = Neighborhood(district_id=other.id, area_id=area.id, name="محلهٔ دیگر")
    db.session.add(foreign)
    db.session.commit()
    assert client.get("/reports/").status_code == 302
    auth.login("viewer")
    assert client.get(f"/reports/neighborhood/{foreign.id}").status_code == 404
    assert client.get(f"/reports/neighborhood/{foreign.id}.pdf").status_code == 404
    assert client.get("/reports/campaign/999999").status_code == 404
