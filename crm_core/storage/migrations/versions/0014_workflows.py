"""Workflows, their run log and stored timer jobs.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_core.storage.schema import UTCDateTime

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('workflow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('trigger', sa.JSON(), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('actions', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_workflow_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workflow'))
    )
    op.create_index('ix_workflow_module', 'workflow', ['module', 'active'], unique=False)
    op.create_table('workflow_run',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('workflow_id', sa.Integer(), nullable=False),
    sa.Column('run_key', sa.String(length=100), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('depth', sa.Integer(), server_default='0', nullable=False),
    sa.Column('actions', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workflow_id'], ['workflow.id'], name=op.f('fk_workflow_run_workflow_id_workflow'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workflow_run')),
    sa.UniqueConstraint('run_key', name=op.f('uq_workflow_run_run_key'))
    )
    op.create_index('ix_workflow_run_record', 'workflow_run', ['record_id', 'at'], unique=False)
    op.create_index('ix_workflow_run_workflow', 'workflow_run', ['workflow_id', 'at'], unique=False)
    op.create_table('workflow_cause',
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('record_id', 'version', name=op.f('pk_workflow_cause'))
    )
    op.create_table('timer_job',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('job_key', sa.String(length=200), nullable=False),
    sa.Column('workflow_id', sa.Integer(), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('due_at', UTCDateTime(), nullable=False),
    sa.Column('state', sa.String(length=10), server_default='pending', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_until', UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('finished_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['workflow_id'], ['workflow.id'], name=op.f('fk_timer_job_workflow_id_workflow'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timer_job')),
    sa.UniqueConstraint('job_key', name=op.f('uq_timer_job_job_key'))
    )
    op.create_index('ix_timer_job_due', 'timer_job', ['state', 'due_at'], unique=False)
    op.create_table('event_cursor',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('last_event_id', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_event_cursor'))
    )
    op.create_table('workflow_rotation',
    sa.Column('workflow_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('last_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['workflow_id'], ['workflow.id'], name=op.f('fk_workflow_rotation_workflow_id_workflow'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workflow_id', 'group_id', name=op.f('pk_workflow_rotation'))
    )


def downgrade() -> None:
    op.drop_table('workflow_rotation')
    op.drop_table('event_cursor')
    op.drop_index('ix_timer_job_due', table_name='timer_job')
    op.drop_table('timer_job')
    op.drop_table('workflow_cause')
    op.drop_index('ix_workflow_run_workflow', table_name='workflow_run')
    op.drop_index('ix_workflow_run_record', table_name='workflow_run')
    op.drop_table('workflow_run')
    op.drop_index('ix_workflow_module', table_name='workflow')
    op.drop_table('workflow')
