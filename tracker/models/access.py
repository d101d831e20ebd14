"""Sign-in state kept on the server: the sessions a cookie points at, and recent sign-in attempts."""
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, Timestamped, tehran_now
from tracker.models.choices import check_in
from tracker.models.people import User

# Why a session ended, with the Persian words the account pages show.
SESSION_END_REASONS = {
    "signed_out": "خروج",
    "everywhere": "خروج از همهٔ دستگاه‌ها",
    "ended_by_user": "پایان‌دادن از صفحهٔ حساب",
    "ended_by_admin": "پایان‌دادن به دست مدیر سامانه",
    "password_changed": "تغییر گذرواژه",
    "password_reset": "گذرواژهٔ تازه از سوی مدیر سامانه",
    "deactivated": "غیرفعال شدن حساب",
    "idle": "بی‌کاری طولانی",
    "expired": "پایان زمان نشست",
}


class UserSession(Timestamped, Base):
    """A signed-in browser; the cookie holds a random key whose SHA-256 is key_hash."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # Only the hash is stored, so a copy of the database (a backup) opens no live session.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=tehran_now)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(45))
    browser: Mapped[str | None] = mapped_column(String(80))

    user: Mapped[User] = relationship()

    __table_args__ = (
        CheckConstraint("end_reason IS NULL OR " + check_in("end_reason", SESSION_END_REASONS), name="end_reason"),
    )


class LoginAttempt(Base):
    """One sign-in attempt, kept only as long as the throttle needs it."""

    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=tehran_now)
    # SHA-256 of the typed username, case-folded: known and unknown names are counted alike,
    # and a password typed into the username box is never stored.
    account_key: Mapped[str] = mapped_column(String(64))
    # The client address, or its /64 network for IPv6.
    address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_login_attempt_account", "account_key", "at"),
        Index("ix_login_attempt_address", "address", "at"),
        Index("ix_login_attempt_at", "at"),
    )
