"""Write audit entries: who did what to which record, before and after, and who read personal data."""
import re
from datetime import date, datetime, time

from flask import g, has_app_context, has_request_context, request
from flask_login import current_user

from tracker.extensions import db
from tracker.models import AuditEntry
from tracker.models.people import MASK, PERSONAL_FIELDS

# A search text with this many digits may be a phone number or a national ID: the log keeps the mask.
_DIGITS = re.compile(r"\d")
_PERSONAL_DIGITS = 5
# Query arguments that only page through a list: not part of what was asked for.
_PAGING_ARGS = frozenset({"after", "limit", "page", "cursor"})


def _plain(value):
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return value


def _masked(key: str, value):
    """Return value as the log may keep it: personal fields and number-like search texts become the mask."""
    if isinstance(value, dict):
        return {k: _masked(k, v) for k, v in value.items()}
    if value in (None, ""):
        return value  # that a field is empty, or was emptied, is no personal data
    if key in PERSONAL_FIELDS:
        return MASK
    if key == "q" and isinstance(value, str) and len(_DIGITS.findall(value)) >= _PERSONAL_DIGITS:
        return MASK
    return value


def kept(values: dict | None) -> dict | None:
    """Return values as the audit log keeps them: JSON-ready, with every personal field masked."""
    if values is None:
        return None
    return {key: _masked(key, _plain(value)) for key, value in values.items()}


def snapshot(obj, fields) -> dict:
    """Return the given attributes of a record, for an audit entry's before/after."""
    return {name: getattr(obj, name) for name in fields}


def _signed_in():
    try:
        return current_user if current_user and current_user.is_authenticated else None
    except RuntimeError:  # outside a request (CLI)
        return None


def record(action: str, obj=None, *, actor=None, entity=None, before=None, after=None, district_id=None):
    """Add an audit entry to the current transaction; an edit keeps only the fields it changed, and none adds none."""
    if action == "update" and before is not None and after is not None:
        # Compared before masking: a phone changed from one number to another masks the same on both sides.
        old, new = _plain(before), _plain(after)
        changed = [name for name in dict.fromkeys([*old, *new]) if old.get(name) != new.get(name)]
        if not changed:
            return
        before = {name: before[name] for name in changed if name in before}
        after = {name: after[name] for name in changed if name in after}
    if actor is None:
        actor = _signed_in()
    db.session.add(
        AuditEntry(
            user_id=getattr(actor, "id", None),
            district_id=district_id if district_id is not None else getattr(obj, "district_id", None),
            action=action,
            entity=entity or (obj.__tablename__ if obj is not None else "none"),
            entity_id=getattr(obj, "id", None),
            before=kept(before),
            after=kept(after),
        )
    )


def asked() -> dict:
    """Return the current request's query arguments, without the paging ones (the filter read)."""
    if not has_request_context():
        return {}
    return {key: value for key, value in request.args.items() if key not in _PAGING_ARGS and value != ""}


def read(entity: str, obj=None, *, count: int | None = None, filters: dict | None = None, actor=None) -> None:
    """Record one read of personal data (a page, a report, a PDF, an export, an API list) and commit it.

    One entry per request, not per row: what was read (the route, the filter, how many rows) and
    whether the reader saw personal fields or only the mask. A read writes nothing else, so the
    entry is committed here, and it outlives an answer that fails afterwards.
    """
    actor = actor or _signed_in()
    what = {
        "route": request.endpoint if has_request_context() else None,
        "filters": asked() if filters is None else filters,
        "count": count,
        "masked": not getattr(actor, "sees_personal_data", False),
    }
    # The district read: the one a city-wide reader picked (web or API), else the reader's own.
    read_in = (g.get("api_district_id") or g.get("district_id")) if has_app_context() else None
    record("read", obj, actor=actor, entity=entity, after=what,
           district_id=(read_in or getattr(actor, "district_id", None)) if obj is None else None)
    # Commit without expiring what the request has loaded: the page goes on to draw the rows it
    # read, and reloading each of them would cost a statement per row.
    session = db.session()
    session.expire_on_commit, keep = False, session.expire_on_commit
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep

