"""One-time portal links (invitation, password reset) and portal sign-in throttling.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_core.storage.schema import UTCDateTime

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('portal_token',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('portal_user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('expires_at', UTCDateTime(), nullable=False),
    sa.Column('used_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['portal_user_id'], ['portal_user.id'], name=op.f('fk_portal_token_portal_user_id_portal_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_portal_token'))
    )
    op.create_index('ix_portal_token_user', 'portal_token', ['portal_user_id'], unique=False)
    op.create_table('portal_session',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('portal_user_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['portal_user_id'], ['portal_user.id'], name=op.f('fk_portal_session_portal_user_id_portal_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_portal_session'))
    )
    op.create_index('ix_portal_session_user', 'portal_session', ['portal_user_id'], unique=False)
    op.create_table('portal_signin_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_signin_failure'))
    )
    op.create_index('ix_portal_signin_failure_login_at', 'portal_signin_failure', ['login', 'at'], unique=False)
    op.create_index('ix_portal_signin_failure_address_at', 'portal_signin_failure', ['address', 'at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_portal_signin_failure_address_at', table_name='portal_signin_failure')
    op.drop_index('ix_portal_signin_failure_login_at', table_name='portal_signin_failure')
    op.drop_table('portal_signin_failure')
    op.drop_index('ix_portal_session_user', table_name='portal_session')
    op.drop_table('portal_session')
    op.drop_index('ix_portal_token_user', table_name='portal_token')
    op.drop_table('portal_token')
