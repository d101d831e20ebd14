"""A district's working calendar: its weekly days off, the national holidays and its own days off.

The one module that reads days off from the database. Everything that counts working days
(deadlines, the inbox, the digest, report response times, the demo data) asks
``work_calendar``; everything that shows days off (the event calendar, the date preview, the
admin list) asks ``days_off``. The arithmetic itself is pure, in ``persian.workdays``.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import District, DistrictDayOff, Holiday
from tracker.persian.dates import year_range
from tracker.persian.workdays import add_working_days, dated_days_off, is_working_day, working_days_between


@dataclass(frozen=True)
class WorkCalendar:
    """Working-day arithmetic with one district's weekly days off and dated days off."""

    holidays: frozenset[date]
    weekend: frozenset[int]
    # The dated days off that fall on a working weekday, in order: counted by bisection, not by a walk.
    _dated: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_dated", dated_days_off(self.holidays, self.weekend))

    def add(self, start: date, days: int) -> date:
        """Return the day `days` working days after start."""
        return add_working_days(start, days, self.holidays, self.weekend)

    def between(self, a: date, b: date) -> int:
        """Return the working days after a up to b (negative when b is earlier)."""
        return working_days_between(a, b, weekend=self.weekend, dated=self._dated)

    def is_working_day(self, day: date) -> bool:
        """Tell whether day is neither a weekly day off nor a dated one."""
        return is_working_day(day, self.holidays, self.weekend)


@dataclass(frozen=True)
class DayOff:
    """One dated day off as shown to people: a national holiday or the district's own."""

    day: date
    title: str
    national: bool
    source: str | None = None  # how a national holiday was set: fixed, computed or manual
    id: int | None = None


def work_calendar(district: District) -> WorkCalendar:
    """Load the working calendar of a district: national holidays plus its own days off."""
    national = db.session.scalars(select(Holiday.day))
    local = db.session.scalars(select(DistrictDayOff.day).where(DistrictDayOff.district_id == district.id))
    return WorkCalendar(frozenset(national) | frozenset(local), district.weekend_days)


def days_off(district_id: int, first: date, last: date) -> list[DayOff]:
    """Return the national holidays and the district's days off between first and last, by date."""
    national = db.session.scalars(
        select(Holiday).where(Holiday.day.between(first, last)).order_by(Holiday.day, Holiday.id))
    local = db.session.scalars(
        select(DistrictDayOff).where(DistrictDayOff.district_id == district_id,
                                     DistrictDayOff.day.between(first, last)))
    found = [DayOff(h.day, h.title, True, h.source, h.id) for h in national]
    found += [DayOff(d.day, d.title, False, None, d.id) for d in local]
    # National first on a shared day: it is the reason most people know.
    return sorted(found, key=lambda d: (d.day, not d.national, d.id))


def days_off_by_day(district_id: int, first: date, last: date) -> dict[date, list[str]]:
    """Return the titles of each day off between first and last, inclusive."""
    by_day: dict[date, list[str]] = {}
    for day_off in days_off(district_id, first, last):
        by_day.setdefault(day_off.day, []).append(day_off.title)
    return by_day


def days_off_in_year(district_id: int, year: int) -> list[DayOff]:
    """Return the days off of a Jalali year, national and the district's own, by date."""
    return days_off(district_id, *year_range(year))
