"""audit trail: indexes for the admin page's keyset, and personal fields masked in old entries

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

The trail is read newest first (by id) within a district, or for one user. Household entries
written before the log masked personal fields kept addresses (and the end of phone numbers and
national IDs) in clear: they are replaced by the mask now. That replacement cannot be undone;
the downgrade only drops the indexes.
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# Kept here, not imported: a migration must not depend on the application's code as it changes.
PERSONAL_FIELDS = ('phone', 'national_id', 'address', 'notes')
MASK = '•••'
BATCH = 500


def _masked(values):
    if not isinstance(values, dict):
        return values
    return {k: (MASK if k in PERSONAL_FIELDS and v not in (None, '') else v) for k, v in values.items()}


def _scrub_household_entries():
    entry = sa.table('audit_entry', sa.column('id', sa.Integer), sa.column('entity', sa.String),
                     sa.column('before', sa.JSON), sa.column('after', sa.JSON))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(entry.c.id, entry.c.before, entry.c.after)
                            .where(entry.c.entity == 'household', entry.c.id > last)
                            .order_by(entry.c.id).limit(BATCH)).all()
        if not rows:
            return
        for row in rows:
            before, after = _masked(row.before), _masked(row.after)
            if before != row.before or after != row.after:
                bind.execute(entry.update().where(entry.c.id == row.id).values(before=before, after=after))
        last = rows[-1].id


def upgrade():
    op.create_index('ix_audit_district_trail', 'audit_entry', ['district_id', 'id'])
    op.create_index('ix_audit_user_trail', 'audit_entry', ['user_id', 'id'])
    op.create_index('ix_audit_at', 'audit_entry', ['at'])
    _scrub_household_entries()


def downgrade():
    op.drop_index('ix_audit_at', table_name='audit_entry')
    op.drop_index('ix_audit_user_trail', table_name='audit_entry')
    op.drop_index('ix_audit_district_trail', table_name='audit_entry')
