"""district_day_off: each district's own days off beside the national holiday table

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

The holiday table stays as it is and is national from now on; a district's local days off
go to this table, so one district's administrator can no longer move another's deadlines.
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'district_day_off',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['district_id'], ['district.id'],
                                name=op.f('fk_district_day_off_district_id_district')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_district_day_off')),
        sa.UniqueConstraint('district_id', 'day', name='uq_district_day_off_day'),
    )


def downgrade():
    op.drop_table('district_day_off')
