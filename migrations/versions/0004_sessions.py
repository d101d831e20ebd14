"""server-side sign-in sessions, sign-in attempts for throttling, API token expiry

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

"""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Tokens made before expiry existed keep working this long after the upgrade, so that their
# owners have time to make new ones.
EXISTING_TOKEN_DAYS = 90


def upgrade():
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.Column('address', sa.String(length=45), nullable=True),
    sa.Column('browser', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("end_reason IS NULL OR end_reason IN ('signed_out', 'everywhere', 'ended_by_user', "
                       "'ended_by_admin', 'password_changed', 'password_reset', 'deactivated', 'idle', 'expired')",
                       name=op.f('ck_user_session_end_reason')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_user_session_key_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    op.create_table('login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempt'))
    )
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempt_account', ['account_key', 'at'], unique=False)
        batch_op.create_index('ix_login_attempt_address', ['address', 'at'], unique=False)
        batch_op.create_index('ix_login_attempt_at', ['at'], unique=False)

    # Added nullable, filled, then made NOT NULL (on SQLite the batch rebuilds api_token,
    # which no other table references).
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
    token = sa.table('api_token', sa.column('expires_at', sa.DateTime))
    until = datetime.now(ZoneInfo('Asia/Tehran')).replace(tzinfo=None) + timedelta(days=EXISTING_TOKEN_DAYS)
    op.get_bind().execute(token.update().values(expires_at=until))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_at')
        batch_op.drop_index('ix_login_attempt_address')
        batch_op.drop_index('ix_login_attempt_account')
    op.drop_table('login_attempt')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
