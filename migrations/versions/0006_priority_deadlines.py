"""topic high_days and urgent_days: high and urgent items get shorter answer times

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Both columns are nullable: an empty one keeps the default share of the topic's answer time,
so existing topics shorten urgent items from the day of the upgrade without any backfill.
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

COLUMNS = {
    'high_days': 'ck_topic_high_range',
    'urgent_days': 'ck_topic_urgent_range',
}


def upgrade():
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for column, check in COLUMNS.items():
        condition = f'{column} IS NULL OR {column} BETWEEN 1 AND 365'
        if sqlite:
            # SQLite cannot add a constraint to an existing table without rebuilding it, which the
            # foreign keys pointing at topic forbid; a column may carry its own CHECK, though.
            op.execute(f'ALTER TABLE topic ADD COLUMN {column} INTEGER CONSTRAINT {check} CHECK ({condition})')
        else:
            op.add_column('topic', sa.Column(column, sa.Integer(), nullable=True))
            op.create_check_constraint(check, 'topic', condition)


def downgrade():
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for column, check in reversed(COLUMNS.items()):
        if not sqlite:
            op.drop_constraint(check, 'topic', type_='check')
        op.drop_column('topic', column)
