"""occasions calendar, a campaign's link to its occasion, and a campaign's named target list

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

The campaign's free-text occasion stays: old campaigns keep it, and new ones show it as the
occasion's label. Lunar occasions keep their Hijri month and day; their dates are computed.
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'occasion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('title_key', sa.String(length=200), nullable=False),
        sa.Column('calendar', sa.String(length=10), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('day', sa.Integer(), nullable=False),
        sa.Column('length_days', sa.Integer(), server_default='1', nullable=False),
        sa.Column('to_confirm', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("calendar IN ('solar', 'lunar')", name=op.f('ck_occasion_calendar')),
        sa.CheckConstraint('month >= 1 AND month <= 12', name=op.f('ck_occasion_month_range')),
        sa.CheckConstraint('day >= 1 AND day <= 31', name=op.f('ck_occasion_day_range')),
        sa.CheckConstraint('length_days >= 1 AND length_days <= 31', name=op.f('ck_occasion_length_range')),
        sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_occasion_district_id_district')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_occasion')),
    )
    op.create_index(op.f('ix_occasion_district_id'), 'occasion', ['district_id'], unique=False)

    # A plain ADD COLUMN on both databases: on SQLite a batch rebuild of campaign would run the
    # ON DELETE CASCADE of its phases and targets.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE campaign ADD COLUMN occasion_id INTEGER '
                   'CONSTRAINT fk_campaign_occasion_id_occasion REFERENCES occasion (id)')
    else:
        op.add_column('campaign', sa.Column('occasion_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_campaign_occasion_id_occasion'), 'campaign', 'occasion',
                              ['occasion_id'], ['id'])
    op.create_index(op.f('ix_campaign_occasion_id'), 'campaign', ['occasion_id'], unique=False)

    op.create_table(
        'campaign_household',
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('household_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'],
                                name=op.f('fk_campaign_household_campaign_id_campaign'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['household_id'], ['household.id'],
                                name=op.f('fk_campaign_household_household_id_household')),
        sa.PrimaryKeyConstraint('campaign_id', 'household_id', name=op.f('pk_campaign_household')),
    )
    op.create_index(op.f('ix_campaign_household_household_id'), 'campaign_household', ['household_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_campaign_household_household_id'), table_name='campaign_household')
    op.drop_table('campaign_household')
    op.drop_index(op.f('ix_campaign_occasion_id'), table_name='campaign')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_campaign_occasion_id_occasion'), 'campaign', type_='foreignkey')
    # Plain ALTER (SQLite 3.35+, PostgreSQL): a batch rebuild would trip over the foreign keys.
    op.execute('ALTER TABLE campaign DROP COLUMN occasion_id')
    op.drop_index(op.f('ix_occasion_district_id'), table_name='occasion')
    op.drop_table('occasion')
