"""The calendar: national holidays, each district's own days off, and the occasions campaigns are planned around."""
from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base, SoftDelete, searchable
from tracker.models.choices import HOLIDAY_SOURCES, OCCASION_CALENDARS, check_in
from tracker.models.limits import TITLE_MAX


class Holiday(Base):
    """A national official holiday; lunar ones are computed and marked so the operator can correct them."""

    __tablename__ = "holiday"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    source: Mapped[str] = mapped_column(String(10), default="manual")

    __table_args__ = (
        UniqueConstraint("day", "title", name="uq_holiday_day_title"),
        CheckConstraint(check_in("source", HOLIDAY_SOURCES), name="source"),
    )


class DistrictDayOff(Base):
    """A day off of one district only, on top of the national holidays (a local occasion, say)."""

    __tablename__ = "district_day_off"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    day: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))

    # One entry per day: a second title for the same day off would change nothing.
    __table_args__ = (UniqueConstraint("district_id", "day", name="uq_district_day_off_day"),)


@searchable(title_key="title")
class Occasion(SoftDelete, Base):
    """A recurring occasion (مناسبت) on the Jalali or the lunar calendar: national, or one district's own.

    Only its month and day are stored; each year's dates are computed (lunar ones with the same
    conversion as the lunar holidays, so they may be a day off the official calendar).
    """

    __tablename__ = "occasion"
    id: Mapped[int] = mapped_column(primary_key=True)
    # None: a national occasion, kept from the command line like the national holidays.
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    title_key: Mapped[str] = mapped_column(String(TITLE_MAX))
    calendar: Mapped[str] = mapped_column(String(10), default="solar")
    month: Mapped[int]
    day: Mapped[int]
    length_days: Mapped[int] = mapped_column(default=1, server_default="1")
    # A date the seed list is not sure of, shown with a mark until someone checks it.
    to_confirm: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        CheckConstraint(check_in("calendar", OCCASION_CALENDARS), name="calendar"),
        CheckConstraint("month >= 1 AND month <= 12", name="month_range"),
        CheckConstraint("day >= 1 AND day <= 31", name="day_range"),
        CheckConstraint("length_days >= 1 AND length_days <= 31", name="length_range"),
    )
