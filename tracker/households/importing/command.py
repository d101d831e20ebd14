"""The import-households command: the web page's dry run and import, from the shell, with a progress bar."""
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from tracker.extensions import db
from tracker.households.importing import files, service, store
from tracker.households.importing.columns import FIELDS, category_code, fold
from tracker.households.importing.report import ATTENTION, STATUSES, write_report_xlsx
from tracker.households.importing.service import BATCH_SIZE, Options, mapping_problems, neighborhoods_by_name
from tracker.models import District, User
from tracker.persian.digits import to_persian_digits as fa

# Exit code when a batch failed, so a script can tell "some rows did not land" from a refused file (1).
BATCH_FAILED = 3


@dataclass(frozen=True)
class Operator:
    """Whoever runs the command without naming a user: the install's district, no user account."""

    district_id: int
    id: None = None


def _actor(username: str | None):
    if username:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None or not user.active:
            raise click.ClickException(f"کاربر فعالی به نام «{username}» نیست.")
        if user.role not in ("admin", "pr_staff"):
            raise click.ClickException("تنها مدیر سامانه و کارشناس روابط عمومی خانوار درون‌ریزی می‌کنند.")
        return user
    number = current_app.config["DISTRICT_CODE"]
    district_id = db.session.scalar(select(District.id).where(District.number == number))
    if district_id is None:
        raise click.ClickException(f"منطقهٔ {fa(number)} بارگذاری نشده است؛ نخست `flask seed-district` را اجرا کنید.")
    return Operator(district_id)


def _options(district_id: int, neighborhood: str | None, category: str | None, duplicates: bool) -> Options:
    neighborhood_id = None
    if neighborhood:
        neighborhood_id = neighborhoods_by_name(district_id).get(fold(neighborhood))
        if neighborhood_id is None:
            raise click.ClickException(f"محلهٔ «{neighborhood}» در این منطقه نیست.")
    code = None
    if category:
        code = category_code(category)
        if code is None:
            raise click.ClickException(f"دستهٔ «{category}» شناخته نیست.")
    return Options(neighborhood_id=neighborhood_id, category=code, force_all=duplicates)


def _print_report(report) -> None:
    counts = report.counts()
    click.echo("، ".join(f"{STATUSES[status]}: {fa(count)}" for status, count in counts.items() if count))
    if report.blank_rows:
        click.echo(f"ردیف خالی کنار گذاشته‌شده: {fa(report.blank_rows)}")
    for row in report.rows:
        if row.status in ATTENTION:
            where = f" [{row.fields_text()}]" if row.fields_text() else ""
            click.echo(f"ردیف {fa(row.row)}: {STATUSES[row.status]}{where} {row.reasons_text()}".rstrip())
    if report.failure:
        click.echo(report.failure, err=True)


@click.command("import-households")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Classify every row and write nothing.")
@click.option("--neighborhood-default", default=None, help="Neighborhood (by name) of rows that name none.")
@click.option("--category-default", default=None, help="Category (code or Persian label) of rows that name none.")
@click.option("--import-duplicates", is_flag=True,
              help="Store likely duplicates too; rows equal to a stored household are never stored again.")
@click.option("--user", "username", default=None,
              help="Import as this admin or PR user (their district, their name in the audit log).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the row-by-row report (with personal data) to this XLSX file.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=BATCH_SIZE, show_default=True,
              help="Rows stored per all-or-nothing transaction.")
def import_households_command(path, dry_run, neighborhood_default, category_default, import_duplicates, username,
                              report_path, batch_size):
    """Import households from a CSV or XLSX file (a dry run with --dry-run), in all-or-nothing batches."""
    store.purge()
    actor = _actor(username)
    try:
        sheet = files.read_sheet(path.read_bytes(), path.name, max_rows=None)
    except files.ImportFileError as error:
        raise click.ClickException(str(error)) from error
    options = _options(actor.district_id, neighborhood_default, category_default, import_duplicates)
    problems = mapping_problems(sheet.mapping, options)
    if problems:
        raise click.ClickException("\n".join(problems.values()))
    click.echo(f"{sheet.filename} ({sheet.describe()})، {fa(len(sheet.rows))} ردیف")
    click.echo("ستون‌ها: " + "، ".join(f"«{sheet.headers[i]}» ← {FIELDS[name]}" for i, name in sheet.mapping.items()))
    ignored = [header for i, header in enumerate(sheet.headers) if i not in sheet.mapping and header.strip()]
    if ignored:
        click.echo("ستون‌های کنار گذاشته: " + "، ".join(f"«{header}»" for header in ignored))
    with click.progressbar(length=len(sheet.rows), label="ردیف‌ها", file=sys.stderr) as bar:
        if dry_run:
            report = service.dry_run(sheet, sheet.mapping, options, actor.district_id, progress=bar.update)
        else:
            report = service.run_import(sheet, sheet.mapping, options, actor, batch_size=batch_size,
                                        progress=bar.update)
    _print_report(report)
    if report_path:
        with report_path.open("wb") as handle:
            write_report_xlsx(report, handle)
        click.echo(f"گزارش: {report_path}")
    if report.failure:
        raise click.exceptions.Exit(BATCH_FAILED)

