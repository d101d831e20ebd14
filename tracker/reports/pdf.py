"""Draw a gathered ReportDocument as an A4, right-to-left Persian PDF.

The PDF code never touches the database.  Pages are drawn one after another on
a raw canvas: table rows are consumed from their iterator as the page fills and
dropped once drawn, and "page X of Y" refers to a form XObject that is only
defined after the last page, so the document is laid out in a single pass.

Every text is laid out on its own (_lines, _line): should one ever fail, that cell,
heading or paragraph is drawn as a placeholder and logged, and the report goes on.
"""

import io
import logging
from collections.abc import Iterator
from itertools import chain

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from tracker.persian.dates import format_jalali
from tracker.persian.digits import format_number, to_persian_digits
from tracker.reports.document import BarChart, ReportDocument, Section, Table
from tracker.reports.fonts import register_fonts
from tracker.reports.rtl import shape, wrap

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 40
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
RIGHT = PAGE_WIDTH - MARGIN
FOOTER_TOP = MARGIN + 22
BODY_SIZE = 10
LEADING = 16
CELL_SIZE = 9
CELL_LEADING = 13
CELL_PAD = 4
TOTAL_FORM = "peyvandTotalPages"
TOTAL_BOX = 30  # room reserved for the page total, drawn later inside the form

# A cell never shows more than a page (_clip), so longer text is cut before it is laid out.
CELL_MAX_CHARS = 4000
UNSHOWABLE = "[این متن قابل نمایش نیست]"
log = logging.getLogger(__name__)

SENSITIVE_NOTE = "اطلاعات حساس (تلفن، نشانی، کد ملی) برای نقش شما پوشانده شده است."
EMPTY_TABLE = "موردی برای نمایش نیست."
GRID = colors.HexColor("#b8bfc7")
HEADER_FILL = colors.HexColor("#dde4ec")
ZEBRA_FILL = colors.HexColor("#f3f5f8")
BAR_FILL = colors.HexColor("#3d6fa8")
MUTED = colors.HexColor("#555555")


def render_pdf(doc: ReportDocument) -> bytes:
    """Return the PDF bytes of doc."""
    buffer = io.BytesIO()
    render_pdf_to(doc, buffer)
    return buffer.getvalue()


def render_pdf_to(doc: ReportDocument, fileobj) -> None:
    """Write doc as a PDF to the binary file object fileobj."""
    _Writer(doc, fileobj).write()


def _lines(text, font: str, size: float, width: float) -> list[str]:
    """Return text's visual lines wrapped to width, or the placeholder's if it cannot be laid out."""
    try:
        return wrap(text, font, size, width)
    except Exception:  # one text must never take the whole report down
        log.exception("a text of a PDF could not be laid out; drawn as a placeholder")
        return wrap(UNSHOWABLE, font, size, width)


def _line(text) -> str:
    """Return one line's visual string, or the placeholder's if it cannot be shaped."""
    try:
        return shape(text)
    except Exception:  # one text must never take the whole report down
        log.exception("a text of a PDF could not be shaped; drawn as a placeholder")
        return shape(UNSHOWABLE)


class _Writer:
    """Lay out one document page by page, keeping only the current page's state."""

    def __init__(self, doc: ReportDocument, fileobj):
        self.doc = doc
        self.regular, self.bold = register_fonts()
        self.canvas = Canvas(fileobj, pagesize=A4, pageCompression=1, invariant=0)
        self.canvas.setTitle(doc.title)
        self.canvas.setAuthor(doc.user_name)
        self.canvas.setCreator("Peyvand")
        self.page = 0
        self.y = 0.0
        self.footer_text = _line(
            f"تهیه‌شده در {format_jalali(doc.generated_at, 'datetime')} توسط {doc.user_name}"
        )
        self.filter_lines = _lines(doc.filter_text, self.regular, 9, CONTENT_WIDTH)[:3]
        # A long title (a press headline) wraps onto a second line rather than running off the page.
        self.title_lines = _lines(doc.title, self.bold, 14, CONTENT_WIDTH)[:2]
        self.district_line = _line(doc.district_name)

    # -- pages -------------------------------------------------------------

    def write(self) -> None:
        """Draw every section, then define the page total and close the file."""
        self.new_page()
        for section in self.doc.sections:
            self.section(section)
        self.canvas.showPage()
        self.canvas.beginForm(TOTAL_FORM)
        self.canvas.setFont(self.regular, 8)
        self.canvas.setFillColor(MUTED)
        self.canvas.drawRightString(TOTAL_BOX, 0, format_number(self.page))
        self.canvas.endForm()
        self.canvas.save()

    def new_page(self) -> None:
        """Finish the current page (if any) and start the next with header and footer."""
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.header()
        self.footer()

    def header(self) -> None:
        """Draw the district, title, filter and (when needed) the masking note."""
        c = self.canvas
        y = PAGE_HEIGHT - MARGIN
        c.setFillColor(MUTED)
        c.setFont(self.regular, 9)
        c.drawRightString(RIGHT, y, self.district_line)
        y -= 20
        c.setFillColor(colors.black)
        c.setFont(self.bold, 14)
        for i, line in enumerate(self.title_lines):
            if i:
                y -= 18
            c.drawRightString(RIGHT, y, line)
        c.setFont(self.regular, 9)
        for line in self.filter_lines:
            y -= 13
            c.drawRightString(RIGHT, y, line)
        y -= 8
        c.setStrokeColor(GRID)
        c.setLineWidth(0.7)
        c.line(MARGIN, y, RIGHT, y)
        if self.doc.sensitive_masked:
            y -= 14
            c.setFillColor(colors.HexColor("#8a4b00"))
            c.drawRightString(RIGHT, y, shape(SENSITIVE_NOTE))
            c.setFillColor(colors.black)
            y -= 4
        self.y = y - 18

    def footer(self) -> None:
        """Draw who made the report, when, and the page number with a deferred total."""
        c = self.canvas
        c.setStrokeColor(GRID)
        c.setLineWidth(0.7)
        c.line(MARGIN, FOOTER_TOP, RIGHT, FOOTER_TOP)
        y = MARGIN + 8
        c.setFillColor(MUTED)
        c.setFont(self.regular, 8)
        c.drawRightString(RIGHT, y, self.footer_text)
        c.drawString(MARGIN + TOTAL_BOX + 3, y, _line(f"صفحهٔ {format_number(self.page)} از"))
        c.saveState()
        c.translate(MARGIN, y)
        c.doForm(TOTAL_FORM)
        c.restoreState()
        c.setFillColor(colors.black)

    def room(self) -> float:
        """Return the height left for the body on this page."""
        return self.y - FOOTER_TOP - 10

    def ensure(self, height: float) -> None:
        """Start a new page unless height fits on this one."""
        if height > self.room():
            self.new_page()

    # -- blocks ------------------------------------------------------------

    def section(self, section: Section) -> None:
        """Draw a heading followed by the section's paragraphs, tables and charts."""
        self.ensure(24 + LEADING * 2)
        self.canvas.setFont(self.bold, 12)
        self.canvas.setFillColor(colors.black)
        self.canvas.drawRightString(RIGHT, self.y, _line(section.heading))
        self.y -= 22
        for paragraph in section.paragraphs:
            self.paragraph(paragraph)
        for table in section.tables:
            self.table(table)
        for chart in section.charts:
            self.chart(chart)
        self.y -= 6

    def paragraph(self, text: str) -> None:
        """Draw text wrapped to the content width, right-aligned, across pages."""
        self.canvas.setFillColor(colors.black)
        for line in _lines(text, self.regular, BODY_SIZE, CONTENT_WIDTH):
            self.ensure(LEADING)
            self.canvas.setFont(self.regular, BODY_SIZE)
            self.canvas.drawRightString(RIGHT, self.y, line)
            self.y -= LEADING
        self.y -= 6

    # -- tables ------------------------------------------------------------

    def table(self, table: Table) -> None:
        """Draw a table row by row, repeating the header row on each new page."""
        columns = len(table.headers)
        fractions = table.col_widths or [1.0 / columns] * columns
        scale = sum(fractions) or 1.0
        widths = [CONTENT_WIDTH * f / scale for f in fractions]
        # Column 0 is the right-most: record each column's right edge.
        rights, edge = [], RIGHT
        for w in widths:
            rights.append(edge)
            edge -= w
        header = self._cells(table.headers, widths, self.bold, set())
        rows: Iterator[list[str]] = iter(table.rows)
        first = next(rows, None)
        if first is None:
            rows, empty = iter(()), True
        else:
            rows, empty = chain([first], rows), False
        self.ensure(self._height(header) * 2 + 4)
        self._row(header, widths, rights, self.bold, HEADER_FILL)
        if empty:
            cells = [_lines(EMPTY_TABLE, self.regular, CELL_SIZE, CONTENT_WIDTH)]
            self._row(cells, [CONTENT_WIDTH], [RIGHT], self.regular, None)
        for index, row in enumerate(rows):
            cells = self._cells(row, widths, self.regular, table.numeric_columns)
            height = self._height(cells)
            if height > self.room():
                self.new_page()
                self._row(header, widths, rights, self.bold, HEADER_FILL)
                cells = self._clip(cells)
            self._row(cells, widths, rights, self.regular, ZEBRA_FILL if index % 2 else None)
        self.y -= 12

    def _cells(self, values, widths, font, numeric) -> list[list[str]]:
        """Wrap each cell's text to its column and return the visual lines."""
        cells = []
        for i, width in enumerate(widths):
            try:
                value = values[i] if i < len(values) else ""
                text = "" if value is None else str(value)
                if i in numeric:
                    text = to_persian_digits(text)
            except Exception:  # a value that cannot even be read as text stays one cell's problem
                log.exception("a cell of a PDF table could not be read; drawn as a placeholder")
                text = UNSHOWABLE
            if len(text) > CELL_MAX_CHARS:
                text = text[:CELL_MAX_CHARS] + "…"
            cells.append(_lines(text, font, CELL_SIZE, width - 2 * CELL_PAD))
        return cells

    @staticmethod
    def _height(cells) -> float:
        """Return the drawn height of a row of wrapped cells."""
        return max((len(lines) for lines in cells), default=1) * CELL_LEADING + 2 * CELL_PAD

    def _clip(self, cells) -> list[list[str]]:
        """Cut the lines of a row taller than a whole page so it fits on one."""
        fit = max(1, int((self.room() - 2 * CELL_PAD) // CELL_LEADING))
        return [lines[:fit] for lines in cells]

    def _row(self, cells, widths, rights, font, fill) -> None:
        """Draw one row of wrapped cells at the cursor and move the cursor below it."""
        c = self.canvas
        height = self._height(cells)
        top, bottom = self.y, self.y - height
        left = rights[-1] - widths[-1]
        if fill is not None:
            c.setFillColor(fill)
            c.rect(left, bottom, rights[0] - left, height, stroke=0, fill=1)
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        c.line(left, bottom, rights[0], bottom)
        c.line(left, top, rights[0], top)
        for right in [*rights, left]:
            c.line(right, bottom, right, top)
        c.setFillColor(colors.black)
        c.setFont(font, CELL_SIZE)
        for lines, right in zip(cells, rights):
            baseline = top - CELL_PAD - CELL_SIZE
            for line in lines:
                c.drawRightString(right - CELL_PAD, baseline, line)
                baseline -= CELL_LEADING
        self.y = bottom

    # -- charts ------------------------------------------------------------

    def chart(self, chart: BarChart) -> None:
        """Draw a horizontal bar chart: labels on the right, bars growing leftwards."""
        c = self.canvas
        bar, gap = 12, 7
        label_width = CONTENT_WIDTH * 0.3
        value_room = 40
        bar_right = RIGHT - label_width - 8
        bar_span = bar_right - MARGIN - value_room
        values = [max(0.0, float(v or 0)) for v in chart.values]
        top = chart.max_value or max(values, default=0) or 1.0
        self.y -= 6
        self.ensure(22 + bar + gap)
        c.setFont(self.bold, 10)
        c.setFillColor(colors.black)
        c.drawRightString(RIGHT, self.y, _line(chart.title))
        self.y -= 18
        for label, value in zip(chart.labels, values):
            self.ensure(bar + gap)
            lines = _lines(label, self.regular, CELL_SIZE, label_width)
            c.setFont(self.regular, CELL_SIZE)
            c.setFillColor(colors.black)
            c.drawRightString(RIGHT, self.y - bar + 3, lines[0] if lines else "")
            length = bar_span * min(value, top) / top
            c.setFillColor(BAR_FILL)
            c.rect(bar_right - length, self.y - bar, length, bar, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.drawRightString(bar_right - length - 4, self.y - bar + 3, format_number(value))
            self.y -= bar + gap
        self.y -= 10

