"""The daily digest, as Persian text for cron: what is late or about to be, and what nobody has picked up.

Per department, its overdue and due-soon feedback; for the PR office, the items awaiting
referral, the overdue commitments and the visits whose minutes were never written.
"""
from datetime import date
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.lists.events import minutes_not_written
from tracker.lists.feedback import OVERDUE, CommitmentFilter, commitment_list
from tracker.models import Commitment, Department, District, Event
from tracker.persian.dates import format_jalali, today_tehran
from tracker.persian.digits import format_number
from tracker.persian.text import search_key
from tracker.reports.queries import deadline_rows, triage_rows
from tracker.workcalendar import WorkCalendar, work_calendar

PR_OFFICE = "روابط عمومی"


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


def _when(days_over: int | None) -> str:
    if days_over is None:
        return "بی‌مهلت"
    days = format_number(abs(days_over))
    if days_over > 0:
        return f"{days} روز کاری تأخیر"
    return "مهلت امروز" if days_over == 0 else f"{days} روز کاری مانده"


def _line(row) -> str:
    due = f"مهلت {format_jalali(row.due_on)}، " if row.due_on else ""
    return f"  - بازخورد {format_number(row.id)}: {_short(row.text)} ({due}{_when(row.working_days_over)})"


def _feedback_lines(rows, today: date) -> list[str]:
    by_department: dict[str, list] = {}
    for row in rows:
        by_department.setdefault(row.department, []).append(row)
    lines = []
    for name in sorted(by_department, key=search_key):
        items = by_department[name]
        overdue = [r for r in items if r.due_on < today]
        soon = [r for r in items if r.due_on >= today]
        lines.append(f"■ {name}")
        if overdue:
            lines.append(f" سررسیدگذشته ({format_number(len(overdue))}):")
            lines += [_line(r) for r in overdue]
        if soon:
            lines.append(f" نزدیک به مهلت ({format_number(len(soon))}):")
            lines += [_line(r) for r in soon]
        lines.append("")
    return lines


def _office_lines(district: District, today: date, calendar: WorkCalendar) -> list[str]:
    """Return the PR office's part: items awaiting referral, overdue commitments, minutes not written."""
    lines = []
    triage = triage_rows(district.id, today, calendar)
    if triage:
        lines.append(f"■ {PR_OFFICE} — در انتظار ارجاع ({format_number(len(triage))}):")
        lines += [_line(r) for r in triage]
        lines.append("")
    commitments = db.session.scalars(
        commitment_list(CommitmentFilter(district.id, status=OVERDUE), today)
        .options(selectinload(Commitment.official)).order_by(Commitment.due_on, Commitment.id)).all()
    if commitments:
        lines.append(f"■ تعهدهای سررسیدگذشته ({format_number(len(commitments))}):")
        lines += [f"  - تعهد {format_number(c.id)}: {_short(c.text)} — {c.official.name} "
                  f"(مهلت {format_jalali(c.due_on)}، {_when(calendar.between(c.due_on, today))})"
                  for c in commitments]
        lines.append("")
    unlogged = db.session.scalars(
        minutes_not_written(district.id, today).options(selectinload(Event.neighborhood))
        .order_by(Event.held_on, Event.id)).all()
    if unlogged:
        lines.append(f"■ صورت‌جلسه نوشته نشده ({format_number(len(unlogged))}):")
        lines += [f"  - دیدار {format_number(e.id)}: {e.title or 'بی‌عنوان'} — {e.neighborhood.name} "
                  f"({format_jalali(e.held_on)})" for e in unlogged]
        lines.append("")
    return lines


def build_digest(district: District, department: Department | None = None,
                 today: date | None = None, due_soon_days: int = 2) -> str:
    """Return the Persian digest: feedback by department, then (for the whole district) the PR office's part."""
    today = today or today_tehran()
    calendar = work_calendar(district)
    rows = deadline_rows(district.id, today, calendar, department_id=getattr(department, "id", None),
                         until=calendar.add(today, due_soon_days))
    lines = [f"گزارش روزانهٔ بازخوردها — {district.name} — {format_jalali(today, 'long')}", ""]
    body = _feedback_lines(rows, today)
    if department is None:
        body += _office_lines(district, today, calendar)
    if not body:
        lines.append("هیچ بازخورد سررسیدگذشته یا نزدیک به مهلتی نیست." if department is not None else
                     "هیچ مورد سررسیدگذشته، نزدیک به مهلت یا در انتظاری نیست.")
        return "\n".join(lines) + "\n"
    return "\n".join(lines + body)


@click.command("digest")
@click.option("--department", "department_name", default=None, help="Only this department (its name).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
def digest_command(department_name, output):
    """Print (or write) the overdue and due-soon feedback per department, for a daily cron job."""
    number = current_app.config["DISTRICT_CODE"]
    district = db.session.scalar(select(District).where(District.number == number))
    if district is None:
        raise click.ClickException(f"District {number} is not loaded; run `flask seed-district` first.")
    department = None
    if department_name:
        department = db.session.scalar(select(Department).where(
            Department.live_where(district.id),
            Department.name_key == search_key(department_name)))
        if department is None:
            raise click.ClickException(f"معاونت «{department_name}» پیدا نشد.")
    text = build_digest(district, department, due_soon_days=current_app.config["DUE_SOON_WORKING_DAYS"])
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"digest written to {output}")
    else:
        click.echo(text, nl=False)
