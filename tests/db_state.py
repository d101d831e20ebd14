"""Tell whether a request wrote anything to the database, and put the database back as it was.

A fingerprint is one digest per table of all its rows, read in one query (PostgreSQL hashes the
rows itself; SQLite's are joined into one text per table and hashed here). The demo sample holds
about a thousand rows, so it takes milliseconds: exact, and far cheaper than re-seeding.
Run inside an app context.
"""
import hashlib
from functools import cache

from sqlalchemy import select, text

from tracker.extensions import db
from tracker.models import Base

Rows = dict[str, list[dict]]  # table -> its rows, in primary-key order
Fingerprint = dict[str, str]  # table -> digest of its rows


def _table_digest_sql(table, dialect: str) -> str:
    """Return a SELECT of (table name, all its rows as one text), the rows in a fixed order."""
    if dialect == "postgresql":
        return (f"SELECT '{table.name}', md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) "
                f'FROM "{table.name}" r')
    row = " || ',' || ".join(f'quote("{column.name}")' for column in table.columns)
    order = ", ".join(f'"{column.name}"' for column in table.primary_key.columns)
    return (f"SELECT '{table.name}', coalesce(group_concat(line, char(10)), '') "
            f'FROM (SELECT {row} AS line FROM "{table.name}" ORDER BY {order})')


@cache
def _fingerprint_sql(dialect: str):
    return text(" UNION ALL ".join(_table_digest_sql(table, dialect) for table in Base.metadata.sorted_tables))


def fingerprint() -> Fingerprint:
    """Return a digest of every table's rows, read in one query."""
    dialect = db.engine.dialect.name
    found = {name: hashlib.sha1(rows.encode()).hexdigest() if dialect != "postgresql" else rows
             for name, rows in db.session.execute(_fingerprint_sql(dialect)).all()}
    db.session.rollback()
    return found


def changed(before: Fingerprint, after: Fingerprint) -> list[str]:
    """Return the tables whose rows differ between two fingerprints."""
    return [name for name in before if before[name] != after[name]]


def rows() -> Rows:
    """Return every row of every table, to restore later."""
    found = {}
    for table in Base.metadata.sorted_tables:
        order = list(table.primary_key.columns)
        found[table.name] = [dict(row) for row in db.session.execute(select(table).order_by(*order)).mappings()]
    db.session.rollback()
    return found


def _with_referrers(names: set[str]) -> list:
    """Return the tables named and every table whose rows point at them, directly or not, parents first."""
    closed = set(names)
    grew = True
    while grew:
        grew = False
        for table in Base.metadata.sorted_tables:
            if table.name not in closed and any(fk.column.table.name in closed for fk in table.foreign_keys):
                closed.add(table.name)
                grew = True
    return [table for table in Base.metadata.sorted_tables if table.name in closed]


def restore(saved: Rows, saved_fingerprint: Fingerprint, current: Fingerprint | None = None) -> list[str]:
    """Put the database back to the rows saved; return the tables that had changed.

    ``current`` is the database's fingerprint now, when the caller has just taken it.

    Only the changed tables are rewritten, with the tables that refer to them: their rows are
    deleted children first and the saved ones inserted parents first, so foreign keys hold
    throughout on both databases.
    """
    found = changed(saved_fingerprint, current or fingerprint())
    if not found:
        return found
    tables = _with_referrers(set(found))
    for table in reversed(tables):
        db.session.execute(table.delete())
    for table in tables:
        if saved[table.name]:
            db.session.execute(table.insert(), saved[table.name])
    db.session.commit()
    return found
