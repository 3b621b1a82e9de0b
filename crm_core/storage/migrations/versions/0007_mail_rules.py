"""Mail rules: per mailbox, in priority order, conditions and one action.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_core.storage.schema import UTCDateTime

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mail_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailbox', sa.String(length=254), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('match_all', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('assign_to', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assign_to'], ['principal.id'], name=op.f('fk_mail_rule_assign_to_principal'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_rule'))
    )
    with op.batch_alter_table('mail_rule', schema=None) as batch_op:
        batch_op.create_index('ix_mail_rule_mailbox', ['mailbox', 'priority'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('mail_rule', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_rule_mailbox')

    op.drop_table('mail_rule')
