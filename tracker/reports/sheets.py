"""Turn one visit's sheet into a one-page document for the visit's file."""
from datetime import datetime

from tracker.models.choices import label
from tracker.persian.dates import format_jalali
from tracker.persian.digits import NO_NUMBER, to_persian_digits
from tracker.reports.document import ReportDocument, Section, Table
from tracker.reports.queries.visit import VisitSheet

NONE = NO_NUMBER


def _when(sheet: VisitSheet) -> str:
    day = format_jalali(sheet.held_on, "long")
    return f"{day}، ساعت {to_persian_digits(sheet.start_time.strftime('%H:%M'))}" if sheet.start_time else day


def visit_document(sheet: VisitSheet, district: str, user: str, at: datetime, *, masked: bool) -> ReportDocument:
    """Return the visit sheet: date, officials, households, minutes, feedback and commitments."""
    place = f"محلهٔ {sheet.neighborhood}"
    if sheet.campaign:
        place += f"؛ {sheet.campaign}" + (f"، {sheet.phase}" if sheet.phase else "")
    kind = label(sheet.kind, "event_kind")
    title = f"برگهٔ {kind}: {sheet.title}" if sheet.title else f"برگهٔ {kind}"
    officials = Table(["نام", "سمت"], [[name, role] for name, role in sheet.officials], [0.45, 0.55], compact=True)
    households = Table(
        ["نام", "دسته", "نام شهید", "تلفن", "نشانی"],
        [[h.name, label(h.category, "category"), h.martyr_name or NONE,
          to_persian_digits(h.phone) if h.phone else NONE, h.address or NONE] for h in sheet.households],
        [0.22, 0.15, 0.18, 0.15, 0.3], compact=True)
    feedback = Table(
        ["شماره", "نوع", "موضوع", "متن", "خانوار", "معاونت", "وضعیت", "مهلت"],
        [[to_persian_digits(f.id), label(f.kind, "feedback_kind"), f.topic or NONE, f.text, f.household or NONE,
          f.department or NONE, label(f.status, "feedback_status"), format_jalali(f.due_on) or NONE]
         for f in sheet.feedback],
        [0.07, 0.09, 0.12, 0.27, 0.12, 0.13, 0.1, 0.1], compact=True)
    commitments = Table(
        ["مدیر", "تعهد", "به خانوار", "مهلت", "وضعیت"],
        [[c.official, c.text, c.household or NONE, format_jalali(c.due_on), label(c.status, "commitment_status")]
         for c in sheet.commitments],
        [0.2, 0.4, 0.15, 0.12, 0.13], compact=True)
    return ReportDocument(
        title=title, district_name=district, user_name=user, generated_at=at, sensitive_masked=masked,
        filter_text=f"{_when(sheet)}؛ {place}؛ وضعیت: {label(sheet.status, 'event_status')}",
        sections=[
            Section("مدیران حاضر", tables=[officials]),
            Section("خانوارها", tables=[households]),
            Section("صورت‌جلسه", paragraphs=[sheet.minutes or "صورت‌جلسه‌ای نوشته نشده است."]),
            Section("بازخوردها", tables=[feedback]),
            Section("تعهدها", tables=[commitments]),
        ])
