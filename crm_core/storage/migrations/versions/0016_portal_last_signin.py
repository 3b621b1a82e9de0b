"""When each customer last signed in to the portal, for the staff's list of
who has access. Sessions end and are forgotten, so the moment is kept on the
portal user; customers who never signed in since keep it empty.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_core.storage.schema import UTCDateTime

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('portal_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_signin_at', UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('portal_user', schema=None) as batch_op:
        batch_op.drop_column('last_signin_at')
