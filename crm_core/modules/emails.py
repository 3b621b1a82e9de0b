"""Emails: every message the CRM received or sent, in its record's thread
(vtiger Emails).

vtiger keeps an email as an activity with its addresses and body; ours also
keeps what threading, de-duplication and loop protection need: the
Message-ID and the ids it answers, which mailbox it came through, a hash of
its bytes, and what the CRM made of it.
"""

from crm_core.metadata.fields import (
    boolean,
    datetime,
    email,
    picklist,
    reference,
    text,
    textarea,
)
from crm_core.metadata.module import Module

INFO = "LBL_EMAIL_INFORMATION"
MAIL = "LBL_MAIL_DETAILS"

EMAIL_FLAGS = ("RECEIVED", "SENT", "QUEUED", "FAILED", "BOUNCED", "SAVED", "MAILSCANNER")
DIRECTIONS = ("inbound", "outbound")
THREAD_MODULES = ("HelpDesk", "Contacts", "Leads", "Accounts", "Potentials", "Project")

EMAILS = Module(
    name="Emails",
    label="Emails",
    singular="Email",
    table="emails",
    menu="Tools",
    label_fields=("subject",),
    search_fields=("subject", "from_email", "saved_toid", "description"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=998, block=INFO, uitype=2),
        email("from_email", "From", block=INFO, uitype=12),
        text("from_name", "From Name", max_length=255, block=INFO),
        text("saved_toid", "To", max_length=4000, block=INFO, uitype=8),
        text("ccmail", "CC", max_length=4000, block=INFO, uitype=8),
        text("bccmail", "BCC", max_length=4000, block=INFO, uitype=8),
        datetime("date_start", "Date & Time Sent", block=INFO, uitype=6),
        reference("parent_id", "Related To", THREAD_MODULES, block=INFO, uitype=357),
        reference("contact_id", "Contact", ("Contacts",), block=INFO, uitype=10),
        picklist("email_flag", "Email Flag", EMAIL_FLAGS, block=INFO, uitype=16),
        # Ours, not vtiger's: filled in by the email channel.
        picklist("direction", "Direction", DIRECTIONS, block=MAIL),
        email("mailbox", "Mailbox", block=MAIL),
        text("message_id", "Message-ID", max_length=998, block=MAIL, indexed=True),
        text("in_reply_to", "In-Reply-To", max_length=998, block=MAIL),
        textarea("mail_references", "References", block=MAIL),
        text("content_hash", "Content Hash", max_length=64, block=MAIL, indexed=True),
        textarea("body_html", "HTML Body", block=MAIL),
        text("outcome", "Outcome", max_length=40, block=MAIL),
        boolean("auto_reply_allowed", "Auto-Reply Allowed", block=MAIL),
        textarea("delivery_notes", "Delivery Notes", block=MAIL),
    ),
)
