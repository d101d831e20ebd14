"""The daily digest: overdue and due-soon feedback per department, as Persian text for cron."""
from datetime import date
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Department, District
from tracker.persian.dates import format_jalali, today_tehran
from tracker.persian.digits import format_number
from tracker.persian.text import search_key
from tracker.reports.queries import deadline_rows
from tracker.workcalendar import work_calendar


def _line(row, over: bool) -> str:
    text = row.text if len(row.text) <= 80 else row.text[:79] + "…"
    days = format_number(abs(row.working_days_over))
    when = f"{days} روز کاری تأخیر" if over else (
        "مهلت امروز" if row.working_days_over == 0 else f"{days} روز کاری مانده")
    return (f"  - بازخورد {format_number(row.id)}: {text} "
            f"(مهلت {format_jalali(row.due_on)}، {when})")


def build_digest(district: District, department: Department | None = None,
                 today: date | None = None, due_soon_days: int = 2) -> str:
    """Return the Persian digest of overdue and due-soon items, grouped by department."""
    today = today or today_tehran()
    calendar = work_calendar(district)
    rows = deadline_rows(district.id, today, calendar, department_id=getattr(department, "id", None),
                         until=calendar.add(today, due_soon_days))
    lines = [f"گزارش روزانهٔ بازخوردها — {district.name} — {format_jalali(today, 'long')}", ""]
    if not rows:
        lines.append("هیچ بازخورد عقب‌افتاده یا نزدیک به مهلتی نیست.")
        return "\n".join(lines) + "\n"
    by_department: dict[str, list] = {}
    for row in rows:
        by_department.setdefault(row.department, []).append(row)
    for name in sorted(by_department, key=search_key):
        items = by_department[name]
        overdue = [r for r in items if r.due_on < today]
        soon = [r for r in items if r.due_on >= today]
        lines.append(f"■ {name}")
        if overdue:
            lines.append(f" عقب‌افتاده ({format_number(len(overdue))}):")
            lines += [_line(r, True) for r in overdue]
        if soon:
            lines.append(f" نزدیک به مهلت ({format_number(len(soon))}):")
            lines += [_line(r, False) for r in soon]
        lines.append("")
    return "\n".join(lines)


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
            Department.district_id == district.id, Department.deleted_at.is_(None),
            Department.name_key == search_key(department_name)))
        if department is None:
            raise click.ClickException(f"معاونت «{department_name}» پیدا نشد.")
    text = build_digest(district, department, due_soon_days=current_app.config["DUE_SOON_WORKING_DAYS"])
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"digest written to {output}")
    else:
        click.echo(text, nl=False)
