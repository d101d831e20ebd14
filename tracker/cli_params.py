"""The command line's parameter types (text, ids, Jalali days and years, checked as the web and the API check them),
and its one way to run a service write."""
import click

from tracker.extensions import db
from tracker.models.limits import ID_MAX
from tracker.persian.dates import YEARS, JalaliDateError, parse_date_any
from tracker.persian.text import TextRefused, clean_text

# A record id: what no record can have is refused before any query (SQLite and PostgreSQL overflow past it).
ID = click.IntRange(1, ID_MAX)
JALALI_YEAR = click.IntRange(*YEARS)


class TypedText(click.ParamType):
    """Text of at most max_length characters, cleaned by tracker.persian.text.clean_text."""

    name = "text"

    def __init__(self, max_length: int):
        self.max_length = max_length

    def convert(self, value, param, ctx):
        """Return value cleaned, or fail with the Persian reason."""
        try:
            return clean_text(value, max_length=self.max_length)
        except TextRefused as error:
            self.fail(str(error), param, ctx)


class JalaliDay(click.ParamType):
    """A day typed as Jalali (any digits) or ISO, within the Jalali years every door accepts."""

    name = "date"

    def convert(self, value, param, ctx):
        """Return the Gregorian date, or fail with the Persian reason."""
        if not isinstance(value, str):
            return value
        try:
            return parse_date_any(value)
        except JalaliDateError as error:
            self.fail(str(error), param, ctx)


DAY = JalaliDay()


def commit_or_fail(write, refusal: type[Exception]):
    """Run a service write and commit it, or roll it back and exit with the service's Persian refusal."""
    try:
        result = write()
    except refusal as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    return result
