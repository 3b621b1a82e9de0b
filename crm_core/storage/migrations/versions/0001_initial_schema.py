"""Initial schema: shared tables, one table per built-in module, search index, seeds.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""

import datetime
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_core.storage.schema import UTCDateTime

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('crm_entity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=255), server_default='', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_entity'))
    )
    with op.batch_alter_table('crm_entity', schema=None) as batch_op:
        batch_op.create_index('ix_crm_entity_module_deleted', ['module', 'deleted'], unique=False)

    op.create_table('custom_field',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('required', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('max_length', sa.Integer(), nullable=True),
    sa.Column('picklist', sa.JSON(), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('block', sa.String(length=60), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custom_field')),
    sa.UniqueConstraint('module', 'name', name=op.f('uq_custom_field_module'))
    )
    op.create_table('event_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('op', sa.String(length=20), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_log'))
    )
    op.create_table('inventory_tax',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taxname', sa.String(length=10), nullable=False),
    sa.Column('taxlabel', sa.String(length=50), nullable=False),
    sa.Column('percentage', sa.Numeric(precision=7, scale=3), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_tax')),
    sa.UniqueConstraint('taxname', name=op.f('uq_inventory_tax_taxname'))
    )
    op.create_table('module_numbering',
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('prefix', sa.String(length=20), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('next_number', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('module', name=op.f('pk_module_numbering'))
    )
    op.create_table('principal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_principal'))
    )
    op.create_table('stored_file',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_file'))
    )
    op.create_table('crm_relation',
    sa.Column('left_id', sa.Integer(), nullable=False),
    sa.Column('right_id', sa.Integer(), nullable=False),
    sa.Column('left_module', sa.String(length=40), nullable=False),
    sa.Column('right_module', sa.String(length=40), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['left_id'], ['crm_entity.id'], name=op.f('fk_crm_relation_left_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['right_id'], ['crm_entity.id'], name=op.f('fk_crm_relation_right_id_crm_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('left_id', 'right_id', name=op.f('pk_crm_relation'))
    )
    with op.batch_alter_table('crm_relation', schema=None) as batch_op:
        batch_op.create_index('ix_crm_relation_left', ['left_id', 'right_module'], unique=False)
        batch_op.create_index('ix_crm_relation_right', ['right_id', 'left_module'], unique=False)

    op.create_table('email_index',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['crm_entity.id'], name=op.f('fk_email_index_record_id_crm_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('email', 'record_id', 'field', name=op.f('pk_email_index'))
    )
    with op.batch_alter_table('email_index', schema=None) as batch_op:
        batch_op.create_index('ix_email_index_record', ['record_id'], unique=False)

    op.create_table('groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('groupname', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['id'], ['principal.id'], name=op.f('fk_groups_id_principal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups')),
    sa.UniqueConstraint('groupname', name=op.f('uq_groups_groupname'))
    )
    op.create_table('inventory_line',
    sa.Column('lineitem_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sequence_no', sa.Integer(), nullable=False),
    sa.Column('productid', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=25, scale=3), nullable=False),
    sa.Column('listprice', sa.Numeric(precision=25, scale=8), nullable=False),
    sa.Column('discount_percent', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('discount_amount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('comment', sa.Text(), server_default='', nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('tax1', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('tax2', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('tax3', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('net_total', sa.Numeric(precision=25, scale=8), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_inventory_line_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['productid'], ['crm_entity.id'], name=op.f('fk_inventory_line_productid_crm_entity')),
    sa.PrimaryKeyConstraint('lineitem_id', name=op.f('pk_inventory_line'))
    )
    with op.batch_alter_table('inventory_line', schema=None) as batch_op:
        batch_op.create_index('ix_inventory_line_record', ['id', 'sequence_no'], unique=False)

    op.create_table('phone_index',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['crm_entity.id'], name=op.f('fk_phone_index_record_id_crm_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('number', 'record_id', 'field', name=op.f('pk_phone_index'))
    )
    with op.batch_alter_table('phone_index', schema=None) as batch_op:
        batch_op.create_index('ix_phone_index_record', ['record_id'], unique=False)

    op.create_table('pricebook_price',
    sa.Column('pricebookid', sa.Integer(), nullable=False),
    sa.Column('productid', sa.Integer(), nullable=False),
    sa.Column('listprice', sa.Numeric(precision=25, scale=8), nullable=False),
    sa.ForeignKeyConstraint(['pricebookid'], ['crm_entity.id'], name=op.f('fk_pricebook_price_pricebookid_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['productid'], ['crm_entity.id'], name=op.f('fk_pricebook_price_productid_crm_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pricebookid', 'productid', name=op.f('pk_pricebook_price'))
    )
    op.create_table('record_history',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('op', sa.String(length=20), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('changed_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['crm_entity.id'], name=op.f('fk_record_history_record_id_crm_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_history'))
    )
    with op.batch_alter_table('record_history', schema=None) as batch_op:
        batch_op.create_index('ix_record_history_record', ['record_id', 'id'], unique=False)

    op.create_table('search_document',
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['crm_entity.id'], name=op.f('fk_search_document_record_id_crm_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_search_document'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_name', sa.String(length=100), nullable=False),
    sa.Column('first_name', sa.String(length=40), server_default='', nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('email1', sa.String(length=254), server_default='', nullable=False),
    sa.Column('is_admin', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('status', sa.String(length=10), server_default='Active', nullable=False),
    sa.Column('language', sa.String(length=5), server_default='ru', nullable=False),
    sa.Column('time_zone', sa.String(length=60), server_default='Europe/Moscow', nullable=False),
    sa.Column('phone_extension', sa.String(length=20), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('is_system', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['principal.id'], name=op.f('fk_users_id_principal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('phone_extension', name=op.f('uq_users_phone_extension')),
    sa.UniqueConstraint('user_name', name=op.f('uq_users_user_name'))
    )
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('accountname', sa.String(length=100), nullable=True),
    sa.Column('account_no', sa.String(length=40), nullable=True),
    sa.Column('website', sa.String(length=2000), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('tickersymbol', sa.String(length=30), nullable=True),
    sa.Column('fax', sa.String(length=50), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('otherphone', sa.String(length=50), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('email1', sa.String(length=254), nullable=True),
    sa.Column('email2', sa.String(length=254), nullable=True),
    sa.Column('ownership', sa.String(length=50), nullable=True),
    sa.Column('industry', sa.String(length=200), nullable=True),
    sa.Column('rating', sa.String(length=200), nullable=True),
    sa.Column('accounttype', sa.String(length=200), nullable=True),
    sa.Column('siccode', sa.String(length=50), nullable=True),
    sa.Column('emailoptout', sa.Boolean(), nullable=False),
    sa.Column('annual_revenue', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('notify_owner', sa.Boolean(), nullable=False),
    sa.Column('isconvertedfromlead', sa.Boolean(), nullable=False),
    sa.Column('bill_street', sa.Text(), nullable=True),
    sa.Column('ship_street', sa.Text(), nullable=True),
    sa.Column('bill_pobox', sa.String(length=30), nullable=True),
    sa.Column('ship_pobox', sa.String(length=30), nullable=True),
    sa.Column('bill_city', sa.String(length=30), nullable=True),
    sa.Column('ship_city', sa.String(length=30), nullable=True),
    sa.Column('bill_state', sa.String(length=30), nullable=True),
    sa.Column('ship_state', sa.String(length=30), nullable=True),
    sa.Column('bill_code', sa.String(length=30), nullable=True),
    sa.Column('ship_code', sa.String(length=30), nullable=True),
    sa.Column('bill_country', sa.String(length=30), nullable=True),
    sa.Column('ship_country', sa.String(length=30), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['crm_entity.id'], name=op.f('fk_accounts_account_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_accounts_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_accounts_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_accounts_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_accounts_modifiedby_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts'))
    )
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.create_index('ix_accounts_account_id', ['account_id'], unique=False)
        batch_op.create_index('ix_accounts_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_accounts_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_accounts_number', ['account_no'], unique=True)

    op.create_table('assets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('assetname', sa.String(length=100), nullable=True),
    sa.Column('asset_no', sa.String(length=40), nullable=True),
    sa.Column('product', sa.Integer(), nullable=True),
    sa.Column('serialnumber', sa.String(length=200), nullable=True),
    sa.Column('datesold', sa.Date(), nullable=True),
    sa.Column('dateinservice', sa.Date(), nullable=True),
    sa.Column('assetstatus', sa.String(length=200), nullable=True),
    sa.Column('tagnumber', sa.String(length=300), nullable=True),
    sa.Column('invoiceid', sa.Integer(), nullable=True),
    sa.Column('shippingmethod', sa.String(length=200), nullable=True),
    sa.Column('shippingtrackingnumber', sa.String(length=200), nullable=True),
    sa.Column('account', sa.Integer(), nullable=True),
    sa.Column('contact', sa.Integer(), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['account'], ['crm_entity.id'], name=op.f('fk_assets_account_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_assets_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['contact'], ['crm_entity.id'], name=op.f('fk_assets_contact_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_assets_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_assets_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invoiceid'], ['crm_entity.id'], name=op.f('fk_assets_invoiceid_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_assets_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product'], ['crm_entity.id'], name=op.f('fk_assets_product_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assets'))
    )
    with op.batch_alter_table('assets', schema=None) as batch_op:
        batch_op.create_index('ix_assets_account', ['account'], unique=False)
        batch_op.create_index('ix_assets_contact', ['contact'], unique=False)
        batch_op.create_index('ix_assets_invoiceid', ['invoiceid'], unique=False)
        batch_op.create_index('ix_assets_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_assets_product', ['product'], unique=False)
        batch_op.create_index('ix_assets_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_assets_number', ['asset_no'], unique=True)

    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('direction', sa.String(length=200), nullable=True),
    sa.Column('callstatus', sa.String(length=200), nullable=True),
    sa.Column('starttime', UTCDateTime(), nullable=True),
    sa.Column('endtime', UTCDateTime(), nullable=True),
    sa.Column('totalduration', sa.Integer(), nullable=True),
    sa.Column('billduration', sa.Integer(), nullable=True),
    sa.Column('recordingurl', sa.String(length=500), nullable=True),
    sa.Column('sourceuuid', sa.String(length=100), nullable=True),
    sa.Column('gateway', sa.String(length=100), nullable=True),
    sa.Column('customer', sa.Integer(), nullable=True),
    sa.Column('user', sa.Integer(), nullable=True),
    sa.Column('customernumber', sa.String(length=50), nullable=True),
    sa.Column('customertype', sa.String(length=100), nullable=True),
    sa.Column('callednumber', sa.String(length=50), nullable=True),
    sa.Column('queue', sa.String(length=80), nullable=True),
    sa.Column('agent_extension', sa.String(length=40), nullable=True),
    sa.Column('wait_s', sa.Integer(), nullable=True),
    sa.Column('talk_s', sa.Integer(), nullable=True),
    sa.Column('hold_s', sa.Integer(), nullable=True),
    sa.Column('outcome_notes', sa.Text(), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_calls_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_calls_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer'], ['crm_entity.id'], name=op.f('fk_calls_customer_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_calls_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_calls_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user'], ['users.id'], name=op.f('fk_calls_user_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls'))
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_customer', ['customer'], unique=False)
        batch_op.create_index('ix_calls_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_calls_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ix_calls_user', ['user'], unique=False)

    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('campaignname', sa.String(length=255), nullable=True),
    sa.Column('campaign_no', sa.String(length=40), nullable=True),
    sa.Column('campaignstatus', sa.String(length=200), nullable=True),
    sa.Column('campaigntype', sa.String(length=200), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('targetaudience', sa.String(length=255), nullable=True),
    sa.Column('closingdate', sa.Date(), nullable=True),
    sa.Column('sponsor', sa.String(length=255), nullable=True),
    sa.Column('targetsize', sa.Integer(), nullable=True),
    sa.Column('numsent', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('budgetcost', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('actualcost', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('expectedresponse', sa.String(length=200), nullable=True),
    sa.Column('expectedrevenue', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('expectedsalescount', sa.Integer(), nullable=True),
    sa.Column('actualsalescount', sa.Integer(), nullable=True),
    sa.Column('expectedresponsecount', sa.Integer(), nullable=True),
    sa.Column('actualresponsecount', sa.Integer(), nullable=True),
    sa.Column('expectedroi', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('actualroi', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_campaigns_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_campaigns_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_campaigns_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_campaigns_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['crm_entity.id'], name=op.f('fk_campaigns_product_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index('ix_campaigns_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_campaigns_product_id', ['product_id'], unique=False)
        batch_op.create_index('ix_campaigns_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_campaigns_number', ['campaign_no'], unique=True)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('commentcontent', sa.Text(), nullable=True),
    sa.Column('customer', sa.Integer(), nullable=True),
    sa.Column('is_private', sa.Boolean(), nullable=False),
    sa.Column('related_to', sa.Integer(), nullable=True),
    sa.Column('parent_comments', sa.Integer(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_comments_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer'], ['crm_entity.id'], name=op.f('fk_comments_customer_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_comments_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_comments_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_comments'], ['crm_entity.id'], name=op.f('fk_comments_parent_comments_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['related_to'], ['crm_entity.id'], name=op.f('fk_comments_related_to_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_customer', ['customer'], unique=False)
        batch_op.create_index('ix_comments_parent_comments', ['parent_comments'], unique=False)
        batch_op.create_index('ix_comments_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ix_comments_related_to', ['related_to'], unique=False)

    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('salutationtype', sa.String(length=200), nullable=True),
    sa.Column('firstname', sa.String(length=40), nullable=True),
    sa.Column('contact_no', sa.String(length=40), nullable=True),
    sa.Column('lastname', sa.String(length=80), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('mobile', sa.String(length=50), nullable=True),
    sa.Column('leadsource', sa.String(length=200), nullable=True),
    sa.Column('homephone', sa.String(length=50), nullable=True),
    sa.Column('title', sa.String(length=50), nullable=True),
    sa.Column('otherphone', sa.String(length=50), nullable=True),
    sa.Column('department', sa.String(length=30), nullable=True),
    sa.Column('fax', sa.String(length=50), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('assistant', sa.String(length=30), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('assistantphone', sa.String(length=50), nullable=True),
    sa.Column('secondaryemail', sa.String(length=254), nullable=True),
    sa.Column('emailoptout', sa.Boolean(), nullable=False),
    sa.Column('donotcall', sa.Boolean(), nullable=False),
    sa.Column('reference', sa.Boolean(), nullable=False),
    sa.Column('notify_owner', sa.Boolean(), nullable=False),
    sa.Column('isconvertedfromlead', sa.Boolean(), nullable=False),
    sa.Column('portal', sa.Boolean(), nullable=False),
    sa.Column('support_start_date', sa.Date(), nullable=True),
    sa.Column('support_end_date', sa.Date(), nullable=True),
    sa.Column('mailingstreet', sa.Text(), nullable=True),
    sa.Column('otherstreet', sa.Text(), nullable=True),
    sa.Column('mailingpobox', sa.String(length=30), nullable=True),
    sa.Column('otherpobox', sa.String(length=30), nullable=True),
    sa.Column('mailingcity', sa.String(length=40), nullable=True),
    sa.Column('othercity', sa.String(length=40), nullable=True),
    sa.Column('mailingstate', sa.String(length=30), nullable=True),
    sa.Column('otherstate', sa.String(length=50), nullable=True),
    sa.Column('mailingzip', sa.String(length=30), nullable=True),
    sa.Column('otherzip', sa.String(length=30), nullable=True),
    sa.Column('mailingcountry', sa.String(length=40), nullable=True),
    sa.Column('othercountry', sa.String(length=40), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['crm_entity.id'], name=op.f('fk_contacts_account_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_contacts_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_contacts_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_contacts_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_contacts_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_contacts_modifiedby_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_account_id', ['account_id'], unique=False)
        batch_op.create_index('ix_contacts_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_contacts_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_contacts_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_contacts_number', ['contact_no'], unique=True)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('notes_title', sa.String(length=255), nullable=True),
    sa.Column('folderid', sa.String(length=100), nullable=True),
    sa.Column('note_no', sa.String(length=40), nullable=True),
    sa.Column('notecontent', sa.Text(), nullable=True),
    sa.Column('filelocationtype', sa.String(length=200), nullable=True),
    sa.Column('filestatus', sa.Boolean(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('filesize', sa.Integer(), nullable=True),
    sa.Column('filetype', sa.String(length=150), nullable=True),
    sa.Column('fileversion', sa.String(length=50), nullable=True),
    sa.Column('filedownloadcount', sa.Integer(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_documents_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_documents_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_documents_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_documents_modifiedby_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_documents_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_documents_number', ['note_no'], unique=True)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=True),
    sa.Column('date_start', UTCDateTime(), nullable=True),
    sa.Column('due_date', UTCDateTime(), nullable=True),
    sa.Column('eventstatus', sa.String(length=200), nullable=True),
    sa.Column('sendnotification', sa.Boolean(), nullable=False),
    sa.Column('activitytype', sa.String(length=200), nullable=True),
    sa.Column('location', sa.String(length=150), nullable=True),
    sa.Column('taskpriority', sa.String(length=200), nullable=True),
    sa.Column('visibility', sa.String(length=200), nullable=True),
    sa.Column('reminder_time', sa.Integer(), nullable=True),
    sa.Column('recurringtype', sa.String(length=200), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_events_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_events_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_events_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_events_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_events_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['crm_entity.id'], name=op.f('fk_events_parent_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_events_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_events_parent_id', ['parent_id'], unique=False)
        batch_op.create_index('ix_events_recent', ['deleted', 'modifiedtime', 'id'], unique=False)

    op.create_table('faq',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('faq_no', sa.String(length=40), nullable=True),
    sa.Column('faqstatus', sa.String(length=200), nullable=True),
    sa.Column('faqcategories', sa.String(length=200), nullable=True),
    sa.Column('question', sa.Text(), nullable=True),
    sa.Column('faq_answer', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_faq_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_faq_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_faq_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['crm_entity.id'], name=op.f('fk_faq_product_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq'))
    )
    with op.batch_alter_table('faq', schema=None) as batch_op:
        batch_op.create_index('ix_faq_product_id', ['product_id'], unique=False)
        batch_op.create_index('ix_faq_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_faq_number', ['faq_no'], unique=True)

    op.create_table('group_member',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_member_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_member_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_group_member'))
    )
    op.create_table('helpdesk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('ticket_title', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('ticketpriorities', sa.String(length=200), nullable=True),
    sa.Column('ticketstatus', sa.String(length=200), nullable=True),
    sa.Column('ticketseverities', sa.String(length=200), nullable=True),
    sa.Column('hours', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('ticketcategories', sa.String(length=200), nullable=True),
    sa.Column('days', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('ticket_no', sa.String(length=40), nullable=True),
    sa.Column('from_portal', sa.Boolean(), nullable=False),
    sa.Column('solution', sa.Text(), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_helpdesk_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_helpdesk_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_helpdesk_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_helpdesk_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_helpdesk_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['crm_entity.id'], name=op.f('fk_helpdesk_parent_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['crm_entity.id'], name=op.f('fk_helpdesk_product_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helpdesk'))
    )
    with op.batch_alter_table('helpdesk', schema=None) as batch_op:
        batch_op.create_index('ix_helpdesk_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_helpdesk_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_helpdesk_parent_id', ['parent_id'], unique=False)
        batch_op.create_index('ix_helpdesk_product_id', ['product_id'], unique=False)
        batch_op.create_index('ix_helpdesk_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_helpdesk_number', ['ticket_no'], unique=True)

    op.create_table('invoice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=True),
    sa.Column('salesorder_id', sa.Integer(), nullable=True),
    sa.Column('customerno', sa.String(length=100), nullable=True),
    sa.Column('invoice_no', sa.String(length=40), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('invoicedate', sa.Date(), nullable=True),
    sa.Column('duedate', sa.Date(), nullable=True),
    sa.Column('vtiger_purchaseorder', sa.String(length=200), nullable=True),
    sa.Column('exciseduty', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('salescommission', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('invoicestatus', sa.String(length=200), nullable=True),
    sa.Column('potential_id', sa.Integer(), nullable=True),
    sa.Column('bill_street', sa.Text(), nullable=True),
    sa.Column('ship_street', sa.Text(), nullable=True),
    sa.Column('bill_pobox', sa.String(length=30), nullable=True),
    sa.Column('ship_pobox', sa.String(length=30), nullable=True),
    sa.Column('bill_city', sa.String(length=30), nullable=True),
    sa.Column('ship_city', sa.String(length=30), nullable=True),
    sa.Column('bill_state', sa.String(length=30), nullable=True),
    sa.Column('ship_state', sa.String(length=30), nullable=True),
    sa.Column('bill_code', sa.String(length=30), nullable=True),
    sa.Column('ship_code', sa.String(length=30), nullable=True),
    sa.Column('bill_country', sa.String(length=30), nullable=True),
    sa.Column('ship_country', sa.String(length=30), nullable=True),
    sa.Column('terms_conditions', sa.Text(), nullable=True),
    sa.Column('hdnSubTotal', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnDiscountPercent', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('hdnDiscountAmount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnS_H_Amount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnS_H_Percent', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('hdnTaxType', sa.String(length=200), nullable=True),
    sa.Column('txtAdjustment', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('pre_tax_total', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnGrandTotal', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('received', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('balance', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['crm_entity.id'], name=op.f('fk_invoice_account_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_invoice_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_invoice_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_invoice_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_invoice_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_invoice_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['potential_id'], ['crm_entity.id'], name=op.f('fk_invoice_potential_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['salesorder_id'], ['crm_entity.id'], name=op.f('fk_invoice_salesorder_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice'))
    )
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.create_index('ix_invoice_account_id', ['account_id'], unique=False)
        batch_op.create_index('ix_invoice_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_invoice_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_invoice_potential_id', ['potential_id'], unique=False)
        batch_op.create_index('ix_invoice_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ix_invoice_salesorder_id', ['salesorder_id'], unique=False)
        batch_op.create_index('ux_invoice_number', ['invoice_no'], unique=True)

    op.create_table('leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('salutationtype', sa.String(length=200), nullable=True),
    sa.Column('firstname', sa.String(length=40), nullable=True),
    sa.Column('lead_no', sa.String(length=40), nullable=True),
    sa.Column('lastname', sa.String(length=80), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('company', sa.String(length=100), nullable=True),
    sa.Column('mobile', sa.String(length=50), nullable=True),
    sa.Column('designation', sa.String(length=50), nullable=True),
    sa.Column('fax', sa.String(length=50), nullable=True),
    sa.Column('leadsource', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('industry', sa.String(length=200), nullable=True),
    sa.Column('website', sa.String(length=2000), nullable=True),
    sa.Column('annualrevenue', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('leadstatus', sa.String(length=200), nullable=True),
    sa.Column('noofemployees', sa.Integer(), nullable=True),
    sa.Column('rating', sa.String(length=200), nullable=True),
    sa.Column('secondaryemail', sa.String(length=254), nullable=True),
    sa.Column('emailoptout', sa.Boolean(), nullable=False),
    sa.Column('converted', sa.Boolean(), nullable=False),
    sa.Column('lane', sa.Text(), nullable=True),
    sa.Column('pobox', sa.String(length=30), nullable=True),
    sa.Column('code', sa.String(length=30), nullable=True),
    sa.Column('city', sa.String(length=30), nullable=True),
    sa.Column('country', sa.String(length=30), nullable=True),
    sa.Column('state', sa.String(length=30), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_leads_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_leads_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_leads_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_leads_modifiedby_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leads'))
    )
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.create_index('ix_leads_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_leads_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_leads_number', ['lead_no'], unique=True)

    op.create_table('potentials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('potentialname', sa.String(length=120), nullable=True),
    sa.Column('potential_no', sa.String(length=40), nullable=True),
    sa.Column('related_to', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('opportunity_type', sa.String(length=200), nullable=True),
    sa.Column('closingdate', sa.Date(), nullable=True),
    sa.Column('leadsource', sa.String(length=200), nullable=True),
    sa.Column('nextstep', sa.String(length=100), nullable=True),
    sa.Column('sales_stage', sa.String(length=200), nullable=True),
    sa.Column('campaignid', sa.Integer(), nullable=True),
    sa.Column('probability', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('forecast_amount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('isconvertedfromlead', sa.Boolean(), nullable=False),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_potentials_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['campaignid'], ['crm_entity.id'], name=op.f('fk_potentials_campaignid_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_potentials_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_potentials_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_potentials_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_potentials_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['related_to'], ['crm_entity.id'], name=op.f('fk_potentials_related_to_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_potentials'))
    )
    with op.batch_alter_table('potentials', schema=None) as batch_op:
        batch_op.create_index('ix_potentials_campaignid', ['campaignid'], unique=False)
        batch_op.create_index('ix_potentials_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_potentials_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_potentials_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ix_potentials_related_to', ['related_to'], unique=False)
        batch_op.create_index('ux_potentials_number', ['potential_no'], unique=True)

    op.create_table('pricebooks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('bookname', sa.String(length=100), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('pricebook_no', sa.String(length=40), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_pricebooks_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_pricebooks_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_pricebooks_modifiedby_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pricebooks'))
    )
    with op.batch_alter_table('pricebooks', schema=None) as batch_op:
        batch_op.create_index('ix_pricebooks_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_pricebooks_number', ['pricebook_no'], unique=True)

    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('productname', sa.String(length=100), nullable=True),
    sa.Column('product_no', sa.String(length=40), nullable=True),
    sa.Column('discontinued', sa.Boolean(), nullable=False),
    sa.Column('productcode', sa.String(length=40), nullable=True),
    sa.Column('sales_start_date', sa.Date(), nullable=True),
    sa.Column('manufacturer', sa.String(length=200), nullable=True),
    sa.Column('productcategory', sa.String(length=200), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('sales_end_date', sa.Date(), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('vendor_id', sa.Integer(), nullable=True),
    sa.Column('website', sa.String(length=2000), nullable=True),
    sa.Column('vendor_part_no', sa.String(length=200), nullable=True),
    sa.Column('mfr_part_no', sa.String(length=200), nullable=True),
    sa.Column('productsheet', sa.String(length=200), nullable=True),
    sa.Column('serial_no', sa.String(length=200), nullable=True),
    sa.Column('glacct', sa.String(length=200), nullable=True),
    sa.Column('unit_price', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('commissionrate', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('purchase_cost', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('usageunit', sa.String(length=200), nullable=True),
    sa.Column('qty_per_unit', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('qtyinstock', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('reorderlevel', sa.Integer(), nullable=True),
    sa.Column('qtyindemand', sa.Integer(), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_products_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_products_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_products_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_products_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['vendor_id'], ['crm_entity.id'], name=op.f('fk_products_vendor_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index('ix_products_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_products_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ix_products_vendor_id', ['vendor_id'], unique=False)
        batch_op.create_index('ux_products_number', ['product_no'], unique=True)

    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('projectname', sa.String(length=255), nullable=True),
    sa.Column('project_no', sa.String(length=40), nullable=True),
    sa.Column('startdate', sa.Date(), nullable=True),
    sa.Column('targetenddate', sa.Date(), nullable=True),
    sa.Column('actualenddate', sa.Date(), nullable=True),
    sa.Column('projectstatus', sa.String(length=200), nullable=True),
    sa.Column('projecttype', sa.String(length=200), nullable=True),
    sa.Column('linktoaccountscontacts', sa.Integer(), nullable=True),
    sa.Column('isconvertedfrompotential', sa.Boolean(), nullable=False),
    sa.Column('potentialid', sa.Integer(), nullable=True),
    sa.Column('targetbudget', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('projecturl', sa.String(length=2000), nullable=True),
    sa.Column('projectpriority', sa.String(length=200), nullable=True),
    sa.Column('progress', sa.String(length=200), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_project_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_project_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_project_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['linktoaccountscontacts'], ['crm_entity.id'], name=op.f('fk_project_linktoaccountscontacts_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_project_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['potentialid'], ['crm_entity.id'], name=op.f('fk_project_potentialid_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project'))
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index('ix_project_linktoaccountscontacts', ['linktoaccountscontacts'], unique=False)
        batch_op.create_index('ix_project_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_project_potentialid', ['potentialid'], unique=False)
        batch_op.create_index('ix_project_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_project_number', ['project_no'], unique=True)

    op.create_table('projectmilestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('projectmilestonename', sa.String(length=255), nullable=True),
    sa.Column('projectmilestone_no', sa.String(length=40), nullable=True),
    sa.Column('projectid', sa.Integer(), nullable=True),
    sa.Column('projectmilestonedate', sa.Date(), nullable=True),
    sa.Column('projectmilestonetype', sa.String(length=200), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_projectmilestone_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_projectmilestone_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_projectmilestone_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_projectmilestone_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['projectid'], ['crm_entity.id'], name=op.f('fk_projectmilestone_projectid_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projectmilestone'))
    )
    with op.batch_alter_table('projectmilestone', schema=None) as batch_op:
        batch_op.create_index('ix_projectmilestone_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_projectmilestone_projectid', ['projectid'], unique=False)
        batch_op.create_index('ix_projectmilestone_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_projectmilestone_number', ['projectmilestone_no'], unique=True)

    op.create_table('projecttask',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('projecttaskname', sa.String(length=255), nullable=True),
    sa.Column('projecttask_no', sa.String(length=40), nullable=True),
    sa.Column('projecttaskpriority', sa.String(length=200), nullable=True),
    sa.Column('projecttasktype', sa.String(length=200), nullable=True),
    sa.Column('projecttasknumber', sa.Integer(), nullable=True),
    sa.Column('projectid', sa.Integer(), nullable=True),
    sa.Column('projecttaskstatus', sa.String(length=200), nullable=True),
    sa.Column('projecttaskprogress', sa.String(length=200), nullable=True),
    sa.Column('projecttaskhours', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('startdate', sa.Date(), nullable=True),
    sa.Column('enddate', sa.Date(), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_projecttask_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_projecttask_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_projecttask_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_projecttask_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['projectid'], ['crm_entity.id'], name=op.f('fk_projecttask_projectid_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projecttask'))
    )
    with op.batch_alter_table('projecttask', schema=None) as batch_op:
        batch_op.create_index('ix_projecttask_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_projecttask_projectid', ['projectid'], unique=False)
        batch_op.create_index('ix_projecttask_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_projecttask_number', ['projecttask_no'], unique=True)

    op.create_table('purchaseorder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=True),
    sa.Column('purchaseorder_no', sa.String(length=40), nullable=True),
    sa.Column('vendor_id', sa.Integer(), nullable=True),
    sa.Column('requisition_no', sa.String(length=100), nullable=True),
    sa.Column('tracking_no', sa.String(length=100), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('duedate', sa.Date(), nullable=True),
    sa.Column('carrier', sa.String(length=200), nullable=True),
    sa.Column('salescommission', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('exciseduty', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('postatus', sa.String(length=200), nullable=True),
    sa.Column('bill_street', sa.Text(), nullable=True),
    sa.Column('ship_street', sa.Text(), nullable=True),
    sa.Column('bill_pobox', sa.String(length=30), nullable=True),
    sa.Column('ship_pobox', sa.String(length=30), nullable=True),
    sa.Column('bill_city', sa.String(length=30), nullable=True),
    sa.Column('ship_city', sa.String(length=30), nullable=True),
    sa.Column('bill_state', sa.String(length=30), nullable=True),
    sa.Column('ship_state', sa.String(length=30), nullable=True),
    sa.Column('bill_code', sa.String(length=30), nullable=True),
    sa.Column('ship_code', sa.String(length=30), nullable=True),
    sa.Column('bill_country', sa.String(length=30), nullable=True),
    sa.Column('ship_country', sa.String(length=30), nullable=True),
    sa.Column('terms_conditions', sa.Text(), nullable=True),
    sa.Column('hdnSubTotal', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnDiscountPercent', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('hdnDiscountAmount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnS_H_Amount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnS_H_Percent', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('hdnTaxType', sa.String(length=200), nullable=True),
    sa.Column('txtAdjustment', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('pre_tax_total', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnGrandTotal', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('received', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('balance', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_purchaseorder_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_purchaseorder_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_purchaseorder_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_purchaseorder_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_purchaseorder_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['vendor_id'], ['crm_entity.id'], name=op.f('fk_purchaseorder_vendor_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchaseorder'))
    )
    with op.batch_alter_table('purchaseorder', schema=None) as batch_op:
        batch_op.create_index('ix_purchaseorder_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_purchaseorder_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_purchaseorder_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ix_purchaseorder_vendor_id', ['vendor_id'], unique=False)
        batch_op.create_index('ux_purchaseorder_number', ['purchaseorder_no'], unique=True)

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=True),
    sa.Column('potential_id', sa.Integer(), nullable=True),
    sa.Column('quote_no', sa.String(length=40), nullable=True),
    sa.Column('quotestage', sa.String(length=200), nullable=True),
    sa.Column('validtill', sa.Date(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('carrier', sa.String(length=200), nullable=True),
    sa.Column('shipping', sa.String(length=100), nullable=True),
    sa.Column('assigned_user_id1', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('bill_street', sa.Text(), nullable=True),
    sa.Column('ship_street', sa.Text(), nullable=True),
    sa.Column('bill_pobox', sa.String(length=30), nullable=True),
    sa.Column('ship_pobox', sa.String(length=30), nullable=True),
    sa.Column('bill_city', sa.String(length=30), nullable=True),
    sa.Column('ship_city', sa.String(length=30), nullable=True),
    sa.Column('bill_state', sa.String(length=30), nullable=True),
    sa.Column('ship_state', sa.String(length=30), nullable=True),
    sa.Column('bill_code', sa.String(length=30), nullable=True),
    sa.Column('ship_code', sa.String(length=30), nullable=True),
    sa.Column('bill_country', sa.String(length=30), nullable=True),
    sa.Column('ship_country', sa.String(length=30), nullable=True),
    sa.Column('terms_conditions', sa.Text(), nullable=True),
    sa.Column('hdnSubTotal', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnDiscountPercent', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('hdnDiscountAmount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnS_H_Amount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnS_H_Percent', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('hdnTaxType', sa.String(length=200), nullable=True),
    sa.Column('txtAdjustment', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('pre_tax_total', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnGrandTotal', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['crm_entity.id'], name=op.f('fk_quotes_account_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_quotes_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['assigned_user_id1'], ['users.id'], name=op.f('fk_quotes_assigned_user_id1_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_quotes_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_quotes_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_quotes_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_quotes_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['potential_id'], ['crm_entity.id'], name=op.f('fk_quotes_potential_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index('ix_quotes_account_id', ['account_id'], unique=False)
        batch_op.create_index('ix_quotes_assigned_user_id1', ['assigned_user_id1'], unique=False)
        batch_op.create_index('ix_quotes_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_quotes_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_quotes_potential_id', ['potential_id'], unique=False)
        batch_op.create_index('ix_quotes_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_quotes_number', ['quote_no'], unique=True)

    op.create_table('salesorder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=True),
    sa.Column('potential_id', sa.Integer(), nullable=True),
    sa.Column('customerno', sa.String(length=100), nullable=True),
    sa.Column('salesorder_no', sa.String(length=40), nullable=True),
    sa.Column('quote_id', sa.Integer(), nullable=True),
    sa.Column('vtiger_purchaseorder', sa.String(length=200), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('duedate', sa.Date(), nullable=True),
    sa.Column('carrier', sa.String(length=200), nullable=True),
    sa.Column('pending', sa.String(length=200), nullable=True),
    sa.Column('sostatus', sa.String(length=200), nullable=True),
    sa.Column('salescommission', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('exciseduty', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('enable_recurring', sa.Boolean(), nullable=False),
    sa.Column('recurring_frequency', sa.String(length=200), nullable=True),
    sa.Column('start_period', sa.Date(), nullable=True),
    sa.Column('end_period', sa.Date(), nullable=True),
    sa.Column('payment_duration', sa.String(length=200), nullable=True),
    sa.Column('invoicestatus', sa.String(length=200), nullable=True),
    sa.Column('last_recurring_date', sa.Date(), nullable=True),
    sa.Column('bill_street', sa.Text(), nullable=True),
    sa.Column('ship_street', sa.Text(), nullable=True),
    sa.Column('bill_pobox', sa.String(length=30), nullable=True),
    sa.Column('ship_pobox', sa.String(length=30), nullable=True),
    sa.Column('bill_city', sa.String(length=30), nullable=True),
    sa.Column('ship_city', sa.String(length=30), nullable=True),
    sa.Column('bill_state', sa.String(length=30), nullable=True),
    sa.Column('ship_state', sa.String(length=30), nullable=True),
    sa.Column('bill_code', sa.String(length=30), nullable=True),
    sa.Column('ship_code', sa.String(length=30), nullable=True),
    sa.Column('bill_country', sa.String(length=30), nullable=True),
    sa.Column('ship_country', sa.String(length=30), nullable=True),
    sa.Column('terms_conditions', sa.Text(), nullable=True),
    sa.Column('hdnSubTotal', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnDiscountPercent', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('hdnDiscountAmount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnS_H_Amount', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnS_H_Percent', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('hdnTaxType', sa.String(length=200), nullable=True),
    sa.Column('txtAdjustment', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('pre_tax_total', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('hdnGrandTotal', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['crm_entity.id'], name=op.f('fk_salesorder_account_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_salesorder_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_salesorder_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_salesorder_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_salesorder_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_salesorder_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['potential_id'], ['crm_entity.id'], name=op.f('fk_salesorder_potential_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['quote_id'], ['crm_entity.id'], name=op.f('fk_salesorder_quote_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_salesorder'))
    )
    with op.batch_alter_table('salesorder', schema=None) as batch_op:
        batch_op.create_index('ix_salesorder_account_id', ['account_id'], unique=False)
        batch_op.create_index('ix_salesorder_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_salesorder_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_salesorder_potential_id', ['potential_id'], unique=False)
        batch_op.create_index('ix_salesorder_quote_id', ['quote_id'], unique=False)
        batch_op.create_index('ix_salesorder_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_salesorder_number', ['salesorder_no'], unique=True)

    op.create_table('servicecontracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=True),
    sa.Column('contract_no', sa.String(length=40), nullable=True),
    sa.Column('sc_related_to', sa.Integer(), nullable=True),
    sa.Column('contract_type', sa.String(length=200), nullable=True),
    sa.Column('tracking_unit', sa.String(length=200), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('total_units', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('used_units', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('contract_status', sa.String(length=200), nullable=True),
    sa.Column('planned_duration', sa.Integer(), nullable=True),
    sa.Column('contract_priority', sa.String(length=200), nullable=True),
    sa.Column('actual_duration', sa.Integer(), nullable=True),
    sa.Column('progress', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_servicecontracts_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_servicecontracts_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_servicecontracts_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_servicecontracts_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sc_related_to'], ['crm_entity.id'], name=op.f('fk_servicecontracts_sc_related_to_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_servicecontracts'))
    )
    with op.batch_alter_table('servicecontracts', schema=None) as batch_op:
        batch_op.create_index('ix_servicecontracts_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_servicecontracts_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ix_servicecontracts_sc_related_to', ['sc_related_to'], unique=False)
        batch_op.create_index('ux_servicecontracts_number', ['contract_no'], unique=True)

    op.create_table('services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('servicename', sa.String(length=50), nullable=True),
    sa.Column('service_no', sa.String(length=40), nullable=True),
    sa.Column('service_usageunit', sa.String(length=200), nullable=True),
    sa.Column('discontinued', sa.Boolean(), nullable=False),
    sa.Column('qty_per_unit', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('website', sa.String(length=2000), nullable=True),
    sa.Column('servicecategory', sa.String(length=200), nullable=True),
    sa.Column('sales_start_date', sa.Date(), nullable=True),
    sa.Column('sales_end_date', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('unit_price', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('commissionrate', sa.Numeric(precision=7, scale=3), nullable=True),
    sa.Column('purchase_cost', sa.Numeric(precision=25, scale=8), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_services_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_services_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_services_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_services_modifiedby_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services'))
    )
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.create_index('ix_services_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_services_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_services_number', ['service_no'], unique=True)

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=True),
    sa.Column('date_start', UTCDateTime(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('taskstatus', sa.String(length=200), nullable=True),
    sa.Column('taskpriority', sa.String(length=200), nullable=True),
    sa.Column('sendnotification', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.String(length=200), nullable=True),
    sa.Column('reminder_time', sa.Integer(), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_tasks_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['contact_id'], ['crm_entity.id'], name=op.f('fk_tasks_contact_id_crm_entity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_tasks_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_tasks_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_tasks_modifiedby_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['crm_entity.id'], name=op.f('fk_tasks_parent_id_crm_entity'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_tasks_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_tasks_parent_id', ['parent_id'], unique=False)
        batch_op.create_index('ix_tasks_recent', ['deleted', 'modifiedtime', 'id'], unique=False)

    op.create_table('vendors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('vendorname', sa.String(length=100), nullable=True),
    sa.Column('vendor_no', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('glacct', sa.String(length=200), nullable=True),
    sa.Column('website', sa.String(length=2000), nullable=True),
    sa.Column('category', sa.String(length=50), nullable=True),
    sa.Column('street', sa.Text(), nullable=True),
    sa.Column('pobox', sa.String(length=30), nullable=True),
    sa.Column('city', sa.String(length=30), nullable=True),
    sa.Column('state', sa.String(length=30), nullable=True),
    sa.Column('postalcode', sa.String(length=100), nullable=True),
    sa.Column('country', sa.String(length=100), nullable=True),
    sa.Column('assigned_user_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_user_id', sa.Integer(), nullable=True),
    sa.Column('modifiedby', sa.Integer(), nullable=True),
    sa.Column('createdtime', UTCDateTime(), nullable=True),
    sa.Column('modifiedtime', UTCDateTime(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['assigned_user_id'], ['principal.id'], name=op.f('fk_vendors_assigned_user_id_principal')),
    sa.ForeignKeyConstraint(['created_user_id'], ['users.id'], name=op.f('fk_vendors_created_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id'], ['crm_entity.id'], name=op.f('fk_vendors_id_crm_entity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modifiedby'], ['users.id'], name=op.f('fk_vendors_modifiedby_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendors'))
    )
    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.create_index('ix_vendors_owner', ['assigned_user_id', 'deleted'], unique=False)
        batch_op.create_index('ix_vendors_recent', ['deleted', 'modifiedtime', 'id'], unique=False)
        batch_op.create_index('ux_vendors_number', ['vendor_no'], unique=True)

    create_search_index()
    seed()

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='search_document', "
    "content_rowid='record_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.record_id, new.terms); END",
    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.record_id, "
    "old.terms); END",
    "CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.record_id, "
    "old.terms); INSERT INTO search_fts(rowid, terms) VALUES (new.record_id, new.terms); END",
)
POSTGRES_SEARCH = (
    "CREATE INDEX ix_search_document_terms ON search_document "
    "USING gin (to_tsvector('simple', terms))",
)


def create_search_index() -> None:
    """Full text over the stemmed terms: FTS5 kept in step by triggers on SQLite,
    a GIN expression index on PostgreSQL."""
    statements = SQLITE_SEARCH if op.get_bind().dialect.name == "sqlite" else POSTGRES_SEARCH
    for statement in statements:
        op.execute(statement)


NUMBERING = {
    "Leads": "LEA-", "Contacts": "CON-", "Accounts": "ACC-", "Potentials": "POT-",
    "Campaigns": "CAM-", "Vendors": "VEN-", "Products": "PRO-", "Services": "SER-",
    "PriceBooks": "PB-", "Quotes": "QUO-", "SalesOrder": "SO-", "Invoice": "INV-",
    "PurchaseOrder": "PO-", "ServiceContracts": "SERCON-", "Assets": "ASSET-",
    "HelpDesk": "TT-", "Faq": "FAQ-", "Documents": "DOC-", "Project": "PROJ-",
    "ProjectTask": "PT-", "ProjectMilestone": "PM-",
}


def seed() -> None:
    """Rows every installation starts with: the system user that automated work
    acts as, record-number counters and vtiger's default taxes."""
    principal = sa.table("principal", sa.column("id"), sa.column("kind"))
    users = sa.table(
        "users", sa.column("id"), sa.column("user_name"), sa.column("first_name"),
        sa.column("last_name"), sa.column("is_admin"), sa.column("is_system"),
        sa.column("status"), sa.column("created_at", UTCDateTime()),
    )
    op.bulk_insert(principal, [{"id": 1, "kind": "user"}])
    op.bulk_insert(users, [{
        "id": 1, "user_name": "system", "first_name": "Switchboard", "last_name": "System",
        "is_admin": True, "is_system": True, "status": "Active",
        "created_at": datetime.datetime.now(datetime.UTC),
    }])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('principal', 'id'), 1)")
    numbering = sa.table("module_numbering", sa.column("module"), sa.column("prefix"),
                         sa.column("width"), sa.column("next_number"))
    op.bulk_insert(numbering, [
        {"module": module, "prefix": prefix, "width": 6, "next_number": 1}
        for module, prefix in NUMBERING.items()
    ])
    taxes = sa.table("inventory_tax", sa.column("taxname"), sa.column("taxlabel"),
                     sa.column("percentage"), sa.column("deleted"))
    op.bulk_insert(taxes, [
        {"taxname": "tax1", "taxlabel": "VAT", "percentage": 4.5, "deleted": False},
        {"taxname": "tax2", "taxlabel": "Sales", "percentage": 10, "deleted": False},
        {"taxname": "tax3", "taxlabel": "Service", "percentage": 12.5, "deleted": False},
    ])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.drop_index('ux_vendors_number')
        batch_op.drop_index('ix_vendors_recent')
        batch_op.drop_index('ix_vendors_owner')

    op.drop_table('vendors')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_recent')
        batch_op.drop_index('ix_tasks_parent_id')
        batch_op.drop_index('ix_tasks_owner')
        batch_op.drop_index('ix_tasks_contact_id')

    op.drop_table('tasks')
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_index('ux_services_number')
        batch_op.drop_index('ix_services_recent')
        batch_op.drop_index('ix_services_owner')

    op.drop_table('services')
    with op.batch_alter_table('servicecontracts', schema=None) as batch_op:
        batch_op.drop_index('ux_servicecontracts_number')
        batch_op.drop_index('ix_servicecontracts_sc_related_to')
        batch_op.drop_index('ix_servicecontracts_recent')
        batch_op.drop_index('ix_servicecontracts_owner')

    op.drop_table('servicecontracts')
    with op.batch_alter_table('salesorder', schema=None) as batch_op:
        batch_op.drop_index('ux_salesorder_number')
        batch_op.drop_index('ix_salesorder_recent')
        batch_op.drop_index('ix_salesorder_quote_id')
        batch_op.drop_index('ix_salesorder_potential_id')
        batch_op.drop_index('ix_salesorder_owner')
        batch_op.drop_index('ix_salesorder_contact_id')
        batch_op.drop_index('ix_salesorder_account_id')

    op.drop_table('salesorder')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index('ux_quotes_number')
        batch_op.drop_index('ix_quotes_recent')
        batch_op.drop_index('ix_quotes_potential_id')
        batch_op.drop_index('ix_quotes_owner')
        batch_op.drop_index('ix_quotes_contact_id')
        batch_op.drop_index('ix_quotes_assigned_user_id1')
        batch_op.drop_index('ix_quotes_account_id')

    op.drop_table('quotes')
    with op.batch_alter_table('purchaseorder', schema=None) as batch_op:
        batch_op.drop_index('ux_purchaseorder_number')
        batch_op.drop_index('ix_purchaseorder_vendor_id')
        batch_op.drop_index('ix_purchaseorder_recent')
        batch_op.drop_index('ix_purchaseorder_owner')
        batch_op.drop_index('ix_purchaseorder_contact_id')

    op.drop_table('purchaseorder')
    with op.batch_alter_table('projecttask', schema=None) as batch_op:
        batch_op.drop_index('ux_projecttask_number')
        batch_op.drop_index('ix_projecttask_recent')
        batch_op.drop_index('ix_projecttask_projectid')
        batch_op.drop_index('ix_projecttask_owner')

    op.drop_table('projecttask')
    with op.batch_alter_table('projectmilestone', schema=None) as batch_op:
        batch_op.drop_index('ux_projectmilestone_number')
        batch_op.drop_index('ix_projectmilestone_recent')
        batch_op.drop_index('ix_projectmilestone_projectid')
        batch_op.drop_index('ix_projectmilestone_owner')

    op.drop_table('projectmilestone')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index('ux_project_number')
        batch_op.drop_index('ix_project_recent')
        batch_op.drop_index('ix_project_potentialid')
        batch_op.drop_index('ix_project_owner')
        batch_op.drop_index('ix_project_linktoaccountscontacts')

    op.drop_table('project')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ux_products_number')
        batch_op.drop_index('ix_products_vendor_id')
        batch_op.drop_index('ix_products_recent')
        batch_op.drop_index('ix_products_owner')

    op.drop_table('products')
    with op.batch_alter_table('pricebooks', schema=None) as batch_op:
        batch_op.drop_index('ux_pricebooks_number')
        batch_op.drop_index('ix_pricebooks_recent')

    op.drop_table('pricebooks')
    with op.batch_alter_table('potentials', schema=None) as batch_op:
        batch_op.drop_index('ux_potentials_number')
        batch_op.drop_index('ix_potentials_related_to')
        batch_op.drop_index('ix_potentials_recent')
        batch_op.drop_index('ix_potentials_owner')
        batch_op.drop_index('ix_potentials_contact_id')
        batch_op.drop_index('ix_potentials_campaignid')

    op.drop_table('potentials')
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_index('ux_leads_number')
        batch_op.drop_index('ix_leads_recent')
        batch_op.drop_index('ix_leads_owner')

    op.drop_table('leads')
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.drop_index('ux_invoice_number')
        batch_op.drop_index('ix_invoice_salesorder_id')
        batch_op.drop_index('ix_invoice_recent')
        batch_op.drop_index('ix_invoice_potential_id')
        batch_op.drop_index('ix_invoice_owner')
        batch_op.drop_index('ix_invoice_contact_id')
        batch_op.drop_index('ix_invoice_account_id')

    op.drop_table('invoice')
    with op.batch_alter_table('helpdesk', schema=None) as batch_op:
        batch_op.drop_index('ux_helpdesk_number')
        batch_op.drop_index('ix_helpdesk_recent')
        batch_op.drop_index('ix_helpdesk_product_id')
        batch_op.drop_index('ix_helpdesk_parent_id')
        batch_op.drop_index('ix_helpdesk_owner')
        batch_op.drop_index('ix_helpdesk_contact_id')

    op.drop_table('helpdesk')
    op.drop_table('group_member')
    with op.batch_alter_table('faq', schema=None) as batch_op:
        batch_op.drop_index('ux_faq_number')
        batch_op.drop_index('ix_faq_recent')
        batch_op.drop_index('ix_faq_product_id')

    op.drop_table('faq')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_recent')
        batch_op.drop_index('ix_events_parent_id')
        batch_op.drop_index('ix_events_owner')
        batch_op.drop_index('ix_events_contact_id')

    op.drop_table('events')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ux_documents_number')
        batch_op.drop_index('ix_documents_recent')
        batch_op.drop_index('ix_documents_owner')

    op.drop_table('documents')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ux_contacts_number')
        batch_op.drop_index('ix_contacts_recent')
        batch_op.drop_index('ix_contacts_owner')
        batch_op.drop_index('ix_contacts_contact_id')
        batch_op.drop_index('ix_contacts_account_id')

    op.drop_table('contacts')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_related_to')
        batch_op.drop_index('ix_comments_recent')
        batch_op.drop_index('ix_comments_parent_comments')
        batch_op.drop_index('ix_comments_customer')

    op.drop_table('comments')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index('ux_campaigns_number')
        batch_op.drop_index('ix_campaigns_recent')
        batch_op.drop_index('ix_campaigns_product_id')
        batch_op.drop_index('ix_campaigns_owner')

    op.drop_table('campaigns')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_user')
        batch_op.drop_index('ix_calls_recent')
        batch_op.drop_index('ix_calls_owner')
        batch_op.drop_index('ix_calls_customer')

    op.drop_table('calls')
    with op.batch_alter_table('assets', schema=None) as batch_op:
        batch_op.drop_index('ux_assets_number')
        batch_op.drop_index('ix_assets_recent')
        batch_op.drop_index('ix_assets_product')
        batch_op.drop_index('ix_assets_owner')
        batch_op.drop_index('ix_assets_invoiceid')
        batch_op.drop_index('ix_assets_contact')
        batch_op.drop_index('ix_assets_account')

    op.drop_table('assets')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_index('ux_accounts_number')
        batch_op.drop_index('ix_accounts_recent')
        batch_op.drop_index('ix_accounts_owner')
        batch_op.drop_index('ix_accounts_account_id')

    op.drop_table('accounts')
    op.drop_table('users')
    op.drop_table('search_document')
    with op.batch_alter_table('record_history', schema=None) as batch_op:
        batch_op.drop_index('ix_record_history_record')

    op.drop_table('record_history')
    op.drop_table('pricebook_price')
    with op.batch_alter_table('phone_index', schema=None) as batch_op:
        batch_op.drop_index('ix_phone_index_record')

    op.drop_table('phone_index')
    with op.batch_alter_table('inventory_line', schema=None) as batch_op:
        batch_op.drop_index('ix_inventory_line_record')

    op.drop_table('inventory_line')
    op.drop_table('groups')
    with op.batch_alter_table('email_index', schema=None) as batch_op:
        batch_op.drop_index('ix_email_index_record')

    op.drop_table('email_index')
    with op.batch_alter_table('crm_relation', schema=None) as batch_op:
        batch_op.drop_index('ix_crm_relation_right')
        batch_op.drop_index('ix_crm_relation_left')

    op.drop_table('crm_relation')
    op.drop_table('stored_file')
    op.drop_table('principal')
    op.drop_table('module_numbering')
    op.drop_table('inventory_tax')
    op.drop_table('event_log')
    op.drop_table('custom_field')
    with op.batch_alter_table('crm_entity', schema=None) as batch_op:
        batch_op.drop_index('ix_crm_entity_module_deleted')

    op.drop_table('crm_entity')
