"""The district's working calendar: its holiday table and weekly days off, loaded once per use."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import District, Holiday
from tracker.persian.workdays import add_working_days, working_days_between


def holiday_days() -> frozenset[date]:
    """Return every day in the holiday table."""
    return frozenset(db.session.scalars(select(Holiday.day)))


@dataclass(frozen=True)
class WorkCalendar:
    """Working-day arithmetic with one district's days off and the holiday table."""

    holidays: frozenset[date]
    weekend: frozenset[int]

    def add(self, start: date, days: int) -> date:
        """Return the day `days` working days after start."""
        return add_working_days(start, days, self.holidays, self.weekend)

    def between(self, a: date, b: date) -> int:
        """Return the working days after a up to b (negative when b is earlier)."""
        return working_days_between(a, b, self.holidays, self.weekend)


def work_calendar(district: District) -> WorkCalendar:
    """Load the working calendar of a district."""
    return WorkCalendar(holiday_days(), district.weekend_days)
