"""The declarative base, constraint naming, and the mixins every table shares."""
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import DateTime, MetaData, and_, event, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tracker.persian.dates import now_tehran
from tracker.persian.text import normalize, search_key, sort_column

# Named constraints keep Alembic diffs stable on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING)


class SoftDelete:
    """Rows are hidden by setting deleted_at, never destroyed."""

    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    @classmethod
    def live_where(cls, district_id):
        """Return the condition "the district's row, not deleted", for any query's where, join or count."""
        return and_(cls.district_id == district_id, cls.deleted_at.is_(None))

    @classmethod
    def live_in(cls, district_id: int, *columns):
        """Return a select of the district's rows (or these columns of them) that are not deleted."""
        return select(*(columns or (cls,))).where(cls.live_where(district_id))

    def soft_delete(self) -> None:
        """Hide the row from every list and page; its history keeps pointing at it."""
        self.deleted_at = tehran_now()


def check_version(record, sent: int | None, stale: Callable[[], Exception]) -> None:
    """Raise stale(), noting the version now, when sent (the version the user read) is no longer record's version."""
    if sent is not None and int(sent) != record.version:
        error = stale()
        error.current_version = record.version
        raise error


def tehran_now() -> datetime:
    """Return Tehran wall-clock time, naive, as every stored datetime is."""
    return now_tehran().replace(tzinfo=None)


class Timestamped:
    """Creation time in Tehran wall-clock time (the server default only covers raw SQL inserts)."""

    created_at: Mapped[datetime] = mapped_column(DateTime, default=tehran_now, server_default=func.now())


def searchable(sort: dict[str, str] | None = None, **keys: str):
    """Normalize the named text attributes on assignment and keep their key columns in step.

    ``@searchable(name_key="name")`` stores ``normalize(name)`` in ``name`` and
    ``search_key(name)`` in ``name_key`` whenever ``name`` is set, from any writer;
    ``sort={"name_sort": "name"}`` also keeps a Persian dictionary-order column.
    """
    derived: dict[str, list] = {}
    for key_attr, source_attr in keys.items():
        derived.setdefault(source_attr, []).append((key_attr, search_key))
    for key_attr, source_attr in (sort or {}).items():
        derived.setdefault(source_attr, []).append((key_attr, sort_column))

    def decorate(cls):
        for source_attr, targets in derived.items():

            def on_set(target, value, _old, _initiator, targets=targets):
                cleaned = normalize(value) or None if value is not None else None
                for key_attr, make in targets:
                    setattr(target, key_attr, make(cleaned) if cleaned else None)
                return cleaned

            event.listen(getattr(cls, source_attr), "set", on_set, retval=True)
        return cls

    return decorate


def key_contains(column, typed: str):
    """Match a search-key column containing what the user typed, whatever its letters and spacing.

    Spaces are ignored on both sides, since people type «علی اکبر» for a stored «علی‌اکبر»
    (whose key has lost the ZWNJ), and autoescape makes "%" and "_" mean themselves.
    """
    return func.replace(column, " ", "").contains(search_key(typed).replace(" ", ""), autoescape=True)


def key_equals(column, typed: str):
    """Match a search-key column equal to what the user typed, ignoring spacing as key_contains does."""
    return func.replace(column, " ", "") == search_key(typed).replace(" ", "")
