"""data stamps: one random value per district, changed by every commit that writes the district's records

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

The pages keep what they counted and rendered keyed by this stamp, so every server process sees a
write at once without asking for the data again. Existing districts get a first stamp here.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'data_stamp',
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('stamp', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_data_stamp_district_id_district'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('district_id', name=op.f('pk_data_stamp')),
    )
    first = "md5(random()::text)" if op.get_bind().dialect.name == "postgresql" else "lower(hex(randomblob(16)))"
    op.execute(f"INSERT INTO data_stamp (district_id, stamp) SELECT id, {first} FROM district")


def downgrade():
    op.drop_table('data_stamp')
