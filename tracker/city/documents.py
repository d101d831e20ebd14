"""Turn the city comparison into report documents (a row per district) and charts; no database here."""
from datetime import datetime

from tracker.city.queries import CityComparison, Figures, FeedbackRow, FeedbackSummary
from tracker.models.choices import FEEDBACK_KINDS
from tracker.persian.dates import JalaliPeriod
from tracker.persian.digits import format_number
from tracker.reports.build import PERIOD_REPORTS
from tracker.reports.document import BarChart, ReportDocument, Section, Table

CITY = "شهرداری تهران — همهٔ مناطق"
TOTAL = "جمع شهر"
FIGURE_HEADERS = ["دیدار", "خانوار دیدارشده", "هدف", "پوشش", "بازخورد", "پاسخ به‌موقع", "سررسیدگذشته"]


def activity_title(period: JalaliPeriod) -> str:
    """Return the city activity report's title, e.g. «گزارش فعالیت سالانهٔ مناطق — سال ۱۴۰۵»."""
    return f"{PERIOD_REPORTS[period.kind]} مناطق — {period.title}"


def feedback_title(period: JalaliPeriod) -> str:
    """Return the city feedback summary's title."""
    return f"خلاصهٔ بازخوردهای مناطق — {period.title}"


def figure_cells(f: Figures) -> list[str]:
    """Return one row's figures as text, in FIGURE_HEADERS order."""
    return [format_number(f.visits), format_number(f.households), format_number(f.targets),
            format_number(f.coverage, percent=True), format_number(f.feedback),
            format_number(f.on_time_percent, percent=True), format_number(f.overdue)]


def change(current: int, previous: int) -> str:
    """Return the signed change from previous to current."""
    return format_number(current - previous, signed=True)


def visits_chart(c: CityComparison, labels: dict[int, str]) -> BarChart:
    """Return done visits per district over the period."""
    return BarChart("دیدارهای انجام‌شده در هر منطقه", [labels[r.district_id] for r in c.rows],
                    [r.total.visits for r in c.rows])


def on_time_chart(c: CityComparison, labels: dict[int, str]) -> BarChart:
    """Return the share of feedback answered on time per district."""
    return BarChart("درصد پاسخ به‌موقع در هر منطقه", [labels[r.district_id] for r in c.rows],
                    [r.total.on_time_percent or 0 for r in c.rows], max_value=100)


def _doc(title: str, filter_: str, user: str, at: datetime, sections: list[Section]) -> ReportDocument:
    # City-wide readers never see personal data; these reports hold none, only counts.
    return ReportDocument(title=title, district_name=CITY, filter_text=filter_, user_name=user, generated_at=at,
                          sections=sections, sensitive_masked=True)


def activity_document(c: CityComparison, previous: CityComparison, labels: dict[int, str], user: str,
                      at: datetime) -> ReportDocument:
    """Return the city activity report: a row per district, then the months, then the charts."""
    before = {r.district_id: r.total for r in previous.rows}
    unit = c.period.unit
    headers = ["منطقه", "دیدار", f"دیدار {unit} پیش", "تغییر", *FIGURE_HEADERS[1:]]
    rows = [[labels[r.district_id], format_number(r.total.visits),
             format_number(before.get(r.district_id, Figures()).visits),
             change(r.total.visits, before.get(r.district_id, Figures()).visits), *figure_cells(r.total)[1:]]
            for r in c.rows]
    rows.append([TOTAL, format_number(c.total.visits), format_number(previous.total.visits),
                 change(c.total.visits, previous.total.visits), *figure_cells(c.total)[1:]])
    districts = Table(headers, rows, [0.12, 0.08, 0.09, 0.08, 0.11, 0.09, 0.09, 0.09, 0.1, 0.15],
                      set(range(1, len(headers))))
    months = Table(["ماه", *FIGURE_HEADERS],
                   [[m.label, *figure_cells(f)] for m, f in zip(c.months, c.month_totals)]
                   + [[TOTAL, *figure_cells(c.total)]],
                   [0.16, 0.1, 0.14, 0.1, 0.1, 0.1, 0.14, 0.16], set(range(1, len(FIGURE_HEADERS) + 1)))
    summary = (f"در {c.period.title}، {format_number(c.total.visits)} دیدار در "
               f"{format_number(sum(1 for r in c.rows if r.total.visits))} منطقه از "
               f"{format_number(len(c.rows))} منطقه انجام شد و {format_number(c.total.households)} خانوار دیدار شدند "
               f"(پوشش {format_number(c.total.coverage, percent=True)} هدف پویش‌ها). "
               f"{format_number(c.total.feedback)} بازخورد رسید؛ "
               f"{format_number(c.total.on_time_percent, percent=True)} از پاسخ‌ها به‌موقع بود و "
               f"{format_number(c.total.overdue)} بازخورد اکنون از مهلت گذشته و باز است.")
    note = ("پوشش: خانوارهای دیدارشده در برابر هدف پویش‌هایی که در این دوره در جریان بودند. "
            "پاسخ به‌موقع و سررسیدگذشته بر پایهٔ ماه دریافت بازخورد شمرده می‌شوند.")
    return _doc(activity_title(c.period), f"{c.period.title}؛ همهٔ مناطق", user, at, [
        Section("خلاصهٔ شهر", paragraphs=[summary, note]),
        Section("مقایسهٔ مناطق", tables=[districts], charts=[visits_chart(c, labels), on_time_chart(c, labels)]),
        Section("ماه‌به‌ماه (جمع همهٔ مناطق)", tables=[months]),
    ])


def feedback_cells(row: FeedbackRow) -> list[str]:
    """Return one district's feedback counts as text."""
    return [format_number(row.received), *[format_number(row.by_kind.get(k, 0)) for k in FEEDBACK_KINDS],
            format_number(row.answered), format_number(row.on_time_percent, percent=True),
            format_number(row.open), format_number(row.overdue)]


FEEDBACK_HEADERS = ["دریافتی", *FEEDBACK_KINDS.values(), "پاسخ‌داده", "پاسخ به‌موقع", "باز", "سررسیدگذشته"]


def feedback_document(s: FeedbackSummary, labels: dict[int, str], user: str, at: datetime) -> ReportDocument:
    """Return the city feedback summary: a row per district with kinds, answers, on-time share and overdue."""
    rows = [[labels[r.district_id], *feedback_cells(r)] for r in s.rows] + [[TOTAL, *feedback_cells(s.total)]]
    table = Table(["منطقه", *FEEDBACK_HEADERS], rows, [0.12, 0.08, 0.095, 0.095, 0.095, 0.095, 0.1, 0.12, 0.07, 0.13],
                  set(range(1, len(FEEDBACK_HEADERS) + 1)))
    chart = BarChart("بازخوردهای دریافتی در هر منطقه", [labels[r.district_id] for r in s.rows],
                     [r.received for r in s.rows])
    summary = (f"در {s.period.title}، {format_number(s.total.received)} بازخورد از همهٔ مناطق رسید؛ "
               f"{format_number(s.total.answered)} پاسخ گرفت، "
               f"{format_number(s.total.on_time_percent, percent=True)} به‌موقع؛ "
               f"{format_number(s.total.open)} هنوز باز است که {format_number(s.total.overdue)} از آن‌ها "
               f"از مهلت گذشته‌اند.")
    return _doc(feedback_title(s.period), f"{s.period.title}؛ همهٔ مناطق", user, at, [
        Section("خلاصه", paragraphs=[summary]),
        Section("بازخوردهای هر منطقه", tables=[table], charts=[chart]),
    ])
