"""Soft deletion shared by every area: records are hidden, never destroyed."""
from tracker.models.base import tehran_now

from tracker.audit import record


def soft_delete(obj, actor=None) -> None:
    """Hide the record from every list and page, and note who did it."""
    obj.deleted_at = tehran_now()
    record("delete", obj, actor=actor)
