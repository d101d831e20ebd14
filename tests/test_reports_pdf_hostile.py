"""Every report PDF renders whatever text is stored, and the rows around a hostile one still read right."""
import shutil
import subprocess
import unicodedata
from datetime import datetime

import pytest
from bidi.algorithm import get_display
from sqlalchemy import select

from tests.test_reports_queries import build_dataset
from tracker.extensions import db
from tracker.models import Commitment, FeedbackItem, Household
from tracker.reports import pdf as pdf_module
from tracker.reports import rtl
from tracker.reports.document import BarChart, ReportDocument, Section, Table
from tracker.reports.fonts import REGULAR, register_fonts
from tracker.reports.pdf import UNSHOWABLE, render_pdf

# A character newer than Python 3.11's Unicode tables (🩷), an unassigned one (U+0378), a tag, controls,
# bidi overrides and isolates, a noncharacter, a 300-letter word and a 200-letter link.
HOSTILE = ("متن 🩷\U0001fa77 \u0378 \U000e0001 \x07\x1b \u202eوارونه\u2066 \uffff "
           + "ب" * 300 + " http://example.invalid/" + "a" * 200 + " \u200f(پایان)")
# Names have a length limit (PostgreSQL enforces it).
HOSTILE_NAME = "نام 🩷 \u0378 \x07 \u202eوارونه\u2066 \uffff " + "ب" * 60
# What only a document can carry (no database stores them): lone surrogates and NUL.
UNSTORABLE = "نام \ud800 \udfff \x00 خانوار"
BEFORE, AFTER = "درخواست آسفالت کوچهٔ لاله", "پیشنهاد نیمکت پارک محله"
NEEDS_PDFTOTEXT = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")


def _text(pdf: bytes, tmp_path) -> str:
    """Return the PDF's text as pdftotext reads it: logical order, letters unshaped."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", raw).replace("\u200c", "")


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u200c", "").replace("\u0647\u0654", "\u06c0")


@pytest.fixture
def hostile(app, district):
    """The report dataset with hostile text stored beside ordinary rows: feedback, a commitment, names."""
    data = build_dataset(district)
    items = db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()
    for item, text in zip(items, [BEFORE, HOSTILE, AFTER, AFTER, HOSTILE]):
        item.text = text
    commitments = db.session.scalars(select(Commitment).order_by(Commitment.id)).all()
    commitments[1].text = HOSTILE
    household = db.session.scalar(select(Household).where(Household.name == "خانواده احمدی"))
    household.name = HOSTILE_NAME
    data["o2"].name = "دکتر " + HOSTILE_NAME
    db.session.commit()
    return data


@NEEDS_PDFTOTEXT
def test_every_report_pdf_renders_hostile_text_and_keeps_the_rows_around_it(client, auth, tokens, hostile, tmp_path):
    auth.login("admin")
    c, n1, o1, o2 = hostile["campaign"].id, hostile["n1"].id, hostile["o1"].id, hostile["o2"].id
    # Each report, and a line it must still show reading right to left beside the hostile rows.
    reports = {
        "/reports/ledger.pdf": [BEFORE, AFTER],
        f"/reports/neighborhood/{n1}.pdf": ["خانواده رضایی", "حاج آقا کریمی"],
        f"/reports/campaign/{c}.pdf": ["آسفالت کوچه", "پیگیری پرونده"],
        "/reports/monthly.pdf?year=1403&month=8": ["آسفالت کوچه", "پیگیری پرونده"],
        f"/reports/official/{o1}.pdf": ["آسفالت کوچه", "مهندس صادقی"],
        f"/reports/official/{o2}.pdf": ["پیگیری پرونده"],
    }
    answers = {url: client.get(url) for url in reports}
    # The form refuses control characters (tracker.persian.text); the rest of the hostile text goes in.
    typable = HOSTILE.replace("\x07\x1b", "")
    answers["press draft"] = client.post(f"/exports/press?campaign_id={c}", data={
        "title": "خبر 🩷 \u202eوارونه", "lead": BEFORE + " " + typable, "body": typable + "\n" + AFTER,
        "as_pdf": "1"})
    reports["press draft"] = [BEFORE, AFTER]
    answers["API"] = client.get(f"/api/v1/campaigns/{c}/report.pdf",
                                headers={"Authorization": f"Bearer {tokens['admin']}"})
    reports["API"] = ["آسفالت کوچه", "پیگیری پرونده"]
    for where, response in answers.items():
        body = response.get_data()
        response.close()
        assert response.status_code == 200 and response.mimetype == "application/pdf", where
        assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF"), where
        text = _text(body, tmp_path)
        for line in reports[where]:
            assert _plain(line) in text, f"{where}: {line}"
        assert "\u202e" not in text, where


def test_layout_never_fails_on_a_character():
    regular, _bold = register_fonts()
    for text in [HOSTILE, UNSTORABLE, "🩷", "\U0010ffff\U000e0000", "\u202e\u202e\u202e", "(" * 50, "\uffff\ufffe",
                 "x" * 5000, "\t\r\n\x0b\x0c", "", None, "\u0600\u0605 ؀ \U0001ed00"]:
        for line in [*rtl.wrap(text, regular, 9, 80), rtl.shape(text)]:
            line.encode("utf-8")  # a lone surrogate would raise here, and in reportlab
            assert "\x00" not in line and "\u202e" not in line


def test_a_character_the_font_lacks_is_a_dotted_circle_in_its_place():
    regular, _bold = register_fonts()
    assert rtl.shape("سلام 🩷 دنیا") == rtl.shape("دنیا") + " ◌ " + rtl.shape("سلام")
    assert rtl.shape("ابتدا \u0378 انتها") == rtl.shape("انتها") + " ◌ " + rtl.shape("ابتدا")
    assert rtl.wrap(UNSTORABLE, regular, 9, 500) == [rtl.shape("نام ◌ ◌ ◌ خانوار")]
    # Invisible characters the font lacks are dropped, not circled.
    assert rtl.shape("کتاب\u2060خانه") == rtl.shape("کتابخانه")


def test_bidi_gives_characters_newer_than_pythons_tables_their_default_class():
    # Straight to the bidi step: here python-bidi alone fails an assertion on U+1FA77.
    shaped = rtl.reshape("سلام 🩷 دنیا abc \U0001fa77 \u0378")
    assert rtl._display.__wrapped__(shaped).count("\U0001fa77") == 2
    assert rtl.missing_class("\U0001fa77") == "ON" and rtl.missing_class("\u0378") == "L"
    assert rtl.missing_class("\u07bf") == "AL" and rtl.missing_class("\U000e0080") == "BN"


@pytest.mark.parametrize("line", [
    "گزارش «ویژه» دیدار (مرحلهٔ ۲) با Peyvand نسخه 2.5 در منطقه ۲۱",
    "نشانی: خیابان [لاله] {پلاک ۷} - 09121234567 <تست>",
    "Latin only (with brackets) and 3.14",
])
def test_the_bidi_steps_match_python_bidi_on_known_characters(line):
    shaped = rtl.reshape(line)
    assert rtl._display.__wrapped__(shaped) == get_display(shaped, base_dir="R")


def test_a_run_of_letters_longer_than_a_word_is_cut_to_the_column():
    regular, _bold = register_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = rtl.wrap_logical("کوتاه " + "ب" * 300 + " کوتاه", regular, 9, 80)
    assert lines[0] == "کوتاه" and lines[-1].endswith("کوتاه") and len(lines) > 3
    assert "".join(lines).replace(" ", "") == "کوتاه" + "ب" * 300 + "کوتاه"
    assert max(stringWidth(rtl.reshape(line), regular, 9) for line in lines) <= 80


@NEEDS_PDFTOTEXT
def test_a_cell_that_cannot_be_laid_out_is_a_placeholder_and_the_report_goes_on(monkeypatch, tmp_path, caplog):
    real_wrap = pdf_module.wrap

    def failing_wrap(text, *args):
        if text == "خراب":
            raise RuntimeError("a layout bug")
        return real_wrap(text, *args)

    class Unreadable:
        def __str__(self):
            raise ValueError("no text")

    monkeypatch.setattr(pdf_module, "wrap", failing_wrap)
    rows = [["۱", BEFORE], ["۲", "خراب"], ["۳", Unreadable()], ["۴", UNSTORABLE], ["۵", AFTER]]
    doc = ReportDocument(title="گزارش آزمون", district_name="منطقهٔ ۲۱", filter_text="", user_name="آزمون",
                         generated_at=datetime(2024, 4, 1, 10, 5), sensitive_masked=False,
                         sections=[Section("جدول", ["خراب"], [Table(["ردیف", "متن"], rows)],
                                           [BarChart("نمودار", ["خراب", "سالم"], [1, 2])])])
    text = _text(render_pdf(doc), tmp_path)
    for line in (BEFORE, AFTER, "سالم", "نام ◌ ◌ ◌ خانوار"):
        assert _plain(line) in text
    assert text.count(_plain(UNSHOWABLE).strip("[]")) == 4  # paragraph, two cells, chart label
    # Each failure is logged (a chart label is laid out twice: measured, then drawn).
    assert sum("drawn as a placeholder" in record.message for record in caplog.records) >= 4
    assert REGULAR in register_fonts()
