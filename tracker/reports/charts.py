"""Draw report charts for the page as HTML rows, from the same BarChart the PDF draws.

Labels and values are text in the page, so they keep the page's font size on a phone; each bar
is a small SVG whose rect is as long as its share of the largest value (an attribute, not a style,
so the Content-Security-Policy needs no inline styles).
"""
from markupsafe import Markup, escape

from tracker.persian.digits import format_number
from tracker.reports.document import BarChart


def bar_chart(chart: BarChart, percent: bool = False, marked: set[str] | None = None) -> Markup:
    """Return a list of bars: label, bar and value a row, bars growing from the right.

    Labels in marked (e.g. neighborhoods with no visit) are drawn in the warning colour.
    """
    marked = marked or set()
    percent = percent or chart.percent
    values = [None if v is None else max(0.0, float(v)) for v in chart.values]
    top = chart.max_value or max((v for v in values if v is not None), default=0) or 1.0
    parts = [f'<ul class="bar-chart" aria-label="{escape(chart.title)}">']
    for label, value in zip(chart.labels, values):
        shown = format_number(value, percent=percent)
        bar = ""  # nothing to count: no bar, and «—» for its value
        if value is not None:
            share = 100 * min(value, top) / top
            bar = f'<rect x="{100 - share:.1f}" y="0" width="{share:.1f}" height="10" fill="#3d6fa8"/>'
        parts.append(
            f'<li><span class="bar-label{" marked" if label in marked else ""}">{escape(label)}</span>'
            f'<span class="bar-track"><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
            f'focusable="false">{bar}</svg><span class="bar-value">{shown}</span></span></li>'
        )
    parts.append("</ul>")
    return Markup("".join(parts))
