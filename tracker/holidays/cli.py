"""`flask holidays ...`: the install's operator keeps the national holiday table."""
import click

from tracker.extensions import db
from tracker.holidays import services
from tracker.holidays.services import HolidayError
from tracker.models import Holiday
from tracker.models.choices import label
from tracker.persian.dates import jalali_str, jalali_year_month, today_tehran
from tracker.cli_params import commit_or_fail, DAY, ID, JALALI_YEAR, TypedText
from tracker.models.limits import TITLE_MAX


def _holiday(holiday_id: int) -> Holiday:
    holiday = db.session.get(Holiday, holiday_id)
    if holiday is None:
        raise click.ClickException(f"no national holiday with id {holiday_id}")
    return holiday


def _line(holiday: Holiday) -> str:
    return f"{holiday.id}\t{jalali_str(holiday.day)}\t{label(holiday.source, 'holiday_source')}\t{holiday.title}"


@click.group("holidays")
def holidays_command():
    """Keep the national holiday table that every district's working days follow."""


@holidays_command.command("list")
@click.argument("year", type=JALALI_YEAR, required=False)
def list_command(year):
    """Print the national holidays of a Jalali year (default: this year): id, date, source, title."""
    year = year or jalali_year_month(today_tehran())[0]
    for holiday in services.holidays_in_year(year):
        click.echo(_line(holiday))


@holidays_command.command("add")
@click.argument("day", type=DAY)
@click.argument("title", type=TypedText(TITLE_MAX))
def add_command(day, title):
    """Add a national holiday on DAY (Jalali, any digits, or ISO)."""
    holiday = commit_or_fail(lambda: services.add_holiday(day, title), HolidayError)
    click.echo(f"added: {_line(holiday)}")


@holidays_command.command("edit")
@click.argument("holiday_id", type=ID)
@click.option("--day", type=DAY, default=None, help="The new date (Jalali, any digits, or ISO).")
@click.option("--title", type=TypedText(TITLE_MAX), default=None, help="The new title.")
def edit_command(holiday_id, day, title):
    """Move or rename a national holiday (a moved one is marked as corrected by hand)."""
    holiday = _holiday(holiday_id)
    new_day = day or holiday.day
    holiday = commit_or_fail(lambda: services.update_holiday(holiday, new_day, title or holiday.title),
                             HolidayError)
    click.echo(f"saved: {_line(holiday)}")


@holidays_command.command("remove")
@click.argument("holiday_id", type=ID)
def remove_command(holiday_id):
    """Remove a national holiday."""
    holiday = _holiday(holiday_id)
    line = _line(holiday)
    commit_or_fail(lambda: services.remove_holiday(holiday), HolidayError)
    click.echo(f"removed: {line}")


@holidays_command.command("fill")
@click.argument("year", type=JALALI_YEAR)
def fill_command(year):
    """Add the fixed solar and computed lunar holidays of a Jalali year; what is there stays."""
    if not 1300 <= year <= 1500:
        raise click.BadParameter("the year must be a Jalali year between 1300 and 1500")
    added = commit_or_fail(lambda: services.fill_year(year), HolidayError)
    click.echo(f"{added} national holidays added for {year}; check the lunar ones against the official calendar")
