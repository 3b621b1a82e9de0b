"""The email channel's parts, built once from a runtime: the CLI and the
running hub use the same ones."""

from __future__ import annotations

from dataclasses import dataclass

from crm_core.runtime import Runtime
from mail.intake import Intake
from mail.mailboxes import Mailboxes
from mail.processor import MailProcessor
from mail.rules import MailRules
from mail.spool import Spool


@dataclass
class MailSystem:
    mailboxes: Mailboxes
    rules: MailRules
    spool: Spool
    intake: Intake
    processor: MailProcessor

    @classmethod
    def build(cls, runtime: Runtime) -> MailSystem:
        settings = runtime.settings.mail
        mailboxes = Mailboxes(runtime.db, settings.mailboxes)
        spool = Spool(runtime.db, runtime.files)
        rules = MailRules(runtime.db)
        intake = Intake(
            runtime.records,
            runtime.system_actor,
            spool,
            mailboxes,
            rules,
            reopen_closed=settings.reopen_closed,
        )
        return cls(mailboxes, rules, spool, intake, MailProcessor(spool, intake, mailboxes))
