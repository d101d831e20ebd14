"""Write audit entries: who did what to which record, before and after."""
from datetime import date, datetime, time

from flask_login import current_user

from tracker.extensions import db
from tracker.models import AuditEntry


def _jsonable(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {k: v.isoformat() if isinstance(v, (date, datetime, time)) else v for k, v in values.items()}


def snapshot(obj, fields) -> dict:
    """Return the given attributes of a record, for an audit entry's before/after."""
    return {name: getattr(obj, name) for name in fields}


def record(action: str, obj=None, *, actor=None, entity=None, before=None, after=None, district_id=None):
    """Add an audit entry to the current transaction."""
    if actor is None:
        try:
            actor = current_user if current_user and current_user.is_authenticated else None
        except RuntimeError:  # outside a request (CLI)
            actor = None
    db.session.add(
        AuditEntry(
            user_id=getattr(actor, "id", None),
            district_id=district_id if district_id is not None else getattr(obj, "district_id", None),
            action=action,
            entity=entity or (obj.__tablename__ if obj is not None else "none"),
            entity_id=getattr(obj, "id", None),
            before=_jsonable(before),
            after=_jsonable(after),
        )
    )
