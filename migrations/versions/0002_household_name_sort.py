"""household name_sort: Persian dictionary order for the households list

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa

from tracker.persian.text import sort_column

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # Added nullable: making it NOT NULL would make SQLite rebuild the table, which its foreign
    # keys forbid; every writer fills it through the model, and the rows below are backfilled.
    op.add_column('household', sa.Column('name_sort', sa.String(length=640), nullable=True))

    # Fill the column for existing rows, in chunks, with the same function the models use.
    household = sa.table('household', sa.column('id', sa.Integer), sa.column('name', sa.String),
                         sa.column('name_sort', sa.String))
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.select(household.c.id, household.c.name).where(household.c.id > last)
                            .order_by(household.c.id).limit(1000)).all()
        if not rows:
            break
        for row in rows:
            conn.execute(household.update().where(household.c.id == row.id)
                         .values(name_sort=sort_column(row.name)))
        last = rows[-1].id

    op.create_index('ix_household_district_sort', 'household', ['district_id', 'name_sort', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_household_district_sort', table_name='household')
    # Plain ALTER (SQLite 3.35+, PostgreSQL): a batch rebuild would trip over the foreign keys.
    op.execute('ALTER TABLE household DROP COLUMN name_sort')
