"""The PDF baseline: a plain reportlab canvas drawing a table with the same shaping as the reports.

Straightforward code of the kind one writes first: every line is reshaped (arabic-reshaper, same
configuration as tracker.reports.rtl) and reordered (python-bidi, right-to-left base) as it is
drawn, words are wrapped by measuring each shaped word, and a page break repeats the header row.
No caching and no fast paths.
"""
from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

MARGIN = 40
SIZE = 9
LEADING = 13
PAD = 4
RESHAPER = ArabicReshaper(configuration={
    "delete_harakat": True, "support_zwj": True, "support_ligatures": True, "ARABIC LIGATURE ALLAH": False,
})


def _lines(text: str, font: str, width: float) -> list[str]:
    """Return the logical lines of text wrapped greedily to width, each word measured shaped."""
    space = stringWidth(" ", font, SIZE)
    lines = []
    for paragraph in (text or "").split("\n"):
        current, used = [], 0.0
        for word in paragraph.split():
            w = stringWidth(RESHAPER.reshape(word), font, SIZE)
            if current and used + space + w > width:
                lines.append(" ".join(current))
                current, used = [], 0.0
            used = w if not current else used + space + w
            current.append(word)
        lines.append(" ".join(current))
    return lines


def draw_table(fileobj, headers: list[str], rows, fractions: list[float], regular: str, bold: str) -> int:
    """Draw the table on A4 pages and return the number of rows drawn."""
    width, height = A4
    content = width - 2 * MARGIN
    widths = [content * f / sum(fractions) for f in fractions]
    rights, edge = [], width - MARGIN
    for w in widths:
        rights.append(edge)
        edge -= w
    canvas = Canvas(fileobj, pagesize=A4)
    y = height - MARGIN

    def row(cells: list[str], font: str) -> None:
        nonlocal y
        wrapped = [_lines(str(c), font, w - 2 * PAD) for c, w in zip(cells, widths)]
        tall = max(len(lines) for lines in wrapped) * LEADING + 2 * PAD
        if y - tall < MARGIN:
            canvas.showPage()
            y = height - MARGIN
            if font == regular:
                row(headers, bold)
        canvas.setFont(font, SIZE)
        canvas.line(edge, y, rights[0], y)
        canvas.line(edge, y - tall, rights[0], y - tall)
        for right in [*rights, edge]:
            canvas.line(right, y, right, y - tall)
        for lines, right in zip(wrapped, rights):
            baseline = y - PAD - SIZE
            for line in lines:
                canvas.drawRightString(right - PAD, baseline, get_display(RESHAPER.reshape(line), base_dir="R"))
                baseline -= LEADING
        y -= tall

    row(headers, bold)
    count = 0
    for cells in rows:
        row(cells, regular)
        count += 1
    canvas.save()
    return count
