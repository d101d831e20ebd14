"""Draw a gathered ReportDocument as an A4 (portrait or landscape), right-to-left Persian PDF.

The PDF code never touches the database.  Pages are drawn one after another on
a raw canvas: table rows are consumed from their iterator as the page fills and
dropped once drawn, and "page X of Y" refers to a form XObject that is only
defined after the last page, so the document is laid out in a single pass.

Every text is laid out on its own (_lines, _line): should one ever fail, that cell,
heading or paragraph is drawn as a placeholder and logged, and the report goes on.
"""

import io
import logging
from itertools import chain

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from tracker.persian.dates import format_jalali
from tracker.persian.digits import format_number, to_persian_digits
from tracker.reports.document import BarChart, ReportDocument, Section, Table
from tracker.reports.fonts import register_fonts
from tracker.reports.rtl import shape, wrap

MARGIN = 40
FOOTER_TOP = MARGIN + 22
BODY_SIZE = 10
LEADING = 16
CELL_SIZE = 9
CELL_LEADING = 13
CELL_PAD = 4
# Long listings (the ledger) use a smaller type so more rows fit on a page.
COMPACT_SIZE = 8
COMPACT_LEADING = 11
CHART_BAR = 12
CHART_GAP = 7
CHART_TITLE_STEP = 18
TOTAL_FORM = "peyvandTotalPages"
TOTAL_BOX = 30  # room reserved for the page total, drawn later inside the form

# A cell never shows more than a page (_clip), so longer text is cut before it is laid out.
CELL_MAX_CHARS = 4000
UNSHOWABLE = "[این متن قابل نمایش نیست]"
log = logging.getLogger(__name__)

SENSITIVE_NOTE = "اطلاعات حساس (تلفن، نشانی، کد ملی) برای نقش شما پوشانده شده است."
EMPTY_TABLE = "موردی برای نمایش نیست."
# Written after a table's or chart's title when it goes on over a page break.
CONTINUED = "(ادامه)"
HEADING_SIZE = 12
HEADING_STEP = 22
# A chart's title stays with at least this many bars (or all of them, if fewer).
CHART_KEEP = 3
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
        size = landscape(A4) if doc.landscape else A4
        self.page_width, self.page_height = size
        self.right = self.page_width - MARGIN
        self.content_width = self.page_width - 2 * MARGIN
        self.canvas = Canvas(fileobj, pagesize=size, pageCompression=1, invariant=0)
        self.canvas.setTitle(doc.title)
        self.canvas.setAuthor(doc.user_name)
        self.canvas.setCreator("Peyvand")
        self.page = 0
        self.y = 0.0
        self.heading = doc.title
        self.cell_size, self.cell_leading = CELL_SIZE, CELL_LEADING
        self.footer_text = _line(
            f"تهیه‌شده در {format_jalali(doc.generated_at, 'datetime')} توسط {doc.user_name}"
        )
        self.filter_lines = _lines(doc.filter_text, self.regular, 9, self.content_width)[:3]
        # A long title (a press headline) wraps onto a second line rather than running off the page.
        self.title_lines = _lines(doc.title, self.bold, 14, self.content_width)[:2]
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
        y = self.page_height - MARGIN
        c.setFillColor(MUTED)
        c.setFont(self.regular, 9)
        c.drawRightString(self.right, y, self.district_line)
        y -= 20
        c.setFillColor(colors.black)
        c.setFont(self.bold, 14)
        for i, line in enumerate(self.title_lines):
            if i:
                y -= 18
            c.drawRightString(self.right, y, line)
        c.setFont(self.regular, 9)
        for line in self.filter_lines:
            y -= 13
            c.drawRightString(self.right, y, line)
        y -= 8
        c.setStrokeColor(GRID)
        c.setLineWidth(0.7)
        c.line(MARGIN, y, self.right, y)
        if self.doc.sensitive_masked:
            y -= 14
            c.setFillColor(colors.HexColor("#8a4b00"))
            c.drawRightString(self.right, y, shape(SENSITIVE_NOTE))
            c.setFillColor(colors.black)
            y -= 4
        self.y = y - 18
        self.body_height = self.room()

    def footer(self) -> None:
        """Draw who made the report, when, and the page number with a deferred total."""
        c = self.canvas
        c.setStrokeColor(GRID)
        c.setLineWidth(0.7)
        c.line(MARGIN, FOOTER_TOP, self.right, FOOTER_TOP)
        y = MARGIN + 8
        c.setFillColor(MUTED)
        c.setFont(self.regular, 8)
        c.drawRightString(self.right, y, self.footer_text)
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
        """Draw a heading with the start of its first block, then the paragraphs, tables and charts."""
        self.heading = section.heading
        tables = [self._peeked(t) for t in section.tables]
        if section.paragraphs:
            lines = _lines(section.paragraphs[0], self.regular, BODY_SIZE, self.content_width)
            first = LEADING * min(2, len(lines))
        elif tables:
            first = self._table_start(tables[0])
        elif section.charts:
            first = self._chart_start(section.charts[0])
        else:
            first = 0
        # A heading never ends a page alone: it moves with the start of what it heads.
        self.ensure(HEADING_STEP + first)
        self._heading(section.heading)
        for paragraph in section.paragraphs:
            self.paragraph(paragraph)
        for table in tables:
            self.table(table)
        for chart in section.charts:
            self.chart(chart)
        self.y -= 6

    def _heading(self, text: str) -> None:
        self.canvas.setFont(self.bold, HEADING_SIZE)
        self.canvas.setFillColor(colors.black)
        self.canvas.drawRightString(self.right, self.y, _line(text))
        self.y -= HEADING_STEP

    def paragraph(self, text: str) -> None:
        """Draw text wrapped to the content width, right-aligned, across pages."""
        self.canvas.setFillColor(colors.black)
        for line in _lines(text, self.regular, BODY_SIZE, self.content_width):
            self.ensure(LEADING)
            self.canvas.setFont(self.regular, BODY_SIZE)
            self.canvas.drawRightString(self.right, self.y, line)
            self.y -= LEADING
        self.y -= 6

    # -- tables ------------------------------------------------------------

    @staticmethod
    def _peeked(table: Table) -> tuple[Table, list | None]:
        """Return the table with its first row read ahead (and kept in front), and that row."""
        rows = iter(table.rows)
        first = next(rows, None)
        return Table(table.headers, chain([first], rows) if first is not None else [], table.col_widths,
                     table.numeric_columns, table.compact), first

    def _geometry(self, table: Table):
        columns = len(table.headers)
        fractions = table.col_widths or [1.0 / columns] * columns
        scale = sum(fractions) or 1.0
        widths = [self.content_width * f / scale for f in fractions]
        # Column 0 is the right-most: record each column's right edge.
        rights, edge = [], self.right
        for w in widths:
            rights.append(edge)
            edge -= w
        return widths, rights

    def _table_start(self, peeked: tuple[Table, list | None]) -> float:
        """Return the height of the table's header row with its first row (capped at half a page)."""
        table, first = peeked
        self._size(table)
        widths, _ = self._geometry(table)
        header = self._height(self._cells(table.headers, widths, self.bold, set()))
        body = self._height(self._cells(first, widths, self.regular, table.numeric_columns)) if first else header
        return header + min(body, self.page_height / 2)

    def _size(self, table: Table) -> None:
        self.cell_size, self.cell_leading = (COMPACT_SIZE, COMPACT_LEADING) if table.compact else (
            CELL_SIZE, CELL_LEADING)

    def _continued(self, title: str) -> None:
        """Start a new page that goes on with title, marked «(ادامه)»."""
        self.new_page()
        self.canvas.setFont(self.bold, 10)
        self.canvas.setFillColor(colors.black)
        self.canvas.drawRightString(self.right, self.y, _line(f"{title} {CONTINUED}"))
        self.y -= 18

    def table(self, peeked: tuple[Table, list | None]) -> None:
        """Draw a table row by row; on each new page repeat its title («(ادامه)») and header row."""
        table, first = peeked
        if self._table_start(peeked) > self.room():
            self._continued(self.heading)
        widths, rights = self._geometry(table)
        header = self._cells(table.headers, widths, self.bold, set())
        self._row(header, widths, rights, self.bold, HEADER_FILL)
        if first is None:
            cells = [_lines(EMPTY_TABLE, self.regular, self.cell_size, self.content_width)]
            self._row(cells, [self.content_width], [self.right], self.regular, None)
        for index, row in enumerate(table.rows):
            cells = self._cells(row, widths, self.regular, table.numeric_columns)
            if self._height(cells) > self.room():
                self._continued(self.heading)
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
            cells.append(_lines(text, font, self.cell_size, width - 2 * CELL_PAD))
        return cells

    def _height(self, cells) -> float:
        """Return the drawn height of a row of wrapped cells."""
        return max((len(lines) for lines in cells), default=1) * self.cell_leading + 2 * CELL_PAD

    def _clip(self, cells) -> list[list[str]]:
        """Cut the lines of a row taller than a whole page so it fits on one."""
        fit = max(1, int((self.room() - 2 * CELL_PAD) // self.cell_leading))
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
        c.setFont(font, self.cell_size)
        for lines, right in zip(cells, rights):
            baseline = top - CELL_PAD - self.cell_size
            for line in lines:
                c.drawRightString(right - CELL_PAD, baseline, line)
                baseline -= self.cell_leading
        self.y = bottom

    # -- charts ------------------------------------------------------------

    def _chart_start(self, chart: BarChart) -> float:
        """Return the height kept together: the whole chart if a page holds it, else its title and first bars."""
        whole = 6 + CHART_TITLE_STEP + max(1, len(chart.values)) * (CHART_BAR + CHART_GAP)
        if whole <= self.body_height:
            return whole
        return 6 + CHART_TITLE_STEP + CHART_KEEP * (CHART_BAR + CHART_GAP)

    def chart(self, chart: BarChart) -> None:
        """Draw a horizontal bar chart: labels on the right, bars growing leftwards, «—» where nothing counts."""
        c = self.canvas
        bar, gap = CHART_BAR, CHART_GAP
        label_width = self.content_width * 0.3
        value_room = 40
        bar_right = self.right - label_width - 8
        bar_span = bar_right - MARGIN - value_room
        values = [None if v is None else max(0.0, float(v)) for v in chart.values]
        top = chart.max_value or max((v for v in values if v is not None), default=0) or 1.0
        self.ensure(self._chart_start(chart))
        self.y -= 6
        c.setFont(self.bold, 10)
        c.setFillColor(colors.black)
        c.drawRightString(self.right, self.y, _line(chart.title))
        self.y -= CHART_TITLE_STEP
        for label, value in zip(chart.labels, values):
            if bar + gap > self.room():
                self._continued(chart.title)
            lines = _lines(label, self.regular, CELL_SIZE, label_width)
            c.setFont(self.regular, CELL_SIZE)
            c.setFillColor(colors.black)
            c.drawRightString(self.right, self.y - bar + 3, lines[0] if lines else "")
            length = 0.0 if value is None else bar_span * min(value, top) / top
            if length:
                c.setFillColor(BAR_FILL)
                c.rect(bar_right - length, self.y - bar, length, bar, stroke=0, fill=1)
            c.setFillColor(colors.black if value is not None else MUTED)
            c.drawRightString(bar_right - length - 4, self.y - bar + 3,
                              _line(format_number(value, percent=chart.percent)))
            self.y -= bar + gap
        self.y -= 10
