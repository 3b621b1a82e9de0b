"""VIP flag on accounts and contacts, read by the dialplan to queue VIP callers first.

Existing rows become "not VIP" through the server default, which NOT NULL needs
when a column is added to a table that already holds rows.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vip', sa.Boolean(), server_default='0', nullable=False))

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vip', sa.Boolean(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('vip')

    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('vip')
