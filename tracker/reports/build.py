"""Turn report query rows into ReportDocuments for the PDF; the page shows the same rows."""
from collections.abc import Iterable, Iterator
from datetime import datetime
from tempfile import SpooledTemporaryFile

from tracker.models.choices import EVENT_KINDS, label, timeline_step
from tracker.models.people import PERSONAL_FIELDS, shown
from tracker.persian.dates import format_jalali
from tracker.persian.digits import NO_NUMBER, format_number, to_persian_digits
from tracker.reports import queries as q
from tracker.reports.document import BarChart, ReportDocument, Section, Table
from tracker.reports.pdf import render_pdf_to

UNTOUCHED = "بی‌دیدار"
# Keep this much of a PDF in memory before spilling it to a temporary file.
SPOOL_BYTES = 4 * 1024 * 1024
NONE = NO_NUMBER


def quoted(title: str) -> str:
    """Put a title in «guillemets» unless it already carries them."""
    return title if "«" in title else f"«{title}»"


def campaign_name(title: str) -> str:
    """Name a campaign once: «پویش «X»» for a bare title, the quoted title alone when it already says پویش."""
    return quoted(title) if title.strip().startswith("پویش") else f"پویش {quoted(title)}"


def filter_text(flt: q.ReportFilter, neighborhood: str | None = None, campaign: str | None = None,
                extra: str | None = None) -> str:
    """Describe the filter in Persian for the report header."""
    parts = []
    if flt.start and flt.end:
        parts.append(f"از {format_jalali(flt.start, 'long')} تا {format_jalali(flt.end, 'long')}")
    elif flt.start:
        parts.append(f"از {format_jalali(flt.start, 'long')}")
    elif flt.end:
        parts.append(f"تا {format_jalali(flt.end, 'long')}")
    else:
        parts.append("همهٔ تاریخ‌ها")
    if campaign:
        parts.append(campaign_name(campaign))
    parts.append(f"محلهٔ {neighborhood}" if neighborhood else "همهٔ محله‌ها")
    if extra:
        parts.append(extra)
    return "؛ ".join(parts)


def spooled_pdf(doc: ReportDocument) -> SpooledTemporaryFile:
    """Render doc page by page into a spooled temporary file, rewound, ready to send."""
    spool = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  (the response closes it once sent)
    render_pdf_to(doc, spool)
    spool.seek(0)
    return spool


# ---- charts (the same numbers feed charts.py for the page) ----------------------------------

def coverage_chart(rows: list[q.CoverageRow]) -> BarChart:
    """Return done visits per neighborhood."""
    return BarChart("دیدارهای انجام‌شده در هر محله", [r.name for r in rows], [r.visits_done for r in rows])


def feedback_kind_chart(rows: list[q.CountRow]) -> BarChart:
    """Return feedback counts by kind."""
    return BarChart("بازخوردها بر پایهٔ نوع", [r.label for r in rows], [r.count for r in rows])


def sla_trend_chart(points: list[q.TrendPoint]) -> BarChart:
    """Return the share answered on time per month (a month with nothing answered shows «—», not 0٪)."""
    return BarChart("درصد پاسخ به‌موقع در شش ماه اخیر", [p.label for p in points],
                    [p.percent for p in points], max_value=100, percent=True)


# ---- shared sections ------------------------------------------------------------------------

def _counts_table(header: str, rows: list[q.CountRow]) -> Table:
    return Table([header, "تعداد"], [[r.label, str(r.count)] for r in rows], [0.7, 0.3], {1})


def _coverage_table(rows: list[q.CoverageRow]) -> Table:
    return Table(
        ["محله", "ناحیه", "دیدار انجام‌شده", "خانوار دیدارشده", "هدف", "درصد"],
        [[r.name + (f" ({UNTOUCHED})" if r.untouched else ""), r.area_name, str(r.visits_done),
          str(r.households_reached), str(r.target_total), format_number(r.percent, percent=True)] for r in rows],
        [0.27, 0.17, 0.15, 0.15, 0.13, 0.13], {2, 3, 4},
    )


def _commitment_rows(rows: list[q.CommitmentRow]) -> Iterator[list[str]]:
    for r in rows:
        yield [r.text, r.official, r.neighborhood, format_jalali(r.due_on),
               label(r.status, "commitment_status") + (" (سررسیدگذشته)" if r.overdue else "")]


def _commitments_table(rows: list[q.CommitmentRow]) -> Table:
    return Table(["تعهد", "مدیر", "محله", "مهلت", "وضعیت"], _commitment_rows(rows), [0.36, 0.18, 0.16, 0.13, 0.17])


def sections(s: q.Sections, trend: list[q.TrendPoint]) -> list[Section]:
    """Return the PDF sections shared by the campaign and monthly reports."""
    h = s.headline
    rt = s.response_times
    untouched = "، ".join(r.name for r in s.untouched) or "هیچ"
    phase_rows = [[p.title, *[str(p.by_kind[k]) for k in EVENT_KINDS], str(p.total)] for p in s.events_by_phase]
    return [
        Section("خلاصه", paragraphs=[
            f"دیدارهای انجام‌شده: {format_number(h.visits)}؛ خانوارهای دیدارشده: {format_number(h.households)}؛ "
            f"محله‌های دیدارشده: {format_number(h.neighborhoods)}؛ بازخوردها: {format_number(h.feedback)}؛ "
            f"پاسخ‌داده: {format_number(h.answered)}.",
            f"محله‌های بی‌دیدار: {untouched}.",
        ]),
        Section("پوشش محله‌ها", tables=[_coverage_table(s.coverage)], charts=[coverage_chart(s.coverage)]),
        Section("خانوارهای دیدارشده بر پایهٔ دسته", tables=[_counts_table("دسته", s.households_by_category)]),
        Section("رویدادها", tables=[
            _counts_table("نوع رویداد (انجام‌شده)", s.events_by_kind),
            _counts_table("وضعیت رویداد", s.events_by_status),
            Table(["مرحله", *EVENT_KINDS.values(), "جمع"], phase_rows,
                  [0.22] + [0.13] * len(EVENT_KINDS) + [0.13], set(range(1, len(EVENT_KINDS) + 2))),
        ]),
        Section("مدیران حاضر در دیدارها", tables=[Table(
            ["نام", "سمت", "دیدار"], [[o.name, o.title, str(o.visits)] for o in s.officials], [0.35, 0.45, 0.2], {2})]),
        Section("بازخوردها", tables=[
            _counts_table("نوع", s.feedback_by_kind), _counts_table("موضوع", s.feedback_by_topic),
            _counts_table("معاونت", s.feedback_by_department), _counts_table("وضعیت", s.feedback_by_status),
        ], charts=[feedback_kind_chart(s.feedback_by_kind)]),
        Section("زمان پاسخ (روز کاری)", paragraphs=[
            f"بازخوردهای پاسخ‌داده: {format_number(rt.answered)}؛ میانه: {format_number(rt.median)} روز کاری؛ "
            f"صدک نود: {format_number(rt.p90)} روز کاری.", q.RESPONSE_BASIS,
        ]),
        Section("پاسخ به‌موقع معاونت‌ها", tables=[Table(
            ["معاونت", "پاسخ‌داده", "به‌موقع", "درصد", "باز و سررسیدگذشته"],
            [[r.department, str(r.answered), str(r.on_time), format_number(r.percent, percent=True),
              str(r.open_overdue)] for r in s.sla],
            [0.36, 0.16, 0.16, 0.14, 0.18], {1, 2, 4})], charts=[sla_trend_chart(trend)]),
        Section("تعهدهای باز", paragraphs=[
            f"باز: {format_number(s.commitments.open)}؛ سررسیدگذشته: {format_number(s.commitments.overdue)}؛ "
            f"انجام‌شده: {format_number(s.commitments.done)}."
        ], tables=[_commitments_table(s.open_commitments)]),
    ]


def _doc(title: str, district: str, filter_: str, user: str, at: datetime, masked: bool,
         parts: list[Section]) -> ReportDocument:
    return ReportDocument(title=title, district_name=district, filter_text=filter_, user_name=user,
                          generated_at=at, sections=parts, sensitive_masked=masked)


def targets_section(groups: list[q.TargetGroup], masked: bool) -> Section:
    """Return the named target list: counts per neighborhood, then every household, visited or waiting."""
    if not groups:
        return Section("فهرست هدف", paragraphs=["این پویش فهرست هدف نام‌دار ندارد."])
    total = sum(g.total for g in groups)
    waiting = sum(len(g.waiting) for g in groups)
    counts = Table(["محله", "ناحیه", "در فهرست", "دیدارشده", "در انتظار"],
                   [[g.name, g.area_name, str(g.total), str(len(g.visited)), str(len(g.waiting))] for g in groups],
                   [0.3, 0.19, 0.17, 0.17, 0.17], {2, 3, 4})
    names = Table(["محله", "وضعیت", "نام", "دسته", "نام شهید", "تلفن", "نشانی"],
                  [[g.name, f"دیدار در {format_jalali(h.visited_on)}" if h.visited_on else "در انتظار", h.name,
                    label(h.category, "category"), h.martyr_name or NONE,
                    _hide(h, "phone", masked),
                    _hide(h, "address", masked)] for g in groups for h in g.waiting + g.visited],
                  [0.13, 0.14, 0.16, 0.12, 0.13, 0.13, 0.19], {5})  # phones in Persian digits, as on the page
    return Section("فهرست هدف: دیدارشده‌ها و در انتظار دیدار", paragraphs=[
        f"{format_number(total)} خانوار در فهرست؛ {format_number(total - waiting)} دیدارشده و "
        f"{format_number(waiting)} در انتظار."], tables=[counts, names])


def campaign_document(summary: q.CampaignSummary, filter_: str, district: str, user: str, at: datetime, *,
                      masked: bool) -> ReportDocument:
    """Return the campaign summary as a document."""
    intro = Section("پویش", paragraphs=[
        f"مناسبت: {summary.occasion or NONE}؛ از {format_jalali(summary.starts_on, 'long')} "
        f"تا {format_jalali(summary.ends_on, 'long')}؛ هدف کل: {format_number(summary.target_total)} خانوار."
    ])
    return _doc(f"گزارش {campaign_name(summary.title)}", district, filter_, user, at, masked,
                [intro, *sections(summary.sections, summary.trend), targets_section(summary.targets, masked)])


PERIOD_REPORTS = {"month": "گزارش فعالیت ماهانه", "season": "گزارش فعالیت فصلی", "year": "گزارش فعالیت سالانه"}


def period_title(report: q.PeriodActivity) -> str:
    """Return the period report's title, e.g. «گزارش فعالیت فصلی — تابستان ۱۴۰۴»."""
    return f"{PERIOD_REPORTS[report.period.kind]} — {report.title}"


def period_document(report: q.PeriodActivity, filter_: str, district: str, user: str, at: datetime, *,
                    masked: bool) -> ReportDocument:
    """Return the period activity report (a month, season or year) as a document."""
    unit = report.period.unit
    compare = Section(f"مقایسه با {unit} پیش", tables=[Table(
        ["شاخص", f"این {unit}", f"{unit} پیش", "تغییر"],
        [[c.label, str(c.current), str(c.previous), format_number(c.delta, signed=True)] for c in report.changes],
        [0.4, 0.2, 0.2, 0.2], {1, 2})])
    return _doc(period_title(report), district, filter_, user, at, masked,
                [compare, *sections(report.sections, report.trend)])


def _visit_table(rows: list[q.VisitRow]) -> Table:
    return Table(["تاریخ", "نوع", "وضعیت", "عنوان", "محله", "خانوار", "بازخورد"],
                 ([format_jalali(v.held_on), label(v.kind, "event_kind"), label(v.status, "event_status"),
                   v.title or NONE, v.neighborhood, str(v.households), str(v.feedback)] for v in rows),
                 [0.13, 0.14, 0.13, 0.25, 0.13, 0.11, 0.11], {5, 6})


def _open_feedback_table(rows: list[q.FeedbackRow]) -> Table:
    return Table(["دریافت", "نوع", "وضعیت", "موضوع", "معاونت", "مهلت", "متن"],
                 ([format_jalali(f.received_on), label(f.kind, "feedback_kind"),
                   label(f.status, "feedback_status"), f.topic or NONE, f.department or NONE,
                   format_jalali(f.due_on) or NONE, f.text] for f in rows),
                 [0.11, 0.1, 0.12, 0.13, 0.13, 0.11, 0.3])


def _hide(row, field: str, masked: bool) -> str:
    """Return the row's field, or the mask when it is personal data (models.people) and the reader is masked."""
    value = getattr(row, field)
    if field == "phone" and value:  # digits as the report's other numbers are written
        value = to_persian_digits(value)
    return shown(value, field, PERSONAL_FIELDS if masked else frozenset(), q.MASK) or NONE


def neighborhood_document(p: q.NeighborhoodProfile, filter_: str, district: str, user: str, at: datetime, *,
                          masked: bool) -> ReportDocument:
    """Return the neighborhood profile as a document; phones and addresses hidden when masked."""
    h = p.headline
    households = Table(
        ["نام", "دسته", "نام شهید", "تلفن", "نشانی", "آخرین دیدار", "دیدار"],
        ([r.name, label(r.category, "category"), r.martyr_name or NONE,
          _hide(r, "phone", masked), _hide(r, "address", masked),
          format_jalali(r.last_visit) or "هرگز", str(r.visits)] for r in p.households),
        [0.16, 0.13, 0.14, 0.14, 0.2, 0.13, 0.1], {3, 6})
    return _doc(f"شناسنامهٔ محلهٔ {p.name}", district, filter_, user, at, masked, [
        Section("خلاصه", paragraphs=[
            f"ناحیه: {p.area_name}؛ دیدارهای انجام‌شده: {format_number(h.visits)}؛ خانوارهای دیدارشده: "
            f"{format_number(h.households)}؛ بازخوردها: {format_number(h.feedback)}؛ تعهدهای باز: "
            f"{format_number(p.commitment_counts.open)}."]),
        Section("سابقهٔ دیدارها", tables=[_visit_table(p.visits)]),
        Section("خانوارها و آخرین دیدار", tables=[households]),
        Section("بازخوردهای باز", tables=[_open_feedback_table(p.open_feedback)],
                charts=[feedback_kind_chart(p.feedback_by_kind)]),
        Section("تعهدها", tables=[_commitments_table(p.commitments)]),
    ])


def official_document(a: q.OfficialActivity, filter_: str, district: str, user: str, at: datetime, *,
                      masked: bool) -> ReportDocument:
    """Return an official's activity as a document."""
    return _doc(f"کارنامهٔ {a.name}", district, filter_, user, at, masked, [
        Section("خلاصه", paragraphs=[
            f"سمت: {a.title}؛ معاونت: {a.department or NONE}؛ دیدارهای انجام‌شده: {format_number(a.visits_done)}؛ "
            f"تعهدهای داده‌شده: {format_number(a.commitments_made)}؛ انجام‌شده: {format_number(a.commitments_kept)} "
            f"({format_number(a.kept_percent, percent=True)})؛ سررسیدگذشته: {format_number(a.commitments_overdue)}؛ "
            f"بازخوردهای دیدارها: {format_number(a.feedback_total)}."]),
        Section("دیدارها", tables=[_counts_table("نوع دیدار (انجام‌شده)", a.visits_by_kind),
                                   _visit_table(a.visits)]),
        Section("تعهدها", tables=[_commitments_table(a.commitments)]),
        Section("سرانجام بازخوردهای دیدارها", tables=[
            _counts_table("وضعیت", a.feedback_by_status), _counts_table("رضایت", a.feedback_by_satisfaction)]),
    ])


def timeline_text(row: q.LedgerRow) -> str:
    """Write an item's timeline as numbered steps, one line each."""
    steps = []
    for n, t in enumerate(row.timeline, 1):
        # The step's name first, so the number never runs into the date's digits.
        line = f"{to_persian_digits(n)}. {timeline_step(t.action, t.to_status)}، {format_jalali(t.at)}"
        # No brackets around the name: user names often carry their own («مریم کاظمی (روابط عمومی)»).
        steps.append(f"{line} — {t.user}" if t.user else line)
    return "\n".join(steps) or NONE


def _household_cell(r: q.LedgerRow) -> str:
    if not r.household:
        return NONE
    return f"{r.household}\n{to_persian_digits(r.phone)}" if r.phone else r.household


def _ledger_rows(rows: Iterable[q.LedgerRow]) -> Iterator[list[str]]:
    for r in rows:
        yield [to_persian_digits(r.id), format_jalali(r.received_on),
               f"{label(r.kind, 'feedback_kind')}\n{label(r.priority, 'priority')}",
               label(r.status, "feedback_status"), f"{r.topic or NONE}\n{r.department or NONE}",
               r.neighborhood, _household_cell(r), r.text, r.response or NONE, timeline_text(r)]


LEDGER_HEADERS = ["شماره", "دریافت", "نوع و اولویت", "وضعیت", "موضوع و معاونت", "محله", "خانوار", "متن", "پاسخ",
                  "سیر رسیدگی"]


def ledger_document(rows: Iterable[q.LedgerRow], filter_: str, district: str, user: str, at: datetime, *,
                    masked: bool) -> ReportDocument:
    """Return the feedback ledger as a landscape document whose table rows stream from the query."""
    table = Table(LEDGER_HEADERS, _ledger_rows(rows), [0.04, 0.07, 0.06, 0.075, 0.1, 0.06, 0.085, 0.15, 0.125, 0.235],
                  compact=True)
    doc = _doc("دفتر بازخوردها", district, filter_, user, at, masked, [Section("بازخوردها", tables=[table])])
    doc.landscape = True
    return doc
