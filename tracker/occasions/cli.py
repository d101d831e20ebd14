"""`flask occasions ...`: the install's operator keeps the national occasions every district sees."""
import click
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Occasion
from tracker.occasions import services
from tracker.occasions.calendar import describe, occurrences_in_year
from tracker.occasions.queries import national_occasions
from tracker.occasions.services import OccasionError
from tracker.persian.dates import jalali_str, jalali_year_month, today_tehran
from tracker.cli_params import commit_or_fail, ID, JALALI_YEAR, TypedText
from tracker.models.limits import TITLE_MAX



def _national(occasion_id: int) -> Occasion:
    occasion = db.session.scalar(select(Occasion).where(
        Occasion.id == occasion_id, Occasion.district_id.is_(None), Occasion.deleted_at.is_(None)))
    if occasion is None:
        raise click.ClickException(f"no national occasion with id {occasion_id}")
    return occasion


def _line(occasion: Occasion) -> str:
    mark = "\tto confirm" if occasion.to_confirm else ""
    return f"{occasion.id}\t{describe(occasion)}\t{occasion.title}{mark}"


@click.group("occasions")
def occasions_command():
    """Keep the national occasions (national days and weeks) that campaigns are planned around."""


@occasions_command.command("list")
@click.argument("year", type=JALALI_YEAR, required=False)
def list_command(year):
    """Print the national occasions; with a Jalali YEAR, their dates in that year."""
    if year is None:
        for occasion in national_occasions():
            click.echo(_line(occasion))
        return
    for found in occurrences_in_year(national_occasions(), year):
        end = f"–{jalali_str(found.ends_on)}" if found.days > 1 else ""
        click.echo(f"{found.occasion.id}\t{jalali_str(found.starts_on)}{end}\t{found.occasion.title}")


@occasions_command.command("add")
@click.argument("title", type=TypedText(TITLE_MAX))
@click.argument("month")
@click.argument("day")
@click.option("--lunar", is_flag=True, help="MONTH and DAY are Hijri (lunar); the dates are computed each year.")
@click.option("--days", "length_days", default="1", show_default=True, help="How many days it lasts.")
@click.option("--to-confirm", is_flag=True, help="Mark the date as one to check against the official calendar.")
def add_command(title, month, day, lunar, length_days, to_confirm):
    """Add a national occasion on MONTH/DAY of every year (Jalali unless --lunar)."""
    values = {"title": title, "calendar": "lunar" if lunar else "solar", "month": month, "day": day,
              "length_days": length_days, "to_confirm": to_confirm}
    occasion = commit_or_fail(lambda: services.create_occasion(None, values), OccasionError)
    click.echo(f"added: {_line(occasion)}")


@occasions_command.command("edit")
@click.argument("occasion_id", type=ID)
@click.option("--title", type=TypedText(TITLE_MAX), default=None)
@click.option("--month", default=None)
@click.option("--day", default=None)
@click.option("--calendar", type=click.Choice(["solar", "lunar"]), default=None)
@click.option("--days", "length_days", default=None, help="How many days it lasts.")
@click.option("--confirmed/--to-confirm", default=None, help="The date was checked (or must still be).")
def edit_command(occasion_id, title, month, day, calendar, length_days, confirmed):
    """Change a national occasion; campaigns linked to it stay linked."""
    occasion = _national(occasion_id)
    values = {"title": title or occasion.title, "calendar": calendar or occasion.calendar,
              "month": month or occasion.month, "day": day or occasion.day,
              "length_days": length_days or occasion.length_days,
              "to_confirm": occasion.to_confirm if confirmed is None else not confirmed}
    occasion = commit_or_fail(lambda: services.update_occasion(occasion, values), OccasionError)
    click.echo(f"saved: {_line(occasion)}")


@occasions_command.command("remove")
@click.argument("occasion_id", type=ID)
def remove_command(occasion_id):
    """Remove a national occasion from every district's calendar (campaigns keep their label)."""
    occasion = _national(occasion_id)
    line = _line(occasion)
    commit_or_fail(lambda: services.delete_occasion(occasion), OccasionError)
    click.echo(f"removed: {line}")


@occasions_command.command("seed")
def seed_command():
    """Add the seeded national occasions that are missing; removed ones stay removed."""
    added = commit_or_fail(services.seed_national, OccasionError)
    this_year = jalali_year_month(today_tehran())[0]
    click.echo(f"{added} national occasions added; see them with `flask occasions list {this_year}`")
