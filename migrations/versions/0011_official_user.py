"""one account per official: a user linked to an official sees their commitments and visits' feedback

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

user_account.official_id has been there, nullable and unused, since the first schema; it now
links an account to the official it belongs to, and a unique index keeps that link one to one.
"""
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f('ix_user_account_official_id'), 'user_account', ['official_id'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_user_account_official_id'), table_name='user_account')
