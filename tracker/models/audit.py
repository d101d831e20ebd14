"""The audit log: who did what to which record, with the before and after values."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base, tehran_now


class AuditEntry(Base):
    """One recorded change or sensitive read (such as an export of personal data)."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=tehran_now, server_default=func.now())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_audit_entity", "entity", "entity_id"),
        # The trail page reads newest first (by id) within a district or for one user, by date range.
        Index("ix_audit_district_trail", "district_id", "id"),
        Index("ix_audit_user_trail", "user_id", "id"),
        Index("ix_audit_at", "at"),
    )
