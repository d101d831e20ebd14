"""Compute Iran's official holidays and do working-day arithmetic.

Holidays are passed in rather than read here: the app keeps an editable holiday table
pre-filled from ``solar_holidays`` and ``lunar_holidays``, and an administrator corrects it.
"""
import math
from bisect import bisect_right
from collections.abc import Collection, Sequence
from datetime import date, timedelta

from hijridate import Hijri

from tracker.persian.dates import jalali_to_date, year_range

THURSDAY = 3  # Python date.weekday() numbering
FRIDAY = 4
DEFAULT_WEEKEND = frozenset({FRIDAY})

# (Jalali month, day, title): the ten fixed solar holidays.
FIXED_SOLAR_HOLIDAYS = [
    (1, 1, "نوروز"),
    (1, 2, "نوروز"),
    (1, 3, "نوروز"),
    (1, 4, "نوروز"),
    (1, 12, "روز جمهوری اسلامی"),
    (1, 13, "روز طبیعت"),
    (3, 14, "رحلت امام خمینی"),
    (3, 15, "قیام ۱۵ خرداد"),
    (11, 22, "پیروزی انقلاب اسلامی"),
    (12, 29, "ملی شدن صنعت نفت"),
]

# (Hijri month, day, title): the official lunar holidays.
LUNAR_HOLIDAYS = [
    (1, 9, "تاسوعای حسینی"),
    (1, 10, "عاشورای حسینی"),
    (2, 20, "اربعین حسینی"),
    (2, 28, "رحلت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)"),
    (2, 30, "شهادت امام رضا (ع)"),
    (3, 8, "شهادت امام حسن عسکری (ع)"),
    (3, 17, "میلاد رسول اکرم (ص) و امام جعفر صادق (ع)"),
    (6, 3, "شهادت حضرت فاطمه زهرا (س)"),
    (7, 13, "ولادت امام علی (ع)"),
    (7, 27, "مبعث رسول اکرم (ص)"),
    (8, 15, "ولادت حضرت قائم (عج)"),
    (9, 21, "شهادت حضرت علی (ع)"),
    (10, 1, "عید سعید فطر"),
    (10, 2, "تعطیل به مناسبت عید سعید فطر"),
    (10, 25, "شهادت امام جعفر صادق (ع)"),
    (12, 10, "عید سعید قربان"),
    (12, 18, "عید سعید غدیر خم"),
]

# Mean lengths in days; used only to guess which Hijri years a Jalali year touches.
_SOLAR_YEAR = 365.2422
_LUNAR_YEAR = 354.367


def solar_holidays(jy: int) -> list[tuple[date, str]]:
    """Return the fixed solar holidays of Jalali year jy as (Gregorian date, title)."""
    return [(jalali_to_date(jy, month, day), title) for month, day, title in FIXED_SOLAR_HOLIDAYS]


def _hijri_to_gregorian(hy: int, hm: int, hd: int) -> date | None:
    """Return the Gregorian date of a Hijri date, or None outside hijridate's range."""
    try:
        month = Hijri(hy, hm, 1)
        # Iran marks Imam Reza's martyrdom on the last day of Safar, which is the 29th
        # when Safar is short.
        return Hijri(hy, hm, min(hd, month.month_length())).to_gregorian()
    except OverflowError:  # hijridate covers 1343-1500 AH only
        return None


def _hijri_years(first: date, last: date) -> range:
    """Return the Hijri years that may hold a day between first and last (one spare either side)."""
    # Hijri year in progress at a Gregorian date: the Hijri era starts in 622 and its year is
    # shorter; one year either side is scanned to be safe, and callers filter by date.
    start = math.floor((first.year - 622 + first.timetuple().tm_yday / _SOLAR_YEAR) * _SOLAR_YEAR / _LUNAR_YEAR)
    end = math.floor((last.year - 622 + last.timetuple().tm_yday / _SOLAR_YEAR) * _SOLAR_YEAR / _LUNAR_YEAR)
    return range(start - 1, end + 2)


def lunar_dates(hm: int, hd: int, first: date, last: date) -> list[date]:
    """Return the Gregorian dates of Hijri month hm, day hd between first and last, inclusive, by date.

    The tabular Umm al-Qura calendar gives them, while Iran fixes lunar dates by moon
    sighting, so a date can be a day early or late.  A day past a short month's end falls
    on its last day.
    """
    found = (_hijri_to_gregorian(hy, hm, hd) for hy in _hijri_years(first, last))
    return sorted({day for day in found if day is not None and first <= day <= last})


def lunar_holidays(jy: int) -> list[tuple[date, str]]:
    """Return the lunar holidays falling in Jalali year jy as (Gregorian date, title), by date.

    They are computed (see lunar_dates), so the app stores them as "computed" for an
    administrator to confirm.  A solar year is about 11 days longer than a lunar one, so a
    holiday near the start of the year can occur twice in it.
    """
    first, last = year_range(jy)
    return sorted((day, title) for hm, hd, title in LUNAR_HOLIDAYS for day in lunar_dates(hm, hd, first, last))


def _as_set(holidays: Collection[date]) -> Collection[date]:
    # Lists from the database would make every membership test a scan.
    return holidays if isinstance(holidays, (set, frozenset)) else frozenset(holidays)


def is_working_day(
    d: date, holidays: Collection[date] = (), weekend: Collection[int] = DEFAULT_WEEKEND
) -> bool:
    """Return whether d is neither a weekend day (Python weekday numbers) nor a holiday."""
    return d.weekday() not in weekend and d not in holidays


def add_working_days(
    start: date,
    n: int,
    holidays: Collection[date] = (),
    weekend: Collection[int] = DEFAULT_WEEKEND,
) -> date:
    """Return the date n working days after start (start itself not counted; n=0 is start).

    A negative n counts backwards.  ``working_days_between(start, result) == n`` for n >= 0.
    """
    if len(set(weekend) & set(range(7))) == 7:
        raise ValueError("a week with no working days never reaches a working day")
    holidays = _as_set(holidays)
    step = timedelta(days=1 if n >= 0 else -1)
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if is_working_day(day, holidays, weekend):
            remaining -= 1
    return day


def dated_days_off(holidays: Collection[date], weekend: Collection[int] = DEFAULT_WEEKEND) -> tuple[date, ...]:
    """Return the dated days off that a count of working days skips, in order: those not on a weekly day off."""
    return tuple(sorted(d for d in holidays if d.weekday() not in weekend))


def working_days_between(
    a: date, b: date, holidays: Collection[date] = (), weekend: Collection[int] = DEFAULT_WEEKEND,
    *, dated: Sequence[date] | None = None,
) -> int:
    """Return the working days after a up to and including b; negative when b is before a.

    Antisymmetric: ``working_days_between(a, b) == -working_days_between(b, a)``, so
    ``working_days_between(due_on, today)`` reads as days overdue, or left when negative.
    dated, dated_days_off(holidays, weekend) made once, replaces holidays for many counts.
    """
    if b < a:
        return -working_days_between(b, a, holidays, weekend, dated=dated)
    # Whole weeks are counted, not walked: an item overdue for years would cost a loop over every day.
    days = (b - a).days
    weeks, rest = divmod(days, 7)
    off_weekly = set(weekend) & set(range(7))
    count = weeks * (7 - len(off_weekly))
    count += sum((a + timedelta(days=weeks * 7 + i)).weekday() not in off_weekly for i in range(1, rest + 1))
    if dated is not None:  # sorted: the days off in (a, b] by bisection
        return count - (bisect_right(dated, b) - bisect_right(dated, a))
    return count - sum(1 for h in _as_set(holidays) if a < h <= b and h.weekday() not in off_weekly)
