"""Draw report charts as inline SVG for the page, from the same BarChart the PDF draws.

Text is written in logical order and the browser shapes it; labels carry direction="rtl",
so text-anchor="start" pins their right edge where the bars begin.
"""
from markupsafe import Markup, escape

from tracker.persian.digits import format_number
from tracker.reports.document import BarChart

WIDTH = 640  # app.css caps .report-chart at this many pixels
BAR = 16
GAP = 8
LABEL_WIDTH = 190
VALUE_ROOM = 48
TOP = 8


def bar_chart(chart: BarChart, percent: bool = False, marked: set[str] | None = None) -> Markup:
    """Return an SVG horizontal bar chart: labels on the right, bars growing leftwards.

    Labels in marked (e.g. neighborhoods with no visit) are drawn in the warning colour.
    """
    marked = marked or set()
    values = [max(0.0, float(v or 0)) for v in chart.values]
    top = chart.max_value or max(values, default=0) or 1.0
    bar_right = WIDTH - LABEL_WIDTH - 8
    span = bar_right - VALUE_ROOM
    height = TOP + len(values) * (BAR + GAP) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-label="{escape(chart.title)}" font-family="inherit" font-size="13">',
        f"<title>{escape(chart.title)}</title>",
    ]
    for i, (label, value) in enumerate(zip(chart.labels, values)):
        y = TOP + i * (BAR + GAP)
        length = span * min(value, top) / top
        colour = "#b02a37" if label in marked else "#212529"
        parts.append(
            f'<text x="{WIDTH - 2}" y="{y + BAR - 4}" direction="rtl" text-anchor="start" '
            f'fill="{colour}">{escape(label)}</text>'
        )
        shown = format_number(value, percent=percent)
        parts.append(f'<rect x="{bar_right - length:.1f}" y="{y}" width="{length:.1f}" height="{BAR}" '
                     f'fill="#3d6fa8" rx="2"><title>{escape(label)}: {shown}</title></rect>')
        parts.append(
            f'<text x="{bar_right - length - 4:.1f}" y="{y + BAR - 4}" direction="rtl" text-anchor="start" '
            f'fill="#555">{shown}</text>'
        )
    parts.append(f'<line x1="{bar_right}" y1="{TOP - 4}" x2="{bar_right}" y2="{height - 2}" stroke="#adb5bd"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
