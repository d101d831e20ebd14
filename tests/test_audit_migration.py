"""Migration 0008 masks the personal fields that older household entries kept in clear, and nothing else."""
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import AuditEntry
from tracker.models.people import MASK


def test_upgrade_masks_old_household_entries_and_keeps_other_entries(app, district):
    from flask_migrate import downgrade

    from tracker.database import upgrade_to_head

    district_id = district.id
    # The district read above holds a lock until its transaction ends; dropping a table that points
    # to it (data_stamp) would wait for it forever on PostgreSQL.
    db.session.remove()
    downgrade(directory=app.extensions["migrate"].directory, revision="0007")
    with db.engine.begin() as conn:
        conn.execute(AuditEntry.__table__.insert(), [
            {"district_id": district_id, "action": "update", "entity": "household", "entity_id": 7,
             "before": {"address": "تهرانسر، کوچهٔ سوم", "phone": "*******4567", "name": "خانواده امینی"},
             "after": {"address": "تهرانسر، کوچهٔ هشتم", "phone": "*******9876", "name": "خانواده امینی"}},
            {"district_id": district_id, "action": "sign_in", "entity": "user_account", "entity_id": 1,
             "before": None, "after": {"address": "192.0.2.7"}},
        ])
    upgrade_to_head()
    household, sign_in = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()[-2:]
    assert household.before == {"address": MASK, "phone": MASK, "name": "خانواده امینی"}
    assert household.after == {"address": MASK, "phone": MASK, "name": "خانواده امینی"}
    assert sign_in.after == {"address": "192.0.2.7"}
