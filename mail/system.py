"""The email channel's parts, built once from a runtime: the CLI and the
running hub use the same ones. Building starts nothing: the channel starts
the processor, the outbox and the IMAP pollers, the CLI only what it needs."""

from __future__ import annotations

from dataclasses import dataclass

from crm_core.runtime import Runtime
from mail.compose import Templates
from mail.filing import AttachmentLimits
from mail.imap import ImapAccount, ImapPoller
from mail.intake import Intake
from mail.mailboxes import Mailboxes
from mail.outbox import Outbox, Relay
from mail.processor import MailProcessor
from mail.replies import Replies
from mail.rules import MailRules
from mail.sending import Sender
from mail.spool import Spool


@dataclass
class MailSystem:
    mailboxes: Mailboxes
    rules: MailRules
    spool: Spool
    intake: Intake
    processor: MailProcessor
    outbox: Outbox
    replies: Replies
    sender: Sender
    pollers: list[ImapPoller]
    """One per ``[[mail.imap]]`` account, in the order of the settings."""

    @classmethod
    def build(cls, runtime: Runtime) -> MailSystem:
        settings = runtime.settings.mail
        mailboxes = Mailboxes(runtime.db, settings.mailboxes)
        spool = Spool(runtime.db, runtime.files)
        rules = MailRules(runtime.db)
        relay = Relay(
            settings.relay_host,
            settings.relay_port,
            starttls=settings.relay_starttls,
            username=settings.relay_username,
            password=settings.relay_password.get_secret_value(),
        )
        outbox = Outbox(runtime.db, runtime.files, runtime.records, runtime.system_actor, relay)
        support = f"support@{settings.domain}"
        replies = Replies(
            runtime.records,
            outbox,
            Templates(runtime.settings.data_dir),
            domain=settings.domain,
            fallback_mailbox=support,
            acknowledgements_per_hour=settings.acknowledgements_per_hour,
        )
        intake = Intake(
            runtime.records,
            runtime.system_actor,
            spool,
            mailboxes,
            rules,
            reopen_closed=settings.reopen_closed,
            create_contacts=settings.create_contacts,
            replies=replies if settings.acknowledge_new_tickets else None,
            limits=AttachmentLimits(
                min(runtime.settings.files.max_upload_bytes, settings.max_message_bytes),
                frozenset(t.lower() for t in settings.blocked_attachment_types),
            ),
        )
        processor = MailProcessor(spool, intake, mailboxes)
        pollers = [
            ImapPoller(
                ImapAccount.from_settings(account, settings.domain),
                runtime.db,
                spool,
                processor.wake,
            )
            for account in settings.imap
        ]
        sender = Sender(runtime.records, outbox, domain=settings.domain, from_address=support)
        return cls(mailboxes, rules, spool, intake, processor, outbox, replies, sender, pollers)
