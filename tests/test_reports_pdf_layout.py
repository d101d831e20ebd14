"""PDF layout a manager can hand up: the landscape ledger and titles that stay with what they head."""
import shutil
import subprocess
import unicodedata
from datetime import date, datetime

import pytest

from tracker.reports import build
from tracker.reports import queries as q
from tracker.reports.document import BarChart, ReportDocument, Section, Table
from tracker.reports.pdf import render_pdf

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext reads the PDF")


def pages(pdf: bytes, tmp_path) -> list[str]:
    """Return the text of each page."""
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True).stdout
    # Shaped letters are presentation forms: fold them back to the letters.
    return unicodedata.normalize("NFKC", out.decode("utf-8")).split("\f")[:-1]


def page_size(pdf: bytes, tmp_path) -> tuple[float, float]:
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    w, _, h = size.split(":")[1].split()[:3]
    return float(w), float(h)


def doc(sections, **kw) -> ReportDocument:
    return ReportDocument("گزارش آزمایشی", "منطقهٔ ۲۱", "همهٔ تاریخ‌ها", "آزمون", datetime(2025, 7, 1, 9),
                          sections, **kw)


PR = "مریم کاظمی (روابط عمومی)"  # a user name that carries its own brackets


def step(at, action, before, after, user, department=None) -> q.TimelineEntry:
    return q.TimelineEntry(at, action, before, after, user, department, None)


def ledger_row(i: int, **kw) -> q.LedgerRow:
    data = dict(id=i, received_on=date(2025, 7, 1), kind="request", status="answered", priority="normal",
                topic="آسفالت", department="معاونت فنی و عمرانی", neighborhood="وردآورد", event_id=1,
                event_held_on=date(2025, 7, 1), campaign=None, household=f"Family{i} رضایی", phone="09121234567",
                text=f"درخواست آسفالت کوچه Item{i}", referred_on=date(2025, 7, 1), due_on=date(2025, 7, 8),
                answered_on=date(2025, 7, 5), closed_on=None, response=f"Answer{i} آسفالت انجام شد", satisfaction=None,
                timeline=[step(datetime(2025, 7, 1, 10), "create", None, "new", PR),
                          step(datetime(2025, 7, 2, 10), "refer", "new", "referred", PR, "معاونت فنی"),
                          step(datetime(2025, 7, 5, 10), "answer", "referred", "answered", None)])
    data.update(kw)
    return q.LedgerRow(**data)


def test_ledger_is_landscape_with_household_response_and_separate_steps(tmp_path):
    d = build.ledger_document((ledger_row(i) for i in range(1, 41)), "همهٔ تاریخ‌ها", "منطقه ۲۱", "آزمون",
                              datetime(2025, 7, 10), masked=False)
    assert d.landscape and {"خانوار", "پاسخ", "سیر رسیدگی"} <= set(d.sections[0].tables[0].headers)
    pdf = render_pdf(d)
    width, height = page_size(pdf, tmp_path)
    assert width > height  # landscape
    texts = pages(pdf, tmp_path)
    whole = "".join(texts)
    assert "Family1" in whole and "Answer1" in whole and "Answer40" in whole
    # Forty items fit on few pages (portrait with eight columns held about five a page).
    assert len(texts) <= 6
    # Steps are numbered and one per line; the user's own bracket is not wrapped in another.
    steps = build.timeline_text(ledger_row(1)).splitlines()
    assert [s.split(".")[0] for s in steps] == ["۱", "۲", "۳"]
    assert steps[0] == "۱. ثبت بازخورد، ۱۴۰۴/۰۴/۱۰ — مریم کاظمی (روابط عمومی)" and steps[2] == "۳. پاسخ، ۱۴۰۴/۰۴/۱۴"
    assert "((" not in build.timeline_text(ledger_row(1)) and "))" not in build.timeline_text(ledger_row(1))


def test_masked_ledger_shows_the_mask_not_the_phone(tmp_path):
    d = build.ledger_document([ledger_row(1, phone="•••")], "", "منطقه ۲۱", "آزمون", datetime(2025, 7, 10),
                              masked=True)
    whole = "".join(pages(render_pdf(d), tmp_path))
    assert "•••" in whole and "09121234567" not in whole and "۰۹۱۲۱۲۳۴۵۶۷" not in whole


def test_a_table_going_over_a_page_repeats_its_title_marked_continued(tmp_path):
    rows = [[f"Row{i}", str(i)] for i in range(120)]
    texts = pages(render_pdf(doc([Section("TableTitle جدول", tables=[Table(["نام", "شمار"], rows)])])), tmp_path)
    assert len(texts) >= 3
    for text in texts[1:]:
        assert "TableTitle" in text and "ادامه" in text


def test_a_chart_going_over_a_page_repeats_its_title(tmp_path):
    chart = BarChart("ChartTitle نمودار", [f"Bar{i}" for i in range(80)], list(range(80)))
    texts = pages(render_pdf(doc([Section("بخش", charts=[chart])])), tmp_path)
    assert len(texts) >= 2
    assert all("ChartTitle" in t for t in texts)


@pytest.mark.parametrize("filler", range(30, 48, 2))
def test_no_heading_is_left_alone_at_the_foot_of_a_page(tmp_path, filler):
    # Filler lines push the next section's heading to every position near the foot of page one.
    lines = "\n".join(f"Line{i}" for i in range(filler))
    table = Table(["HeadCol ستون", "شمار"], [["FirstRow", "۱"], ["SecondRow", "۲"]])
    texts = pages(render_pdf(doc([Section("پیش", paragraphs=[lines]), Section("KeepHeading بخش", tables=[table])])),
                  tmp_path)
    [page] = [t for t in texts if "KeepHeading" in t]
    assert "HeadCol" in page and "FirstRow" in page


@pytest.mark.parametrize("filler", range(34, 48, 2))
def test_a_chart_title_stays_with_its_bars(tmp_path, filler):
    lines = "\n".join(f"Line{i}" for i in range(filler))
    chart = BarChart("ChartKeep نمودار", ["Bar1", "Bar2", "Bar3"], [1, 2, 3])
    texts = pages(render_pdf(doc([Section("پیش", paragraphs=[lines], charts=[chart])])), tmp_path)
    [page] = [t for t in texts if "ChartKeep" in t]
    assert "Bar1" in page


def test_a_chart_that_fits_a_page_is_never_split(tmp_path):
    lines = "\n".join(f"Line{i}" for i in range(30))
    chart = BarChart("WholeChart نمودار", [f"Bar{i}" for i in range(20)], list(range(20)))
    texts = pages(render_pdf(doc([Section("پیش", paragraphs=[lines], charts=[chart])])), tmp_path)
    [page] = [t for t in texts if "WholeChart" in t]
    assert all(f"Bar{i}" in page for i in range(20))
