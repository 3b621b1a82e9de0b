"""Email: the Emails module, the mailboxes the CRM owns and the spool of
accepted messages; an index on the linkedid telephony looks calls up by.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_core.storage.schema import UTCDateTime

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mail_spool',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('mailbox', sa.String(length=254), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('envelope_from', sa.String(length=998), nullable=True),
    sa.Column('acknowledge', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('received_at', UTCDateTime(), nullable=False),
    sa.Column('state', sa.String(length=12), server_default='pending', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('outcome', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_spool'))
    )
    with op.batch_alter_table('mail_spool', schema=None) as batch_op:
        batch_op.create_index('ix_mail_spool_state', ['state', 'id'], unique=False)

    op.create_table('mailbox',
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('creates', sa.String(length=10), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['principal.id'], name=op.f('fk_mailbox_owner_id_principal'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('address', name=op.f('pk_mailbox'))
    )
    op.create_table('emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('subject', sa.String(length=998), nullable=True),
    sa.Column('from_email', sa.String(length=254), nullable=True),
    sa.Column('from_name', sa.String(length=255), nullable=True),
    sa.Column('saved_toid', sa.String(length=4000), nullable=True),
    sa.Column('ccmail', sa.String(length=4000), nullable=True),
    sa.Column('bccmail', sa.String(length=4000), nullable=True),
    sa.Column('date_start', UTCDateTime(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('email_flag', sa.String(length=200), nullable=True),
    sa.Column('direction', sa.String(length=200), nullable=True),
    sa.Column('mailbox', sa.String(length=254), nullable=True),
    sa.Column('message_id', sa.String(length=998), nullable=True),
    sa.Column('in_reply_to', sa.String(length=998), nullable=True),
    sa.Column('mail_references', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('auto_reply_allowed', sa.Boolean(), nullable=False),
    sa.Column('delivery_notes', sa.Text(), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_emails_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_emails_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_emails_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_emails_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_emails_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['crm_entity.id'], name=op.f('fk_emails_parent_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emails'))
    )
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.create_index('ix_emails_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_emails_content_hash', ['content_hash'], unique=False)
        batch_op.create_index('ix_emails_message_id', ['message_id'], unique=False)
        batch_op.create_index('ix_emails_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_emails_parent_id', ['parent_id'], unique=False)
        batch_op.create_index('ix_emails_recent', ['deleted', 'modifiedtime', 'id'], unique=False)

    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_sourceuuid', ['sourceuuid'], unique=False)

    # Every profile may do with Emails what it may do with Documents (both are
    # what a record's conversation holds); sharing is vtiger's default, public.
    op.execute(
        "INSERT INTO profile_module (profile_id, module, can_view, can_create, can_edit,"
        " can_delete) SELECT profile_id, 'Emails', can_view, can_create, can_edit, can_delete"
        " FROM profile_module WHERE module = 'Documents'"
    )
    op.execute("INSERT INTO org_sharing (module, level) VALUES ('Emails', 'public_write')")


def downgrade() -> None:
    op.execute("DELETE FROM org_sharing WHERE module = 'Emails'")
    op.execute("DELETE FROM profile_module WHERE module = 'Emails'")
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_sourceuuid')

    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.drop_index('ix_emails_recent')
        batch_op.drop_index('ix_emails_parent_id')
        batch_op.drop_index('ix_emails_owner')
        batch_op.drop_index('ix_emails_message_id')
        batch_op.drop_index('ix_emails_content_hash')
        batch_op.drop_index('ix_emails_contact_id')

    op.drop_table('emails')
    op.drop_table('mailbox')
    with op.batch_alter_table('mail_spool', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_spool_state')

    op.drop_table('mail_spool')
