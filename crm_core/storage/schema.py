"""The tables every installation has, whatever its modules.

Module tables (one per CRM module) are built from the declarations in
``crm_core.storage.module_tables``; this file holds what sits around them: the
shared record id space, principals, the event log, history, relations, lookup
indexes and custom field definitions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps stored as naive UTC and read back as aware UTC.

    SQLite has no time zones and PostgreSQL's ``timestamp`` has none either;
    storing UTC everywhere makes both databases sort and compare alike.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC was expected")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


MONEY = Numeric(25, 8)
RATE = Numeric(7, 3)

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# Users and groups share one id space, so an owner column can hold either.
principal = Table(
    "principal",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, ForeignKey("principal.id", ondelete="CASCADE"), primary_key=True),
    Column("user_name", String(100), nullable=False, unique=True),
    Column("first_name", String(40), nullable=False, server_default=""),
    Column("last_name", String(80), nullable=False),
    Column("email1", String(254), nullable=False, server_default=""),
    Column("is_admin", Boolean, nullable=False, server_default="0"),
    Column("status", String(10), nullable=False, server_default="Active"),
    Column("language", String(5), nullable=False, server_default="ru"),
    Column("time_zone", String(60), nullable=False, server_default="Europe/Moscow"),
    Column("phone_extension", String(20), nullable=True, unique=True),
    Column("password_hash", String(200), nullable=True),
    Column("is_system", Boolean, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
)

groups = Table(
    "groups",
    metadata,
    Column("id", Integer, ForeignKey("principal.id", ondelete="CASCADE"), primary_key=True),
    Column("groupname", String(100), nullable=False, unique=True),
    Column("description", Text, nullable=False, server_default=""),
)

group_member = Table(
    "group_member",
    metadata,
    Column("group_id", Integer, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

# One id space for every record of every module, as vtiger's crmentity.
crm_entity = Table(
    "crm_entity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("module", String(40), nullable=False),
    Column("label", String(255), nullable=False, server_default=""),
    Column("deleted", Boolean, nullable=False, server_default="0"),
    Index("ix_crm_entity_module_deleted", "module", "deleted"),
)

module_numbering = Table(
    "module_numbering",
    metadata,
    Column("module", String(40), primary_key=True),
    Column("prefix", String(20), nullable=False),
    Column("width", Integer, nullable=False),
    Column("next_number", BigInteger, nullable=False),
)

# The outbox: written in the record's transaction, delivered after commit.
event_log = Table(
    "event_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("type", String(40), nullable=False),
    Column("op", String(20), nullable=False),
    Column("module", String(40), nullable=True),
    Column("record_id", Integer, nullable=True),
    Column("actor_id", Integer, nullable=True),
    Column("payload", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

record_history = Table(
    "record_history",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("record_id", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), nullable=False),
    Column("module", String(40), nullable=False),
    Column("actor_id", Integer, nullable=True),
    Column("op", String(20), nullable=False),
    Column("changes", JSON, nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
    Index("ix_record_history_record", "record_id", "id"),
)

# Many-to-many links (contacts in campaigns, documents on any record).
crm_relation = Table(
    "crm_relation",
    metadata,
    Column("left_id", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), primary_key=True),
    Column("right_id", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), primary_key=True),
    Column("left_module", String(40), nullable=False),
    Column("right_module", String(40), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_crm_relation_right", "right_id", "left_module"),
    Index("ix_crm_relation_left", "left_id", "right_module"),
)

# E.164 numbers of every phone field, so a caller is found in one indexed query.
phone_index = Table(
    "phone_index",
    metadata,
    Column("number", String(20), primary_key=True),
    Column("record_id", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), primary_key=True),
    Column("field", String(60), primary_key=True),
    Index("ix_phone_index_record", "record_id"),
)

email_index = Table(
    "email_index",
    metadata,
    Column("email", String(254), primary_key=True),
    Column("record_id", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), primary_key=True),
    Column("field", String(60), primary_key=True),
    Index("ix_email_index_record", "record_id"),
)

custom_field = Table(
    "custom_field",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("module", String(40), nullable=False),
    Column("name", String(60), nullable=False),
    Column("label", String(100), nullable=False),
    Column("type", String(20), nullable=False),
    Column("required", Boolean, nullable=False, server_default="0"),
    Column("max_length", Integer, nullable=True),
    Column("picklist", JSON, nullable=False),
    Column("targets", JSON, nullable=False),
    Column("block", String(60), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("module", "name"),
)

inventory_tax = Table(
    "inventory_tax",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("taxname", String(10), nullable=False, unique=True),
    Column("taxlabel", String(50), nullable=False),
    Column("percentage", RATE, nullable=False),
    Column("deleted", Boolean, nullable=False, server_default="0"),
)

# Line items of quotes, orders and invoices (vtiger_inventoryproductrel).
inventory_line = Table(
    "inventory_line",
    metadata,
    Column("lineitem_id", Integer, primary_key=True),
    Column("id", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), nullable=False),
    Column("sequence_no", Integer, nullable=False),
    Column("productid", Integer, ForeignKey("crm_entity.id"), nullable=False),
    Column("quantity", Numeric(25, 3), nullable=False),
    Column("listprice", MONEY, nullable=False),
    Column("discount_percent", RATE, nullable=True),
    Column("discount_amount", MONEY, nullable=True),
    Column("comment", Text, nullable=False, server_default=""),
    Column("description", Text, nullable=False, server_default=""),
    Column("tax1", RATE, nullable=True),
    Column("tax2", RATE, nullable=True),
    Column("tax3", RATE, nullable=True),
    Column("net_total", MONEY, nullable=False),
    Index("ix_inventory_line_record", "id", "sequence_no"),
)

# The list price of a product or service in a price book.
pricebook_price = Table(
    "pricebook_price",
    metadata,
    Column(
        "pricebookid", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("productid", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), primary_key=True),
    Column("listprice", MONEY, nullable=False),
)

# Content-addressed files under the data directory, written before this row commits.
stored_file = Table(
    "stored_file",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# Stemmed search terms per record; the full-text index is built over this.
search_document = Table(
    "search_document",
    metadata,
    Column("record_id", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), primary_key=True),
    Column("terms", Text, nullable=False),
)

# -- access control (vtiger's roles, profiles, groups and sharing) -------------

# Roles form a tree kept as a path ("H1::H2::H5"), so "subordinates of H2" is a
# prefix match and needs no recursive query.
roles = Table(
    "roles",
    metadata,
    Column("id", String(20), primary_key=True),
    Column("rolename", String(100), nullable=False),
    Column("parentrole", String(255), nullable=False, unique=True),
)

user_role = Table(
    "user_role",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", String(20), ForeignKey("roles.id"), nullable=False),
)

profiles = Table(
    "profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("profilename", String(100), nullable=False, unique=True),
    Column("description", Text, nullable=False, server_default=""),
    Column("view_all", Boolean, nullable=False, server_default="0"),
    Column("edit_all", Boolean, nullable=False, server_default="0"),
)

role_profile = Table(
    "role_profile",
    metadata,
    Column("role_id", String(20), ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
)

# Module rights per profile; a module without a row is not accessible.
profile_module = Table(
    "profile_module",
    metadata,
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("module", String(40), primary_key=True),
    Column("can_view", Boolean, nullable=False),
    Column("can_create", Boolean, nullable=False),
    Column("can_edit", Boolean, nullable=False),
    Column("can_delete", Boolean, nullable=False),
)

# Field rights per profile: "hidden" or "readonly"; fields without a row are editable.
profile_field = Table(
    "profile_field",
    metadata,
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("module", String(40), primary_key=True),
    Column("field", String(60), primary_key=True),
    Column("access", String(10), nullable=False),
)

profile_tool = Table(
    "profile_tool",
    metadata,
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("tool", String(30), primary_key=True),
)

# A group's members: users directly, and roles (optionally with their subordinates).
group_role = Table(
    "group_role",
    metadata,
    Column("group_id", Integer, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", String(20), ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
    Column("subordinates", Boolean, nullable=False, server_default="0"),
)

# Organisation-wide default per owned module: private, public_read or public_write.
org_sharing = Table(
    "org_sharing",
    metadata,
    Column("module", String(40), primary_key=True),
    Column("level", String(12), nullable=False),
)

# "Records of <module> owned by <source> are shared with <target> read-only or
# read-write"; source and target are a role, a role with subordinates, or a group.
sharing_rule = Table(
    "sharing_rule",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("module", String(40), nullable=False),
    Column("source_kind", String(10), nullable=False),
    Column("source_id", String(20), nullable=False),
    Column("target_kind", String(10), nullable=False),
    Column("target_id", String(20), nullable=False),
    Column("access", String(5), nullable=False),
)

# -- sign-in -------------------------------------------------------------------

# Browser sessions; only a hash of the cookie value is stored.
user_session = Table(
    "user_session",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("address", String(64), nullable=False, server_default=""),
    Column("user_agent", String(300), nullable=False, server_default=""),
    Index("ix_user_session_user", "user_id"),
)

# API tokens for scripts and integrations; shown once, stored hashed.
api_token = Table(
    "api_token",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
)

# Every sign-in attempt, kept for the audit and for throttling.
signin_audit = Table(
    "signin_audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_name", String(100), nullable=False),
    Column("user_id", Integer, nullable=True),
    Column("address", String(64), nullable=False),
    Column("success", Boolean, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_signin_audit_user_at", "user_name", "at"),
    Index("ix_signin_audit_address_at", "address", "at"),
)

# Customers who sign in to the portal: each is tied to one contact.
portal_user = Table(
    "portal_user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "contact_id",
        Integer,
        ForeignKey("crm_entity.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("login", String(254), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=True),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("account_wide", Boolean, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_signin_at", UTCDateTime, nullable=True),
)

# One-time portal links (an invitation, a password reset): only a hash of the
# secret is stored; a link works once and until it expires.
portal_token = Table(
    "portal_token",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column(
        "portal_user_id",
        Integer,
        ForeignKey("portal_user.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("purpose", String(10), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
    Index("ix_portal_token_user", "portal_user_id"),
)

# Customers' browser sessions, apart from staff's: another table, another cookie.
portal_session = Table(
    "portal_session",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column(
        "portal_user_id",
        Integer,
        ForeignKey("portal_user.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Index("ix_portal_session_user", "portal_user_id"),
)

# Failed portal sign-ins (and refused reset requests), counted for throttling.
portal_signin_failure = Table(
    "portal_signin_failure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("login", String(254), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_portal_signin_failure_login_at", "login", "at"),
    Index("ix_portal_signin_failure_address_at", "address", "at"),
)

# The addresses the CRM receives mail for, and what a new message there makes.
mailbox = Table(
    "mailbox",
    metadata,
    Column("address", String(254), primary_key=True),
    Column("creates", String(10), nullable=False),
    Column("owner_id", Integer, ForeignKey("principal.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# Every message accepted, until it is processed: its bytes are in the file
# store (by sha256) before SMTP answers 250 or IMAP marks it, so a crash
# between accepting and processing loses nothing.
mail_spool = Table(
    "mail_spool",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("mailbox", String(254), nullable=False),
    Column("source", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("envelope_from", String(998), nullable=True),
    Column("acknowledge", Boolean, nullable=False, server_default="1"),
    Column("received_at", UTCDateTime, nullable=False),
    Column("state", String(12), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("outcome", JSON, nullable=True),
    Column("error", Text, nullable=True),
    Index("ix_mail_spool_state", "state", "id"),
)

# Mail rules of a mailbox (vtiger's mail converter rules), asked in priority order.
mail_rule = Table(
    "mail_rule",
    metadata,
    Column("id", Integer, primary_key=True),
    # Not a foreign key: a mailbox declared in the settings file has no row.
    Column("mailbox", String(254), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("conditions", JSON, nullable=False),
    Column("match_all", Boolean, nullable=False, server_default="1"),
    Column("action", String(20), nullable=False),
    Column("assign_to", Integer, ForeignKey("principal.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_mail_rule_mailbox", "mailbox", "priority"),
)

# Mail on its way out: each row is an Emails record's message, its bytes in
# the file store, waiting for the relay; retried until it is taken.
mail_outbox = Table(
    "mail_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email_id", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("envelope_from", String(254), nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("state", String(10), nullable=False, server_default="queued"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_mail_outbox_due", "state", "next_attempt_at"),
)

# Where the IMAP poller got to in each folder it reads: the last UID stored in
# the spool, valid only while the folder keeps the same UIDVALIDITY.
imap_state = Table(
    "imap_state",
    metadata,
    Column("account", String(300), primary_key=True),
    Column("folder", String(255), primary_key=True),
    Column("uidvalidity", BigInteger, nullable=False),
    Column("last_uid", BigInteger, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# A list view someone saved under a name (vtiger's custom views): the list's
# query (filters, sort, columns) for one module, theirs alone or shared.
saved_view = Table(
    "saved_view",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("module", String(40), nullable=False),
    Column("name", String(100), nullable=False),
    Column("query", Text, nullable=False),
    Column("shared", Boolean, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_id", "module", "name"),
    Index("ix_saved_view_module", "module"),
)

# Public web forms (vtiger's Webforms): each makes leads, contacts or tickets
# from a website; ``public_id`` is the key in the form's address and
# ``secret`` signs its challenges.
web_form = Table(
    "web_form",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("public_id", String(32), nullable=False, unique=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("module", String(40), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("enabled", Boolean, nullable=False, server_default="1"),
    Column("owner_id", Integer, ForeignKey("principal.id", ondelete="SET NULL"), nullable=True),
    Column("return_url", String(2000), nullable=False, server_default=""),
    Column("thank_you", Text, nullable=False, server_default=""),
    Column("challenge", Boolean, nullable=False, server_default="0"),
    Column("secret", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# The module fields a web form shows (or fills with a hidden default), in order.
web_form_field = Table(
    "web_form_field",
    metadata,
    Column("form_id", Integer, ForeignKey("web_form.id", ondelete="CASCADE"), primary_key=True),
    Column("field", String(60), primary_key=True),
    Column("label", String(100), nullable=False, server_default=""),
    Column("required", Boolean, nullable=False, server_default="0"),
    Column("hidden", Boolean, nullable=False, server_default="0"),
    Column("default_value", JSON, nullable=True),
    Column("sequence", Integer, nullable=False),
)

# Every web form submission that got past the rate limit and what became of
# it; counted per client address for the rate limit. A challenge's nonce is
# kept so that one answer is accepted once.
web_form_submission = Table(
    "web_form_submission",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("form_id", Integer, ForeignKey("web_form.id", ondelete="CASCADE"), nullable=False),
    Column("address", String(64), nullable=False),
    Column("outcome", String(12), nullable=False),
    Column("module", String(40), nullable=True),
    Column("record_id", Integer, ForeignKey("crm_entity.id", ondelete="SET NULL"), nullable=True),
    Column("detail", JSON, nullable=False),
    Column("challenge_nonce", String(32), nullable=True, unique=True),
    Column("submitted_at", UTCDateTime, nullable=False),
    Index("ix_web_form_submission_address", "address", "submitted_at"),
    Index("ix_web_form_submission_form", "form_id", "id"),
)

# Workflows (vtiger's com_vtiger_workflows): a module's rule, what fires it,
# its conditions and its ordered actions, as administrators declared them.
workflow = Table(
    "workflow",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("module", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("trigger", JSON, nullable=False),
    Column("conditions", JSON, nullable=False),
    Column("actions", JSON, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("secret", String(64), nullable=False),
    Column("created_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_workflow_module", "module", "active"),
)

# Each run of a workflow on a record: what fired it, what it did, how it
# ended. ``run_key`` (the event or job and the workflow) makes a run happen
# once however often its event or job is handled.
workflow_run = Table(
    "workflow_run",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("workflow_id", Integer, ForeignKey("workflow.id", ondelete="CASCADE"), nullable=False),
    Column("run_key", String(100), nullable=False, unique=True),
    Column("module", String(40), nullable=False),
    Column("record_id", Integer, nullable=True),
    Column("trigger", String(20), nullable=False),
    Column("depth", Integer, nullable=False, server_default="0"),
    Column("actions", JSON, nullable=False),
    Column("outcome", String(12), nullable=False),
    Column("error", Text, nullable=True),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_workflow_run_record", "record_id", "at"),
    Index("ix_workflow_run_workflow", "workflow_id", "at"),
)

# Record versions written by a workflow's actions and how deeply nested the
# run was, so the save they cause is known as the workflow's own (loop guard).
workflow_cause = Table(
    "workflow_cause",
    metadata,
    Column("record_id", Integer, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("depth", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# Stored timers: time-based triggers, schedules, webhook and email retries,
# SLA deadlines. A job is claimed by a conditional UPDATE with a lease, so
# one node runs it; a crashed node's lease runs out and the job is taken again.
timer_job = Table(
    "timer_job",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("job_key", String(200), nullable=False, unique=True),
    Column("workflow_id", Integer, ForeignKey("workflow.id", ondelete="CASCADE"), nullable=True),
    Column("record_id", Integer, nullable=True),
    Column("payload", JSON, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("state", String(10), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("claimed_by", String(64), nullable=True),
    Column("claimed_until", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Index("ix_timer_job_due", "state", "due_at"),
)

# Where a consumer of the event log got to (the workflow engine): a restart
# resumes after this id, so no event is missed between commit and handling.
event_cursor = Table(
    "event_cursor",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("last_event_id", BigInteger, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Round-robin assignment: the member of a group a workflow gave the last record.
workflow_rotation = Table(
    "workflow_rotation",
    metadata,
    Column("workflow_id", Integer, ForeignKey("workflow.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", Integer, primary_key=True),
    Column("last_user_id", Integer, nullable=True),
)

# SLA business calendars: working intervals per weekday in a time zone, and
# holidays (workflows/sla).
sla_calendar = Table(
    "sla_calendar",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("week", JSON, nullable=False),
    Column("holidays", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# SLA policies, asked in ``position`` order: the first whose conditions a
# ticket meets gives its first-response and resolution targets.
sla_policy = Table(
    "sla_policy",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("conditions", JSON, nullable=False),
    Column(
        "calendar_id", Integer, ForeignKey("sla_calendar.id", ondelete="RESTRICT"), nullable=True
    ),
    Column("targets", JSON, nullable=False),
    Column("remind_before_minutes", Integer, nullable=True),
    Column("reminder", JSON, nullable=False),
    Column("escalation", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_sla_policy_position", "position"),
)

# Each ticket's SLA clock (``workflows.sla.clock`` as JSON), with the id of
# the last event applied to it, so an event handled again after a crash
# changes nothing, and a version for writes from several nodes.
sla_ticket = Table(
    "sla_ticket",
    metadata,
    Column("ticket_id", Integer, primary_key=True),
    Column("clock", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("last_event_id", BigInteger, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
