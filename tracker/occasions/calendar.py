"""Where recurring occasions fall: their dates in a Jalali year or any window (no database).

A solar occasion keeps its Jalali month and day. A lunar one keeps its Hijri month and day and
is computed with the lunar holidays' conversion, so it may be a day off the official calendar.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from tracker.persian.dates import (
    HIJRI_MONTH_NAMES, JalaliDateError, MONTH_NAMES, jalali_to_date, jalali_year_month, year_range,
)
from tracker.persian.digits import format_number
from tracker.persian.workdays import lunar_dates

# The longest Jalali and lunar months; Esfand's 30th exists only in leap years, so a yearly
# occasion may not fall on it.
SOLAR_MONTH_DAYS = (31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 29)
LUNAR_MONTH_DAYS = 30
MAX_LENGTH_DAYS = 31


class OccasionSpec(Protocol):
    """What the calendar needs of an occasion: its calendar, month, day and length."""

    calendar: str
    month: int
    day: int
    length_days: int


@dataclass(frozen=True)
class Occurrence:
    """One year's dates of an occasion."""

    occasion: object  # the Occasion it belongs to
    starts_on: date
    ends_on: date

    @property
    def days(self) -> int:
        """Return how many days the occasion lasts."""
        return (self.ends_on - self.starts_on).days + 1


def month_name(calendar: str, month: int) -> str:
    """Return the Persian name of a month of the solar or the lunar calendar."""
    return (HIJRI_MONTH_NAMES if calendar == "lunar" else MONTH_NAMES)[month - 1]


def describe(spec: OccasionSpec) -> str:
    """Return the occasion's yearly date in words, e.g. «۱۴ تیر، ۷ روز» or «۱۳ رجب (قمری)»."""
    text = f"{format_number(spec.day)} {month_name(spec.calendar, spec.month)}"
    if spec.calendar == "lunar":
        text += " (قمری)"
    if spec.length_days > 1:
        text += f"، {format_number(spec.length_days)} روز"
    return text


def check_day(calendar: str, month: int, day: int) -> None:
    """Raise JalaliDateError in Persian unless the day exists in that month every year."""
    longest = LUNAR_MONTH_DAYS if calendar == "lunar" else SOLAR_MONTH_DAYS[month - 1]
    if day < 1 or day > longest:
        name = month_name(calendar, month)
        if calendar == "solar" and month == 12 and day == 30:
            raise JalaliDateError("۳۰ اسفند فقط در سال‌های کبیسه هست؛ مناسبت سالانه را حداکثر ۲۹ اسفند بگذارید.")
        raise JalaliDateError(f"روز {name} باید بین ۱ و {format_number(longest)} باشد.")


def _starts(spec: OccasionSpec, first: date, last: date) -> list[date]:
    """Return the days the occasion starts on between first and last, inclusive."""
    if spec.calendar == "lunar":
        # A lunar day past a short month's end falls on its last day, as the lunar holidays do.
        return lunar_dates(spec.month, spec.day, first, last)
    starts = []
    for jy in range(jalali_year_month(first)[0], jalali_year_month(last)[0] + 1):
        day = jalali_to_date(jy, spec.month, spec.day)
        if first <= day <= last:
            starts.append(day)
    return starts


def occurrences_between(occasions, first: date, last: date) -> list[Occurrence]:
    """Return the occurrences that overlap first..last (ongoing ones included), by start date."""
    found = []
    for occasion in occasions:
        length = timedelta(days=occasion.length_days - 1)
        for start in _starts(occasion, first - length, last):
            found.append(Occurrence(occasion, start, start + length))
    return sorted(found, key=lambda o: (o.starts_on, o.occasion.title))


def occurrences_in_year(occasions, jy: int) -> list[Occurrence]:
    """Return the occurrences that start in Jalali year jy (a lunar one may start twice), by date."""
    first, last = year_range(jy)
    found = [Occurrence(o, start, start + timedelta(days=o.length_days - 1))
             for o in occasions for start in _starts(o, first, last)]
    return sorted(found, key=lambda o: (o.starts_on, o.occasion.title))
