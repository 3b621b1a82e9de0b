"""Portal users: customers who sign in, each tied to a contact.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_core.storage.schema import UTCDateTime

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('portal_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('account_wide', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_portal_user_contact_id_crm_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_user')),
    sa.UniqueConstraint('contact_id', name=op.f('uq_portal_user_contact_id')),
    sa.UniqueConstraint('login', name=op.f('uq_portal_user_login'))
    )


def downgrade() -> None:
    op.drop_table('portal_user')
