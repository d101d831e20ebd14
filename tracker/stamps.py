"""Each district's data stamp, what the pages key what they keep by, so that a write shows everywhere at once.

A commit that adds, changes or deletes a record of a district gives the district a new random stamp
in the same transaction. Every server process reads the stamp (one primary-key lookup) before it
uses anything it kept for the district, so a change made through one gunicorn worker is never
hidden by what another worker kept. The stamp is random rather than counted, so a database rebuilt
from scratch never meets an old stamp again. Writes that bypass the ORM session (bulk seeding, raw
SQL) do not change it: whatever keeps by stamp also keeps for a bounded lifetime.
"""
import uuid

from flask import has_request_context, request
from sqlalchemy import bindparam, event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker.extensions import db
from tracker.models import AuditEntry, DataStamp, District, Event, FeedbackItem, Holiday, LoginAttempt, UserSession

EVERY = "every"
MEMO = "peyvand.data_stamps"  # the stamps this request has read
# Records that change no page's data: the audit trail (written on every read of personal data) and sign-ins.
NOT_DATA = (AuditEntry, UserSession, LoginAttempt, DataStamp)


def new_stamp() -> str:
    """Return a fresh random stamp."""
    return uuid.uuid4().hex


def written_district(session, record) -> int | str | None:
    """Return the district whose data the record belongs to, EVERY for a national holiday, or None."""
    if isinstance(record, NOT_DATA):
        return None
    if isinstance(record, Holiday):  # national: it moves every district's deadlines
        return EVERY
    if isinstance(record, District):
        return record.id
    district_id = getattr(record, "district_id", None)
    if district_id is None:  # timeline lines carry no district; their item or event does, found by its key
        for key, model in (("item_id", FeedbackItem), ("event_id", Event)):
            parent_id = getattr(record, key, None)
            if parent_id is not None:
                with session.no_autoflush:
                    district_id = session.scalar(select(model.district_id).where(model.id == parent_id))
                break
    return district_id


def _note_written(session, _flush_context) -> None:
    written = session.info.setdefault("written_districts", set())
    for record in (*session.new, *session.dirty, *session.deleted):
        district = written_district(session, record)
        if district is not None:
            written.add(district)


def _restamp(session, _previous=None) -> None:
    """Before the commit, flush, then give every district this transaction wrote a new stamp."""
    session.flush()
    written = session.info.pop("written_districts", None)
    if not written:
        return
    connection = session.connection()
    if EVERY in written:
        connection.execute(update(DataStamp).values(stamp=new_stamp()))
        written = set(written) - {EVERY}
        written.update(connection.scalars(select(District.id)))
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    # One statement, districts in order: two transactions never wait on each other's stamps crosswise.
    rows = [{"district_id": d, "stamp": new_stamp()} for d in sorted(written)]
    stmt = dialect.insert(DataStamp).values(rows)
    connection.execute(stmt.on_conflict_do_update(index_elements=["district_id"],
                                                  set_={"stamp": stmt.excluded.stamp}))
    if has_request_context():  # what this request read is old now
        request.environ.pop(MEMO, None)


def _forget_written(session, _previous_transaction=None) -> None:
    session.info.pop("written_districts", None)


# Built once: every page that keeps a part runs it.
_STAMP = select(DataStamp.stamp).where(DataStamp.district_id == bindparam("district_id"))


def stamp(district_id: int) -> str | None:
    """Return the district's current stamp (read once a request), or None when it has none yet."""
    known = request.environ.setdefault(MEMO, {}) if has_request_context() else {}
    if district_id not in known:
        known[district_id] = db.session.scalar(_STAMP, {"district_id": district_id})
    return known[district_id]


def remember(district_id: int, data_stamp: str | None) -> None:
    """Note a district's stamp read along with something else, so this request does not read it again."""
    if has_request_context() and data_stamp is not None:
        request.environ.setdefault(MEMO, {})[district_id] = data_stamp


def every_stamp() -> str | None:
    """Return one stamp standing for every district's data, or None when a district has none yet."""
    rows = db.session.execute(select(District.id, DataStamp.stamp).outerjoin(
        DataStamp, DataStamp.district_id == District.id).order_by(District.id)).all()
    if not rows or any(s is None for _d, s in rows):
        return None
    return uuid.uuid5(uuid.NAMESPACE_OID, ",".join(s for _d, s in rows)).hex


def register() -> None:
    """Restamp the districts every commit writes to (once per process: the listeners are global)."""
    if not event.contains(Session, "after_flush", _note_written):
        event.listen(Session, "after_flush", _note_written)
        event.listen(Session, "before_commit", _restamp)
        event.listen(Session, "after_soft_rollback", _forget_written)
