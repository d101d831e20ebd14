"""Keyset pagination: each page continues after the last row seen, so no OFFSET scan grows with depth."""
import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, or_, select, func
from sqlalchemy.sql import ColumnElement

from tracker.extensions import db
from tracker.models.limits import ID_MAX
from tracker.persian.text import TextRefused, clean_text


# A list's total is counted up to this many rows; beyond it the page says "more than" it.
# Counting every matching row of a city-sized table on every page would cost more than the page.
COUNT_CAP = 1000


@dataclass
class Page:
    """One page of rows, the cursor for the next page (or None) and the matching count (up to COUNT_CAP).

    capped is true when more rows match than were counted: total is then COUNT_CAP, a lower bound.
    """

    items: list
    next: str | None
    total: int | None
    capped: bool = False


def capped_count(stmt, cap: int | None = None) -> tuple[int, bool]:
    """Return how many rows stmt gives, counting no further than cap (COUNT_CAP), and whether there are more."""
    cap = cap or COUNT_CAP
    counted = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).limit(cap + 1).subquery()))
    return min(counted, cap), counted > cap


BAD_CURSOR = "نشانگر صفحه (after) معتبر نیست."


class BadCursor(ValueError):
    """A page cursor that is not one of ours; a strict list refuses it (the API answers 400)."""


def _encode(values) -> str:
    def plain(v):
        if isinstance(v, (date, datetime, time)):
            return {"$t": type(v).__name__, "v": v.isoformat()}
        return v

    raw = json.dumps([plain(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _python_type(column):
    """Return the Python type a sort column holds, or None when its SQL type does not say."""
    try:
        return getattr(column, "type", None).python_type
    except (AttributeError, NotImplementedError):
        return None


def _plain(text: str) -> bool:
    """Tell whether text may reach SQL (PostgreSQL refuses NUL, so no control character gets that far)."""
    try:
        clean_text(text)
    except TextRefused:
        return False
    return True


def _fits(value, kind) -> bool:
    """Tell whether a cursor value may be compared with a column holding kind (None: any plain value)."""
    if value is None:
        return True
    if isinstance(value, bool):
        return kind is bool
    if isinstance(value, int):
        return kind in (None, int, float) and abs(value) <= ID_MAX
    if isinstance(value, str):
        return kind in (None, str) and _plain(value)
    if isinstance(value, datetime | date | time):
        return kind is None or type(value) is kind
    return isinstance(value, float) and kind in (None, float)


def decode_cursor(cursor: str, columns) -> list | None:
    """Return the values of a page cursor, or None when it is not one value of its column's type per column."""
    values = _decode(cursor)
    if values is None or len(values) != len(columns):
        return None
    if not all(_fits(value, _python_type(column)) for value, column in zip(values, columns)):
        return None
    return values


def _decode(cursor: str) -> list | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, RecursionError):  # not base64 or JSON, or JSON nested thousands deep
        return None
    if not isinstance(values, list):
        return None
    kinds = {"date": date.fromisoformat, "datetime": datetime.fromisoformat, "time": time.fromisoformat}
    out = []
    for v in values:
        if isinstance(v, dict):
            try:
                v = kinds[v["$t"]](v["v"])
            except (KeyError, ValueError, TypeError):
                return None
        out.append(v)
    return out


def _nullable(col) -> bool:
    """Tell whether a sort column may hold NULL (expressions without a column are assumed to)."""
    return getattr(getattr(col, "expression", col), "nullable", True)


def _after(columns, descending: bool, values) -> ColumnElement:
    """Build the row-value comparison (a, b) < (x, y) portably, with NULLs sorted last."""
    clauses = []
    for i, col in enumerate(columns):
        equal = [c == v if v is not None else c.is_(None) for c, v in zip(columns[:i], values[:i])]
        v = values[i]
        if v is None:
            continue  # nothing sorts after NULL when NULLs are last
        beyond = (col < v) if descending else (col > v)
        if i < len(columns) - 1 and _nullable(col):
            beyond = or_(beyond, col.is_(None))
        clauses.append(and_(*equal, beyond))
    after = or_(*clauses) if clauses else and_(False)
    first, v = columns[0], values[0]
    if v is not None and not _nullable(first):
        # A redundant bound on the leading column lets the database range-scan its index.
        after = and_(first <= v if descending else first >= v, after)
    return after


def keyset_page(stmt, columns, *, after: str | None, limit: int, descending=True, count=True,
                strict=False) -> Page:
    """Run stmt ordered by columns (the last must be unique, e.g. the id) and return one page after the cursor.

    A cursor that is not one of ours starts at the first page, or raises BadCursor when strict.
    """
    total, capped = None, False
    if count:
        total, capped = capped_count(stmt)
    if after:
        values = decode_cursor(after, columns)
        if values is None and strict:
            raise BadCursor(BAD_CURSOR)
        if values is not None:
            stmt = stmt.where(_after(columns, descending, values))
    order = [c.desc() if descending else c.asc() for c in columns]
    # NULLS LAST only where NULLs can occur: the clause keeps SQLite from walking the index.
    order = [o.nulls_last() if _nullable(c) else o for o, c in zip(order, columns)]
    rows = list(db.session.execute(stmt.order_by(*order).limit(limit + 1)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    items = [r[0] if len(r) == 1 else r for r in rows]
    next_cursor = None
    if more and rows:
        last = rows[-1][0]
        next_cursor = _encode([getattr(last, c.key) for c in columns])
    return Page(items=items, next=next_cursor, total=total, capped=capped)
