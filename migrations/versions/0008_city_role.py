"""city role: city-wide staff who read every district and write nothing

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05

The user_account.role CHECK gains 'city'. SQLite can only change a CHECK by rebuilding the table,
and dropping a table that other rows point to breaks their foreign keys: the rebuild runs with
foreign keys off, is checked, and turns them on again. A downgrade refuses while city users exist,
rather than silently changing what they may see.
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

OLD = "role IN ('admin', 'pr_staff', 'manager', 'viewer')"
NEW = "role IN ('admin', 'pr_staff', 'manager', 'viewer', 'city')"


def _with_foreign_keys_off(change):
    """Run change() with SQLite's foreign keys off (its table rebuilds drop referenced tables), then check them."""
    conn = op.get_bind()
    if conn.dialect.name != 'sqlite':
        change()
        return
    conn.exec_driver_sql('PRAGMA foreign_keys=OFF')
    if conn.exec_driver_sql('PRAGMA foreign_keys').scalar():
        raise RuntimeError('SQLite foreign keys could not be turned off (a transaction is open); nothing was changed.')
    try:
        change()
        broken = conn.exec_driver_sql('PRAGMA foreign_key_check').all()
        if broken:
            raise RuntimeError(f'rows whose foreign keys no longer match: {broken[:5]}')
    finally:
        conn.exec_driver_sql('PRAGMA foreign_keys=ON')


def _role_check(condition):
    def change():
        with op.batch_alter_table('user_account') as batch:
            batch.drop_constraint(op.f('ck_user_account_role'), type_='check')
            batch.create_check_constraint(op.f('ck_user_account_role'), condition)
    return change


def upgrade():
    _with_foreign_keys_off(_role_check(NEW))


def downgrade():
    city_users = op.get_bind().execute(sa.text("SELECT count(*) FROM user_account WHERE role = 'city'")).scalar()
    if city_users:
        raise RuntimeError(f'{city_users} city-wide user(s) exist; change their role before downgrading.')
    _with_foreign_keys_off(_role_check(OLD))
