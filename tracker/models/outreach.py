"""Outreach: campaigns, their phases and targets, and events (visits, meetings, ...)."""
from datetime import date, time

from sqlalchemy import (
    CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text, Time, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, SoftDelete, Timestamped, searchable
from tracker.models.calendar import Occasion
from tracker.models.choices import (
    CAMPAIGN_STATUSES, EVENT_KINDS, EVENT_STATUSES, HOUSEHOLD_CATEGORIES, check_in,
)
from tracker.models.limits import (
    DURATION_MINUTES, NOTES_MAX, PHASE_NUMBER, TARGET_COUNT, TEXT_MAX, TITLE_MAX, at_most, between,
)
from tracker.models.people import Household, Official, User
from tracker.models.places import Neighborhood


@searchable(title_key="title")
class Campaign(SoftDelete, Timestamped, Base):
    """A campaign (کمپین، پویش) around an occasion, run in phases."""

    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    title_key: Mapped[str] = mapped_column(String(TITLE_MAX))
    # The occasion's name as the campaign shows it; older campaigns have only this text.
    occasion: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    occasion_id: Mapped[int | None] = mapped_column(ForeignKey("occasion.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    goals: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    phases: Mapped[list["Phase"]] = relationship(
        back_populates="campaign", order_by="Phase.number", cascade="all, delete-orphan"
    )
    targets: Mapped[list["CampaignTarget"]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan"
    )
    calendar_occasion: Mapped[Occasion | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(check_in("status", CAMPAIGN_STATUSES), name="status"),
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
        CheckConstraint(at_most("goals", NOTES_MAX), name="goals_length"),
    )


class Phase(Base):
    """A numbered phase (مرحله) of a campaign, e.g. 1 advertising, 2 home visits."""

    __tablename__ = "phase"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    campaign: Mapped[Campaign] = relationship(back_populates="phases")

    @property
    def window(self) -> tuple[date, date]:
        """Return the phase's first and last days, its campaign's where it names none."""
        return self.starts_on or self.campaign.starts_on, self.ends_on or self.campaign.ends_on

    __table_args__ = (
        UniqueConstraint("campaign_id", "number", name="uq_phase_campaign_number"),
        CheckConstraint(between("number", PHASE_NUMBER), name="number_range"),
    )


class CampaignTarget(Base):
    """How many households of one category a campaign aims to reach in one neighborhood."""

    __tablename__ = "campaign_target"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"))
    category: Mapped[str] = mapped_column(String(20))
    count: Mapped[int]

    campaign: Mapped[Campaign] = relationship(back_populates="targets")
    neighborhood: Mapped[Neighborhood] = relationship()

    __table_args__ = (
        UniqueConstraint("campaign_id", "neighborhood_id", "category", name="uq_target_cell"),
        CheckConstraint(check_in("category", HOUSEHOLD_CATEGORIES), name="category"),
        CheckConstraint(between("count", TARGET_COUNT), name="count_range"),
    )


# The named target list: the households a campaign must visit.
campaign_household = Table(
    "campaign_household",
    Base.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("household_id", ForeignKey("household.id"), primary_key=True, index=True),
)


event_official = Table(
    "event_official",
    Base.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("official_id", ForeignKey("official.id"), primary_key=True, index=True),
)

event_household = Table(
    "event_household",
    Base.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("household_id", ForeignKey("household.id"), primary_key=True, index=True),
)


@searchable(title_key="title", minutes_key="minutes")
class Event(SoftDelete, Timestamped, Base):
    """An outreach event (رویداد): a home visit, meeting, ceremony, advertising or gathering."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), index=True)
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phase.id"))
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="planned")
    title: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    title_key: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    # Gregorian date and Tehran wall-clock time; Jalali only at the edges.
    held_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    duration_minutes: Mapped[int | None]
    minutes: Mapped[str | None] = mapped_column(Text)
    minutes_key: Mapped[str | None] = mapped_column(Text)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    campaign: Mapped[Campaign | None] = relationship()
    phase: Mapped[Phase | None] = relationship()
    neighborhood: Mapped[Neighborhood] = relationship()
    logged_by: Mapped[User | None] = relationship()
    officials: Mapped[list[Official]] = relationship(secondary=event_official)
    households: Mapped[list[Household]] = relationship(secondary=event_household)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(check_in("kind", EVENT_KINDS), name="kind"),
        CheckConstraint(check_in("status", EVENT_STATUSES), name="status"),
        CheckConstraint(between("duration_minutes", DURATION_MINUTES), name="duration_range"),
        CheckConstraint(at_most("minutes", TEXT_MAX), name="minutes_length"),
        # A done event carries its minutes; the form asks for them, the database insists.
        CheckConstraint("status <> 'done' OR minutes IS NOT NULL", name="done_has_minutes"),
        Index("ix_event_district_day", "district_id", "held_on", "id"),
    )
