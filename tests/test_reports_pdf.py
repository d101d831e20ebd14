"""The report PDF reads correctly in Persian: checked on extracted words and their positions."""

import re
import shutil
import subprocess
import tracemalloc
import unicodedata
from datetime import datetime
from html import unescape

import pytest

from tracker.reports.document import BarChart, ReportDocument, Section, Table
from tracker.reports.fonts import BOLD, REGULAR, register_fonts
from tracker.reports.pdf import render_pdf, render_pdf_to
from tracker.reports.rtl import shape, wrap

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is needed to read words and positions"
)

MIXED = "گزارش «ویژه» دیدار (مرحلهٔ ۲) با Peyvand نسخه 2.5 در منطقه ۲۱"
NAME_LINE = "نام خانواده: عبدالله کریمی که پیگیری می‌شود"
LONG_WORDS = (  # noqa: SIM905  (a sentence reads better than a list of its words)
    "دیدارهای منطقه با خانواده‌های معظم شهدا و معتمدان محله در این ماه به‌خوبی "
    "انجام شد و پیشنهادها و انتقادهای شنیده‌شده به معاونت‌های مربوط ارجاع شد"
).split()
LONG_PARAGRAPH = " ".join(LONG_WORDS * 6)
MIRROR = str.maketrans("()«»", ")(»«")
LTR_RUN = re.compile(r"[A-Za-z0-9۰-۹.٫/:]+")
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)


def make_doc(sections, **kw):
    """Return a ReportDocument with a fixed header and footer around sections."""
    return ReportDocument(
        title=kw.get("title", "گزارش آزمایشی"),
        district_name="منطقهٔ ۲۱",
        filter_text="از ۱۴۰۳/۰۱/۰۱ تا ۱۴۰۳/۰۱/۳۱",
        user_name="عبدالله رضایی",
        generated_at=datetime(2024, 4, 1, 10, 5),
        sections=sections,
        sensitive_masked=kw.get("masked", False),
    )


def extract_pages(pdf: bytes, tmp_path) -> list[list[tuple[float, float, float, str]]]:
    """Return, per page, the words drawn as (x_min, x_max, y_min, visual text)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [PDFTOTEXT, "-bbox", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = []
    for body in PAGE.findall(out):
        words = [
            (float(x0), float(x1), round(float(y0), 1), unescape(text))
            for x0, y0, x1, _y1, text in WORD.findall(body)
        ]
        pages.append(words)
    return pages


def logical(visual_word: str) -> str:
    """Read one drawn word right to left: LTR runs stay, the rest reverses and mirrors."""
    runs, pos = [], 0

    def rtl(chunk: str) -> str:
        return unicodedata.normalize("NFKC", chunk[::-1]).translate(MIRROR)

    for m in LTR_RUN.finditer(visual_word):
        if m.start() > pos:
            runs.append(rtl(visual_word[pos : m.start()]))
        runs.append(m.group())
        pos = m.end()
    if pos < len(visual_word):
        runs.append(rtl(visual_word[pos:]))
    return "".join(reversed(runs))


def expected(text: str) -> str:
    """Return text as extraction gives it back: heh+hamza composed, ZWNJ not drawn."""
    return text.replace("\u0647\u0654", "\u06c0").replace("\u200c", "")


def lines_of(words):
    """Group words by baseline and return each line's words right to left."""
    lines: dict[float, list] = {}
    for word in words:
        lines.setdefault(word[2], []).append(word)
    return [sorted(ws, key=lambda w: -w[0]) for _y, ws in sorted(lines.items())]


def line_text(line) -> str:
    """Return the logical text of a line of words ordered right to left."""
    return " ".join(logical(w[3]) for w in line)


def find_line(pages, first_word: str, containing: str = ""):
    """Return the first line (right to left) starting with first_word and containing a word."""
    first_word, containing = expected(first_word), expected(containing)
    for words in pages:
        for line in lines_of(words):
            if logical(line[0][3]) == first_word and containing in line_text(line):
                return line
    raise AssertionError(f"no line starts with {first_word}")


@pytest.fixture
def sample_pages(tmp_path):
    """Render a two-section document with the mixed line, a name and a long paragraph."""
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read words and positions")
    doc = make_doc(
        [
            Section("خلاصه", [MIXED, NAME_LINE, LONG_PARAGRAPH]),
            Section("جدول", [], [Table(["ردیف", "شرح"], ([str(i), f"مورد {i}"] for i in range(60)))]),
        ],
        masked=True,
    )
    return extract_pages(render_pdf(doc), tmp_path)


@needs_pdftotext
def test_mixed_line_reads_right_to_left_with_mirrored_brackets(sample_pages):
    line = find_line(sample_pages, "گزارش", "Peyvand")
    # The first logical word is the right-most; reading right to left gives the input back.
    assert line_text(line) == expected(MIXED)
    assert line[0][1] == pytest.approx(max(w[1] for w in line))
    visual = {logical(w[3]): w[3] for w in line}
    # Latin and numbers embedded in the line keep their left-to-right order.
    assert visual["Peyvand"] == "Peyvand"
    assert visual["2.5"] == "2.5"
    assert visual["۲۱"] == "۲۱"
    # In RTL the opening bracket sits right of its word and is drawn as ")".
    assert visual[expected("(مرحلهٔ")].endswith(")")
    assert visual["۲)"].startswith("(")
    # «ویژه» shows « on the right, pointing outwards, so the drawn string reads «...» left to right.
    assert visual["«ویژه»"][0] == "«" and visual["«ویژه»"][-1] == "»"
    # Words are laid out right to left: x decreases in logical order.
    xs = [w[0] for w in line]
    assert xs == sorted(xs, reverse=True)


@needs_pdftotext
def test_names_keep_allah_letters_and_zwnj_is_not_drawn(sample_pages):
    text = "".join(w[3] for page in sample_pages for w in page)
    assert "\ufdf2" not in text
    assert "\u200c" not in text
    line = find_line(sample_pages, "نام")
    words = [logical(w[3]) for w in line]
    assert "عبدالله" in words
    drawn_mishavad = next(w[3] for w in line if logical(w[3]) == "میشود")
    # The ZWNJ still breaks the join: ی is in its final, not medial, form.
    assert "\ufbfd" in drawn_mishavad and "\ufbff" not in drawn_mishavad


@needs_pdftotext
def test_long_paragraph_wraps_on_word_boundaries(sample_pages):
    allowed = {w.replace("\u200c", "") for w in LONG_WORDS}
    first = find_line(sample_pages, LONG_WORDS[0])
    paragraph_lines = [
        line
        for line in lines_of(sample_pages[0])
        if line[0][2] >= first[0][2] and all(logical(w[3]) in allowed for w in line)
    ]
    assert len(paragraph_lines) >= 4
    drawn = [logical(w[3]) for line in paragraph_lines for w in line]
    assert drawn == [w.replace("\u200c", "") for w in LONG_WORDS * 6]
    for line in paragraph_lines:
        assert line[0][1] == pytest.approx(paragraph_lines[0][0][1], abs=0.5)  # right-aligned


@needs_pdftotext
def test_every_page_has_header_footer_and_page_x_of_y(sample_pages):
    total = len(sample_pages)
    assert total >= 2
    for number, words in enumerate(sample_pages, start=1):
        texts = [line_text(line) for line in lines_of(words)]
        assert expected("منطقهٔ ۲۱") in texts
        assert "گزارش آزمایشی" in texts
        assert "از ۱۴۰۳/۰۱/۰۱ تا ۱۴۰۳/۰۱/۳۱" in texts
        assert "اطلاعات حساس (تلفن، نشانی، کد ملی) برای نقش شما پوشانده شده است." in texts
        fa = "۰۱۲۳۴۵۶۷۸۹"
        page_label = expected(f"صفحهٔ {fa[number]} از {fa[total]}")
        assert any(t.endswith(page_label) for t in texts), texts[-3:]
        assert any(t.startswith("تهیهشده در ۱۴۰۳/۰۱/۱۳ ساعت ۱۰:۰۵ توسط عبدالله رضایی") for t in texts)


@needs_pdftotext
def test_table_header_repeats_and_numbers_use_persian_digits(tmp_path):
    rows = ([f"{i}", f"محله {i}", f"{i * 7}"] for i in range(1, 121))
    table = Table(["ردیف", "محله", "تعداد دیدار"], rows, [0.15, 0.6, 0.25], {0, 2})
    pages = extract_pages(render_pdf(make_doc([Section("دیدارها", [], [table])])), tmp_path)
    assert len(pages) >= 2
    for words in pages:
        header = find_line([words], "ردیف")
        assert line_text(header) == "ردیف محله تعداد دیدار"
    row = find_line(pages, "۱۲")
    # Right-most column first, the numeric column converted to Persian digits.
    assert line_text(row) == "۱۲ محله 12 ۸۴"


@needs_pdftotext
def test_chart_labels_and_values_are_persian(tmp_path):
    chart = BarChart("پوشش محله‌ها", ["جنت‌آباد (شمالی)", "شهرک غرب"], [12, 3.5], 20)
    pages = extract_pages(render_pdf(make_doc([Section("نمودار", charts=[chart])])), tmp_path)
    texts = [line_text(line) for line in lines_of(pages[0])]
    assert "پوشش محلهها" in texts
    assert "جنتآباد (شمالی) ۱۲" in texts
    assert "شهرک غرب ۳٫۵" in texts


def test_fonts_are_real_regular_and_bold_with_their_own_names():
    regular, bold = register_fonts()
    assert (regular, bold) == (REGULAR, BOLD) == register_fonts()
    pdf = render_pdf(make_doc([Section("عنوان", ["متن"])]))
    assert b"PeyvandNotoSansArabic-Bold" in pdf and b"PeyvandNotoSansArabic-Regular" in pdf
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert stringWidth(shape("گزارش"), bold, 10) > stringWidth(shape("گزارش"), regular, 10)


def test_wrap_never_splits_a_word_longer_than_the_width():
    lines = wrap("کوتاه خیلی‌خیلی‌طولانی‌ترین‌واژه کوتاه", REGULAR, 10, 30)
    assert lines == [shape("کوتاه"), shape("خیلی‌خیلی‌طولانی‌ترین‌واژه"), shape("کوتاه")]


# The 10,000-row figure is measured by benchmarks/pdf_memory.py; the test keeps the suite quick.
ROWS = 3_000


@needs_pdftotext
def test_large_row_generator_streams_in_bounded_memory(tmp_path):
    produced = []

    def rows():
        for i in range(1, ROWS + 1):
            produced.append(i)
            yield [str(i), f"دیدار شمارهٔ {i} با خانوادهٔ محترم", "انجام‌شده", str(i % 17)]

    table = Table(["ردیف", "شرح", "وضعیت", "بازخورد"], rows(), [0.12, 0.5, 0.2, 0.18], {0, 3})
    doc = make_doc([Section("همهٔ دیدارها", ["فهرست کامل"], [table])])
    out = tmp_path / "big.pdf"
    tracemalloc.start()
    try:
        with out.open("wb") as fh:
            render_pdf_to(doc, fh)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"peak traced memory for {ROWS} rows: {peak / 2**20:.1f} MiB")
    assert peak < 60 * 2**20
    assert len(produced) == ROWS
    pages = extract_pages(out.read_bytes(), tmp_path)
    total = len(pages)
    assert total == len(re.findall(rb"/Type /Page\b", out.read_bytes()))
    assert total > 30
    fa = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    last = [line_text(line) for line in lines_of(pages[-1])]
    label = expected(f"صفحهٔ {str(total).translate(fa)} از {str(total).translate(fa)}")
    assert any(t.endswith(label) for t in last)
    assert any(t.startswith(expected(f"{str(ROWS).translate(fa)} دیدار شمارهٔ {ROWS}")) for t in last)
    header = "ردیف شرح وضعیت بازخورد"
    headers = sum(1 for words in pages for line in lines_of(words) if line_text(line) == header)
    assert headers == total


def test_signed_numbers_keep_their_sign_on_the_left_as_on_the_web():
    # The monthly comparison shows changes like −۱۲ and +۳; HTML isolates them left to right.
    assert shape("\u2212۱۲") == "\u2212۱۲"
    assert shape("+۳") == "+۳"
