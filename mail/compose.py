"""Outgoing messages: the bytes a reply or an acknowledgement goes out as.

Every message we send carries a Message-ID of ours (so an answer to it finds
its thread by In-Reply-To/References), the ticket number in its subject (so an
answer from a client that drops headers still does), and, when a machine wrote
it, ``Auto-Submitted: auto-replied`` (so the customer's own auto-responder
stays quiet). Headers are built by the standard library's email package, which
refuses a line break inside a header: a subject cannot smuggle in a Bcc.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from crm_core.errors import FieldError, ValidationFailed

CYRILLIC_RE = re.compile(r"[А-Яа-яЁё]")


@dataclass(frozen=True)
class Outgoing:
    from_address: str
    from_name: str
    to: Sequence[str]
    subject: str
    body: str
    message_id: str
    cc: Sequence[str] = ()
    in_reply_to: str | None = None
    references: Sequence[str] = ()
    automatic: bool = False
    html: str | None = None
    """Sent beside ``body`` as its HTML alternative."""

    def as_bytes(self) -> bytes:
        message = EmailMessage(policy=SMTP)
        try:
            message["From"] = formataddr((self.from_name, self.from_address))
            message["To"] = ", ".join(self.to)
            if self.cc:
                message["Cc"] = ", ".join(self.cc)
            message["Subject"] = self.subject
            message["Date"] = formatdate(usegmt=True)
            message["Message-ID"] = f"<{self.message_id}>"
            if self.in_reply_to:
                message["In-Reply-To"] = f"<{self.in_reply_to}>"
            if self.references:
                message["References"] = " ".join(f"<{r}>" for r in self.references)
            if self.automatic:
                message["Auto-Submitted"] = "auto-replied"
            message.set_content(self.body)
            if self.html:
                message.add_alternative(self.html, subtype="html")
        except ValueError as exc:
            raise ValidationFailed("Emails", [FieldError("message", str(exc))]) from None
        return message.as_bytes()


def new_message_id(number: str | None, domain: str) -> str:
    """Ours, unique, and saying which ticket it belongs to when read by a person."""
    return f"{(number or 'sb').lower()}.{int(time.time())}.{secrets.token_hex(6)}@{domain}"


def tagged_subject(subject: str, number: str | None, *, reply: bool) -> str:
    text = " ".join(subject.split())
    if reply and not re.match(r"(?i)^(re|отв)\s*:", text):
        text = f"Re: {text}"
    if number and f"[{number}]".lower() not in text.lower():
        text = f"{text} [{number}]"
    return text


def language_of(*texts: str) -> str:
    """The customer's language, read from what they wrote: Russian if it has
    Cyrillic letters, else English."""
    return "ru" if any(CYRILLIC_RE.search(t) for t in texts) else "en"


class Templates:
    """Message templates: ours in mail/templates, overridden by a file of the
    same name in the data directory's templates/mail/ (editable without code).
    Rendered in a sandbox, since administrators write them."""

    def __init__(self, data_dir: Path) -> None:
        self.environment = SandboxedEnvironment(
            loader=ChoiceLoader(
                [
                    FileSystemLoader(data_dir / "templates" / "mail"),
                    PackageLoader("mail", "templates"),
                ]
            ),
            autoescape=False,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )

    def render(self, template: str, language: str, **values: object) -> tuple[str, str]:
        """(subject, body) of ``template`` in ``language``: its first line is
        the subject, the rest after a blank line the body."""
        text = self.environment.get_template(f"{template}.{language}.txt").render(**values)
        subject, _, body = text.lstrip("\n").partition("\n")
        return " ".join(subject.split()), body.lstrip("\n")
