"""Writers of the national holiday table: add, correct, remove, and fill a year with what can be computed.

No web role spans districts, so only the command line calls these; each district's own days off
are written by the admin area instead.
"""
from datetime import date, timedelta

from sqlalchemy import select

from tracker.audit import record, snapshot
from tracker.extensions import db
from tracker.models import Holiday
from tracker.persian.dates import jalali_year_month, today_tehran, year_range
from tracker.persian.text import normalize
from tracker.persian.workdays import lunar_holidays, solar_holidays

FIELDS = ["day", "title", "source"]

# A computed lunar date may be a day or two off the official calendar; a holiday of the same
# title this close is the same one. A correction ("manual") of the same title in the same
# Jalali year also stands for it, however far it was moved.
LUNAR_TOLERANCE = timedelta(days=3)


class HolidayError(ValueError):
    """A national holiday change that cannot be made; the message is Persian."""


TITLE_MAX = 200


def clean_title(title: str | None) -> str:
    """Return the title normalized, or raise HolidayError when it is empty or too long."""
    text = normalize(title)
    if not text:
        raise HolidayError("عنوان تعطیلی را بنویسید.")
    if len(text) > TITLE_MAX:
        raise HolidayError("عنوان تعطیلی بیش از اندازه بلند است.")
    return text


def _check_unique(day: date, title: str, exclude_id: int | None = None) -> None:
    stmt = select(Holiday.id).where(Holiday.day == day, Holiday.title == title)
    if exclude_id is not None:
        stmt = stmt.where(Holiday.id != exclude_id)
    if db.session.scalar(stmt) is not None:
        raise HolidayError("این تعطیلی با همین عنوان در این تاریخ پیش‌تر ثبت شده است.")


def add_holiday(day: date, title: str) -> Holiday:
    """Add a national holiday by hand."""
    title = clean_title(title)
    _check_unique(day, title)
    holiday = Holiday(day=day, title=title, source="manual")
    db.session.add(holiday)
    db.session.flush()
    record("create", holiday, after=snapshot(holiday, FIELDS))
    return holiday


def update_holiday(holiday: Holiday, day: date, title: str) -> Holiday:
    """Change a national holiday; moving a computed or fixed one marks it as corrected by hand."""
    title = clean_title(title)
    _check_unique(day, title, holiday.id)
    before = snapshot(holiday, FIELDS)
    if day != holiday.day:
        holiday.source = "manual"
    holiday.day = day
    holiday.title = title
    record("update", holiday, before=before, after=snapshot(holiday, FIELDS))
    return holiday


def remove_holiday(holiday: Holiday) -> None:
    """Remove a national holiday for good (holidays are reference data, not records of work)."""
    record("delete", holiday, before=snapshot(holiday, FIELDS))
    db.session.delete(holiday)


def holidays_in_year(year: int) -> list[Holiday]:
    """Return the national holidays of a Jalali year in date order."""
    first, last = year_range(year)
    return list(db.session.scalars(
        select(Holiday).where(Holiday.day.between(first, last)).order_by(Holiday.day, Holiday.id)))


def _already_there(day: date, title: str, source: str, year: int) -> bool:
    """Tell whether this holiday is in the table already, or was corrected by hand."""
    slack = LUNAR_TOLERANCE if source == "computed" else timedelta(0)
    same = select(Holiday.id).where(Holiday.title == title)
    if db.session.scalar(same.where(Holiday.day.between(day - slack, day + slack)).limit(1)) is not None:
        return True
    if source != "computed":
        return False
    first, last = year_range(year)
    corrected = same.where(Holiday.source == "manual", Holiday.day.between(first, last))
    return db.session.scalar(corrected.limit(1)) is not None


def fill_years(years: tuple[int, ...] | None = None) -> int:
    """Add the fixed solar and computed lunar holidays of the Jalali years; return how many were new.

    Without years, this year and the next are filled. A computed holiday that was already
    moved by hand is not added again.
    """
    if years is None:
        this_year = jalali_year_month(today_tehran())[0]
        years = (this_year, this_year + 1)
    added = 0
    for year in years:
        rows = [(d, t, "fixed") for d, t in solar_holidays(year)]
        rows += [(d, t, "computed") for d, t in lunar_holidays(year)]
        for day, title, source in rows:
            if not _already_there(day, title, source, year):
                db.session.add(Holiday(day=day, title=title, source=source))
                added += 1
    db.session.flush()
    return added


def fill_year(year: int) -> int:
    """Fill one Jalali year with its fixed and computed holidays and audit it; return how many were new."""
    added = fill_years((year,))
    record("fill_holidays", entity="holiday", after={"year": year, "added": added})
    return added
