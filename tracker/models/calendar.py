"""Days off: the national holidays every district keeps, and each district's own extra days off."""
from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base
from tracker.models.choices import HOLIDAY_SOURCES, check_in
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
