"""People: departments, officials, households and the app's users."""
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, SoftDelete, Timestamped, searchable
from tracker.models.choices import HOUSEHOLD_CATEGORIES, ROLES, check_in
from tracker.models.places import District, Neighborhood
from tracker.models.limits import ADDRESS_MAX, NAME_MAX, NOTES_MAX, USERNAME_MAX, at_most


@searchable(name_key="name")
class Department(SoftDelete, Base):
    """A deputy office or department (معاونت) that feedback is referred to."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(NAME_MAX))


@searchable(name_key="name")
class Official(SoftDelete, Base):
    """A senior official (مدیر ارشد) who takes part in visits."""

    __tablename__ = "official"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(NAME_MAX))
    title: Mapped[str] = mapped_column(String(NAME_MAX))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))

    department: Mapped[Department | None] = relationship()


@searchable(sort={"name_sort": "name"}, name_key="name", martyr_name_key="martyr_name", address_key="address")
class Household(SoftDelete, Timestamped, Base):
    """A household or person contacted in outreach; its contact fields are sensitive."""

    __tablename__ = "household"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(NAME_MAX))
    # Persian dictionary order as collation-proof text (tracker.persian.text.sort_column).
    name_sort: Mapped[str | None] = mapped_column(String(4 * NAME_MAX))
    martyr_name: Mapped[str | None] = mapped_column(String(NAME_MAX))
    martyr_name_key: Mapped[str | None] = mapped_column(String(NAME_MAX))
    address: Mapped[str | None] = mapped_column(Text)
    address_key: Mapped[str | None] = mapped_column(Text)
    # Stored normalized: 09xxxxxxxxx and ten ASCII digits (text, for leading zeros).
    phone: Mapped[str | None] = mapped_column(String(11))
    national_id: Mapped[str | None] = mapped_column(String(10))
    publicity_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    neighborhood: Mapped[Neighborhood] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(check_in("category", HOUSEHOLD_CATEGORIES), name="category"),
        CheckConstraint("phone IS NULL OR length(phone) = 11", name="phone_length"),
        CheckConstraint("national_id IS NULL OR length(national_id) = 10", name="national_id_length"),
        CheckConstraint(at_most("address", ADDRESS_MAX), name="address_length"),
        CheckConstraint(at_most("notes", NOTES_MAX), name="notes_length"),
        Index("ix_household_district_name", "district_id", "name_key"),
        Index("ix_household_district_sort", "district_id", "name_sort", "id"),
        Index("ix_household_phone", "district_id", "phone"),
        Index("ix_household_national_id", "district_id", "national_id"),
        Index("ix_household_district_neighborhood", "district_id", "neighborhood_id"),
    )


# The household fields that are personal data: a role that may not see personal data never reads
# them, nor finds a household by them. Every door (API, pages, exports, PDFs, search) asks here.
PERSONAL_FIELDS = frozenset({"phone", "national_id", "address", "notes"})
# What stands in for a personal field that may not be shown or kept: on pages, PDFs and the audit log.
MASK = "•••"


def hidden_household_fields(user) -> frozenset[str]:
    """Return the household fields user may not read: the personal ones, unless the role sees personal data."""
    return frozenset() if user.sees_personal_data else PERSONAL_FIELDS


# The one sign for hidden personal data: on the page, in the PDFs and in the spreadsheets.
MASK = "•••"


def shown(value, field: str, hidden: frozenset[str], mask=None):
    """Return value, or mask in its place when field is hidden (empty or not: emptiness is a fact about it too)."""
    return mask if field in hidden else value


class User(Timestamped, Base):
    """Someone who signs in; the role decides what they may see and do."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    # The official this account belongs to, if any (one account per official): it shows the
    # official's commitments and the outcome of their visits' feedback.
    official_id: Mapped[int | None] = mapped_column(ForeignKey("official.id"), index=True, unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    district: Mapped[District] = relationship()
    department: Mapped[Department | None] = relationship()
    official: Mapped[Official | None] = relationship()

    __table_args__ = (CheckConstraint(check_in("role", ROLES), name="role"),)

    @property
    def display_name(self) -> str:
        """Return the name every page, report and PDF shows for the user: the full name, else the username."""
        return self.full_name or self.username

    # Flask-Login protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        # What Flask-Login keeps in the cookie: the key of a server-side session (set by
        # tracker.auth.sessions), never the user's id, so ending that session ends the cookie.
        return getattr(self, "session_key", None)

    @property
    def sees_personal_data(self) -> bool:
        """Viewers and city-wide staff never see personal data (PERSONAL_FIELDS): they compare, they do not call."""
        return self.role not in ("viewer", "city")


class ApiToken(Timestamped, Base):
    """A bearer token for the JSON API; only its SHA-256 hash is stored."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
