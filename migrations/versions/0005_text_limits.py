"""text limits: every long text column gets a length limit, phase numbers and targets a range

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

The forms and the API now refuse texts past these lengths; the database keeps the same limits,
so a writer that skips them cannot store a three-megabyte address either. The numbers are copied
here, not imported, so that this migration stays what it was whatever the application's limits become.

SQLite can only add a CHECK by rebuilding the table, and dropping a table that other rows point to
breaks their foreign keys: the rebuild runs with foreign keys off, is checked, and turns them on again.
"""
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# table -> {constraint name: condition}
LENGTHS = {
    'household': {'address_length': ('address', 2000), 'notes_length': ('notes', 5000)},
    'campaign': {'goals_length': ('goals', 5000)},
    'event': {'minutes_length': ('minutes', 20000)},
    'topic': {'response_template_length': ('response_template', 5000)},
    'feedback_item': {'text_length': ('text', 20000), 'response_length': ('response', 20000)},
    'feedback_update': {'comment_length': ('comment', 2000)},
    'commitment': {'text_length': ('text', 5000), 'evidence_length': ('evidence', 3000)},
    'text_template': {'body_length': ('body', 20000)},
}
# table -> (old name, old condition, new name, new condition)
RANGES = {
    'phase': ('number_positive', 'number >= 1', 'number_range', 'number BETWEEN 1 AND 99'),
    'campaign_target': ('count_non_negative', 'count >= 0', 'count_range', 'count BETWEEN 0 AND 100000'),
}


def _length(column, limit):
    return f'{column} IS NULL OR length({column}) <= {limit}'


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


def _upgrade():
    for table, checks in LENGTHS.items():
        with op.batch_alter_table(table) as batch:
            for name, (column, limit) in checks.items():
                batch.create_check_constraint(op.f(f'ck_{table}_{name}'), _length(column, limit))
    for table, (old, _old_condition, new, condition) in RANGES.items():
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f'ck_{table}_{old}'), type_='check')
            batch.create_check_constraint(op.f(f'ck_{table}_{new}'), condition)


def _downgrade():
    for table, (old, old_condition, new, _condition) in RANGES.items():
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f'ck_{table}_{new}'), type_='check')
            batch.create_check_constraint(op.f(f'ck_{table}_{old}'), old_condition)
    for table, checks in LENGTHS.items():
        with op.batch_alter_table(table) as batch:
            for name in checks:
                batch.drop_constraint(op.f(f'ck_{table}_{name}'), type_='check')


def upgrade():
    _with_foreign_keys_off(_upgrade)


def downgrade():
    _with_foreign_keys_off(_downgrade)
