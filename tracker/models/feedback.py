"""Feedback: topics, feedback items and their timeline, commitments, text templates."""
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, SoftDelete, Timestamped, searchable, tehran_now
from tracker.models.choices import (
    COMMITMENT_STATUSES, CONTACT_CHANNELS, CONTACT_OUTCOMES, FEEDBACK_KINDS,
    FEEDBACK_STATUSES, PRIORITIES, REJECTION_REASONS, SATISFACTION, check_in,
)
from tracker.models.outreach import Event
from tracker.models.people import Department, Household, Official, User
from tracker.models.limits import (
    COMMENT_MAX, EVIDENCE_MAX, NAME_MAX, NOTES_MAX, SLA_DAYS, TEXT_MAX, TITLE_MAX, at_most, between,
)


@searchable(name_key="name")
class Topic(SoftDelete, Base):
    """A feedback topic with its default department and response times in working days.

    high_days and urgent_days shorten the answer time of high and urgent items; None keeps
    the default share of sla_days (tracker.feedback.deadlines).
    """

    __tablename__ = "topic"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(NAME_MAX))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    sla_days: Mapped[int] = mapped_column(default=10, server_default="10")
    high_days: Mapped[int | None]
    urgent_days: Mapped[int | None]
    response_template: Mapped[str | None] = mapped_column(Text)

    department: Mapped[Department | None] = relationship()

    __table_args__ = (
        CheckConstraint(between("sla_days", SLA_DAYS), name="sla_range"),
        CheckConstraint(at_most("response_template", NOTES_MAX), name="response_template_length"),
        CheckConstraint(between("high_days", SLA_DAYS), name="high_range"),
        CheckConstraint(between("urgent_days", SLA_DAYS), name="urgent_range"),
    )


@searchable(text_key="text")
class FeedbackItem(SoftDelete, Timestamped, Base):
    """A suggestion, criticism, request or appreciation heard at an event, followed to the end."""

    __tablename__ = "feedback_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id"))
    text: Mapped[str] = mapped_column(Text)
    text_key: Mapped[str] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(10), default="normal", server_default="normal")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="new", server_default="new")
    received_on: Mapped[date] = mapped_column(Date)
    referred_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    response: Mapped[str | None] = mapped_column(Text)
    rejection_reason: Mapped[str | None] = mapped_column(String(20))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_item.id"))
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    event: Mapped[Event] = relationship()
    household: Mapped[Household | None] = relationship()
    topic: Mapped[Topic | None] = relationship()
    department: Mapped[Department | None] = relationship()
    merged_into: Mapped["FeedbackItem | None"] = relationship(remote_side=[id])
    updates: Mapped[list["FeedbackUpdate"]] = relationship(
        back_populates="item", order_by="FeedbackUpdate.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(check_in("kind", FEEDBACK_KINDS), name="kind"),
        CheckConstraint(check_in("priority", PRIORITIES), name="priority"),
        CheckConstraint(check_in("status", FEEDBACK_STATUSES), name="status"),
        CheckConstraint(
            "rejection_reason IS NULL OR " + check_in("rejection_reason", REJECTION_REASONS),
            name="rejection_reason",
        ),
        CheckConstraint("status <> 'rejected' OR rejection_reason IS NOT NULL", name="rejected_has_reason"),
        CheckConstraint("status <> 'merged' OR merged_into_id IS NOT NULL", name="merged_has_target"),
        CheckConstraint(
            "satisfaction IS NULL OR " + check_in("satisfaction", SATISFACTION), name="satisfaction"
        ),
        CheckConstraint("status <> 'closed' OR satisfaction IS NOT NULL", name="closed_has_satisfaction"),
        CheckConstraint("due_on IS NULL OR due_on >= received_on", name="due_after_received"),
        CheckConstraint(at_most("text", TEXT_MAX), name="text_length"),
        CheckConstraint(at_most("response", TEXT_MAX), name="response_length"),
        Index("ix_feedback_district_status_due", "district_id", "status", "due_on"),
        Index("ix_feedback_department_status", "department_id", "status"),
    )


class FeedbackUpdate(Base):
    """One line of a feedback item's timeline: who changed what, when, and why."""

    __tablename__ = "feedback_update"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("feedback_item.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=tehran_now, server_default=func.now())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    due_on: Mapped[date | None] = mapped_column(Date)
    comment: Mapped[str | None] = mapped_column(Text)
    contact_channel: Mapped[str | None] = mapped_column(String(10))
    contact_outcome: Mapped[str | None] = mapped_column(String(20))
    satisfaction: Mapped[str | None] = mapped_column(String(20))

    item: Mapped[FeedbackItem] = relationship(back_populates="updates")
    user: Mapped[User | None] = relationship()
    department: Mapped[Department | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "contact_channel IS NULL OR " + check_in("contact_channel", CONTACT_CHANNELS),
            name="contact_channel",
        ),
        CheckConstraint(
            "contact_outcome IS NULL OR " + check_in("contact_outcome", CONTACT_OUTCOMES),
            name="contact_outcome",
        ),
        CheckConstraint(at_most("comment", COMMENT_MAX), name="comment_length"),
    )


@searchable(text_key="text")
class Commitment(SoftDelete, Timestamped, Base):
    """A promise an official made during a visit, tracked to done with evidence."""

    __tablename__ = "commitment"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("official.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"))
    text: Mapped[str] = mapped_column(Text)
    text_key: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    evidence: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    event: Mapped[Event] = relationship()
    official: Mapped[Official] = relationship()
    household: Mapped[Household | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(check_in("status", COMMITMENT_STATUSES), name="status"),
        CheckConstraint("status <> 'done' OR evidence IS NOT NULL", name="done_has_evidence"),
        CheckConstraint(at_most("text", NOTES_MAX), name="text_length"),
        CheckConstraint(at_most("evidence", EVIDENCE_MAX), name="evidence_length"),
        Index("ix_commitment_district_status_due", "district_id", "status", "due_on"),
    )


class TextTemplate(Base):
    """An admin-editable text template, e.g. the press-release draft of a district."""

    __tablename__ = "text_template"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("district_id", "key", name="uq_text_template_key"),
        CheckConstraint(at_most("body", TEXT_MAX), name="body_length"),
    )
