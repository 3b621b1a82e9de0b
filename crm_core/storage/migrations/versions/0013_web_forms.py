"""Public web forms and their submissions.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_core.storage.schema import UTCDateTime

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('web_form',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('enabled', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('return_url', sa.String(length=2000), server_default='', nullable=False),
    sa.Column('thank_you', sa.Text(), server_default='', nullable=False),
    sa.Column('challenge', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['principal.id'], name=op.f('fk_web_form_owner_id_principal'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_form')),
    sa.UniqueConstraint('name', name=op.f('uq_web_form_name')),
    sa.UniqueConstraint('public_id', name=op.f('uq_web_form_public_id'))
    )
    op.create_table('web_form_field',
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('label', sa.String(length=100), server_default='', nullable=False),
    sa.Column('required', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('hidden', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('default_value', sa.JSON(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['web_form.id'], name=op.f('fk_web_form_field_form_id_web_form'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('form_id', 'field', name=op.f('pk_web_form_field'))
    )
    op.create_table('web_form_submission',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('challenge_nonce', sa.String(length=32), nullable=True),
    sa.Column('submitted_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['web_form.id'], name=op.f('fk_web_form_submission_form_id_web_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['crm_entity.id'], name=op.f('fk_web_form_submission_record_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_form_submission')),
    sa.UniqueConstraint('challenge_nonce', name=op.f('uq_web_form_submission_challenge_nonce'))
    )
    op.create_index('ix_web_form_submission_address', 'web_form_submission', ['address', 'submitted_at'], unique=False)
    op.create_index('ix_web_form_submission_form', 'web_form_submission', ['form_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_web_form_submission_form', table_name='web_form_submission')
    op.drop_index('ix_web_form_submission_address', table_name='web_form_submission')
    op.drop_table('web_form_submission')
    op.drop_table('web_form_field')
    op.drop_table('web_form')
