"""Each district's data stamp: what pages key what they keep by, so that a write shows everywhere at once.

A commit that adds, changes or deletes a record of a district gives the district a new random stamp
in the same transaction. Every server process reads the stamp (one primary-key lookup) before it
uses anything it kept for the district, so a change made through one gunicorn worker is never
hidden by what another worker kept. The stamp is random rather than counted, so a database rebuilt
from scratch never meets an old stamp again. Writes that bypass the ORM session (bulk seeding, raw
SQL) do not change it: whatever keeps by stamp also keeps for a bounded lifetime.
"""
import uuid

from flask import has_request_context, request
from sqlalchemy import bindparam, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker.extensions import db
from tracker.models import (
    AuditEntry, Campaign, DataStamp, District, Event, FeedbackItem, Holiday, LoginAttempt, Occasion, UserSession,
)

EVERY = "every"
MEMO = "peyvand.data_stamps"  # the stamps this request has read
# Records that change no page's data: the audit trail (written on every read of personal data) and sign-ins.
NOT_DATA = (AuditEntry, UserSession, LoginAttempt, DataStamp)
# Records that, without a district of their own, are every district's.
NATIONAL = (Holiday, Occasion)


def new_stamp() -> str:
    """Return a fresh random stamp."""
    return uuid.uuid4().hex


# Records with no district of their own belong to their parent's, found by this key.
PARENTS = (("item_id", FeedbackItem), ("event_id", Event), ("campaign_id", Campaign))


def written_district(session, record) -> int | str | None:
    """Return the district whose data the record belongs to, EVERY for a national record, or None."""
    if isinstance(record, NOT_DATA):
        return None
    if isinstance(record, District):
        return record.id
    district_id = getattr(record, "district_id", None)
    if district_id is not None:
        return district_id
    if isinstance(record, NATIONAL):  # a national holiday moves every district's deadlines; an occasion, plans
        return EVERY
    for key, model in PARENTS:  # timeline lines, phases, targets: their item, event or campaign has the district
        parent_id = getattr(record, key, None)
        if parent_id is not None:
            with session.no_autoflush:
                return session.scalar(select(model.district_id).where(model.id == parent_id))
    return None


def note_written(session, district_id: int) -> None:
    """Note that a statement run outside the ORM (an insert into a link table) wrote the district's data."""
    session.info.setdefault("written_districts", set()).add(district_id)


def _note_written(session, _flush_context) -> None:
    for record in (*session.new, *session.dirty, *session.deleted):
        district = written_district(session, record)
        if district is not None:
            note_written(session, district)


def _restamp(session) -> None:
    """Before the commit, flush, then give every district this transaction wrote a new stamp."""
    if session.in_nested_transaction():  # a savepoint released: the outer commit restamps
        return
    session.flush()
    written = session.info.pop("written_districts", None)
    if written:
        _new_stamps(session.connection(), written)


def _new_stamps(connection, written: set) -> None:
    if EVERY in written:
        written = set(connection.scalars(select(District.id)))
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    # One statement, districts in order: two transactions never wait on each other's stamps crosswise.
    rows = [{"district_id": d, "stamp": new_stamp()} for d in sorted(written)]
    if not rows:
        return
    stmt = dialect.insert(DataStamp).values(rows)
    connection.execute(stmt.on_conflict_do_update(index_elements=["district_id"],
                                                  set_={"stamp": stmt.excluded.stamp}))
    if has_request_context():  # what this request read is old now
        request.environ.pop(MEMO, None)


def restamp_every(connection) -> None:
    """Give every district a new stamp (after a restore brought back old data and old stamps)."""
    _new_stamps(connection, {EVERY})


def _forget_written(session, previous_transaction) -> None:
    # A savepoint rolled back: the outer transaction's own writes stand (a district too many is harmless).
    if not previous_transaction.nested:
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
