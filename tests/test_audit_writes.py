"""Every write route of the registry (tests/pages.py ACTIONS) leaves an audit entry naming its record."""
import pytest
from sqlalchemy import func, select

from tests.page_rows import ANONYMOUS
from tests.pages import ACTIONS, actions_by_name
from tests import test_pages_writes as writes
from tests.test_pages_writes import _said, _send

# The registry's fixtures: the demo site, put back to the sample after each test.
site, fresh = writes.site, writes.fresh

WRITE_CASES = [pytest.param(action.name, id=action.name) for action in ACTIONS if action.roles and action.writes]


def _entries_after(last_id: int) -> list:
    from tracker.extensions import db
    from tracker.models import AuditEntry

    found = list(db.session.scalars(select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id)))
    db.session.rollback()
    return found


def _names(entry, ids: set) -> bool:
    """Tell whether the entry is about one of ids: as its record, or as a record its values name."""
    if entry.entity_id in ids:
        return True
    values = [*(entry.before or {}).values(), *(entry.after or {}).values()]
    flat = [v for value in values for v in (value if isinstance(value, list) else [value])]
    return any(v in ids for v in flat if isinstance(v, int | str))  # an id, or an upload's token


def _belongs(entry, action, records) -> bool:
    """Tell whether the entry's record belongs to a record the URL names (an event's new commitment)."""
    from tracker.extensions import db
    from tracker.models import Base

    model = next((m.class_ for m in Base.registry.mappers if m.local_table.name == entry.entity), None)
    row = db.session.get(model, entry.entity_id) if model is not None and entry.entity_id else None
    return row is not None and any(
        getattr(row, arg, None) == getattr(records, action.ids.get(arg, arg)) for arg in action.record_args())


@pytest.mark.parametrize("name", WRITE_CASES)
def test_every_successful_write_adds_an_audit_entry_naming_its_record(request, name):
    fresh = request.getfixturevalue("fresh")
    from tracker.extensions import db
    from tracker.models import AuditEntry

    action = actions_by_name()[name]
    role = next(r for r in action.roles if r != ANONYMOUS) if action.roles != (ANONYMOUS,) else ANONYMOUS
    with fresh.app.app_context():
        last_id = db.session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0)))
        db.session.rollback()
    outcome, response, written = _send(fresh, action, role, fresh.sample.own)
    assert outcome == action.done, f"{role}: {name} -> {_said(response)}"
    with fresh.app.app_context():
        entries = _entries_after(last_id)
        named = [(e.action, e.entity, e.entity_id) for e in entries]
        url_ids = {getattr(fresh.sample.own, action.ids.get(arg, arg)) for arg in action.record_args()}
        named_by_url = any(_names(e, url_ids) or _belongs(e, action, fresh.sample.own) for e in entries)
    assert entries, f"{name} wrote {written} but left no audit entry"
    assert any(e.entity_id is not None and e.entity != "none" for e in entries), f"{name}: {named} name no record"
    if url_ids:
        assert named_by_url, f"{name}: {named} do not name {url_ids}"
    assert all(e.user_id is not None and e.at is not None for e in entries), f"{name}: {named} name no user"


def test_an_edit_that_changes_nothing_leaves_no_entry(app, district, users):
    from tracker.admin.services import update_area
    from tracker.extensions import db
    from tracker.models import Area, AuditEntry

    area = db.session.scalars(select(Area).where(Area.district_id == district.id).order_by(Area.id)).first()

    def edits():
        return db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "update", AuditEntry.entity == "area", AuditEntry.entity_id == area.id))

    update_area(area, area.name)  # saved as it was
    db.session.commit()
    assert edits() == 0
    update_area(area, "ناحیهٔ تازه‌نام")
    db.session.commit()
    assert edits() == 1


def test_a_changed_phone_is_audited_though_both_sides_are_masked(app, district, users):
    from tests.factories import first_neighborhood
    from tracker.extensions import db
    from tracker.households.services import create_household, update_household
    from tracker.models import AuditEntry

    values = {"name": "خانوادهٔ رضایی", "category": "trustee", "neighborhood_id": first_neighborhood(district).id,
              "martyr_name": None, "address": None, "phone": "09121234567", "national_id": None,
              "publicity_consent": False, "notes": None}
    household = create_household(values, users["pr_staff"], force=True)
    db.session.commit()
    update_household(household, {"phone": "09351234567"}, users["pr_staff"])
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "update", AuditEntry.entity == "household", AuditEntry.entity_id == household.id)).all()
    assert len(entries) == 1
    assert "09351234567" not in str(entries[0].after)  # the log keeps the mask, not the number
