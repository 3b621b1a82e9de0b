"""``mail.send``: a message other channels ask the mail channel to send.

The portal's invitations and the workflows' emails are written by those
channels; only the mail channel sends mail. Each message is stored as an
outbound Emails record (filed under the record it concerns, so it shows on
that record's timeline) and queued in the outbox in one transaction, exactly
like an agent's reply.

A *private* message (a one-time sign-in link) is sent as written but the CRM
keeps only that it was sent: its body would let whoever reads the record use
the link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from crm_core.access import Actor
from crm_core.errors import FieldError, InvalidRequest, ValidationFailed
from crm_core.hub.services import Handler
from crm_core.metadata.fields import EMAIL_RE
from crm_core.modules.emails import THREAD_MODULES
from crm_core.records.model import Record
from crm_core.records.service import RecordService
from crm_core.records.unit import WriteUnit
from mail.compose import Outgoing, new_message_id
from mail.filing import SOURCE, present
from mail.outbox import Outbox

MAX_RECIPIENTS = 50
MAX_SUBJECT = 998
"""RFC 5322's longest line."""


@dataclass(frozen=True)
class Request:
    """A validated ``mail.send`` payload."""

    to: list[str]
    subject: str
    body: str
    html: str | None
    related: tuple[str, int] | None
    private: bool

    @classmethod
    def parse(cls, payload: dict[str, Any]) -> Request:
        errors: list[FieldError] = []
        to = payload.get("to")
        if not isinstance(to, list) or not to or not all(isinstance(a, str) for a in to):
            errors.append(FieldError("to", "must be a list of one or more addresses"))
            to = []
        elif len(to) > MAX_RECIPIENTS:
            errors.append(FieldError("to", f"holds more than {MAX_RECIPIENTS} addresses"))
        else:
            errors += [
                FieldError("to", f"{a!r} is not an email address")
                for a in to
                if not EMAIL_RE.match(a.strip())
            ]
        subject, body, html = payload.get("subject"), payload.get("body"), payload.get("html")
        if not isinstance(subject, str) or not subject.strip():
            errors.append(FieldError("subject", "is empty"))
        elif len(subject) > MAX_SUBJECT:
            errors.append(FieldError("subject", f"is longer than {MAX_SUBJECT} characters"))
        if not isinstance(body, str) or not body.strip():
            errors.append(FieldError("body", "is empty"))
        if html is not None and not isinstance(html, str):
            errors.append(FieldError("html", "must be text"))
        related = _related(payload.get("related"), errors)
        private = payload.get("private", False)
        if not isinstance(private, bool):
            errors.append(FieldError("private", "must be true or false"))
        if errors:
            raise ValidationFailed("Emails", errors)
        return cls([a.strip() for a in to], str(subject), str(body), html or None, related, private)


def _related(value: Any, errors: list[FieldError]) -> tuple[str, int] | None:
    if value is None:
        return None
    module = value.get("module") if isinstance(value, dict) else None
    record_id = value.get("id") if isinstance(value, dict) else None
    if module not in THREAD_MODULES:
        errors.append(FieldError("related", f"module must be one of {', '.join(THREAD_MODULES)}"))
        return None
    if not isinstance(record_id, int) or isinstance(record_id, bool) or record_id < 1:
        errors.append(FieldError("related", "id must be a record's id"))
        return None
    return module, record_id


class Sender:
    def __init__(
        self, records: RecordService, outbox: Outbox, *, domain: str, from_address: str
    ) -> None:
        self.records = records
        self.outbox = outbox
        self.domain = domain
        self.from_address = from_address

    async def send(self, actor: Actor, request: Request) -> Record:
        """Store and queue ``request`` as ``actor``, who must be able to see
        the record it is filed under."""
        parent: Record | None = None
        if request.related is not None:
            parent = await self.records.get(actor, *request.related)
        outgoing = Outgoing(
            from_address=self.from_address,
            from_name="",
            to=request.to,
            subject=request.subject,
            body=request.body,
            html=request.html,
            message_id=new_message_id(None, self.domain),
            automatic=True,
        )
        raw = outgoing.as_bytes()

        async def work(unit: WriteUnit) -> Record:
            email = await unit.create(
                "Emails",
                present(
                    {
                        "subject": request.subject,
                        "from_email": self.from_address,
                        "saved_toid": ", ".join(request.to),
                        "date_start": dt.datetime.now(dt.UTC),
                        "parent_id": parent.id if parent is not None else None,
                        "contact_id": parent.id
                        if parent is not None and parent.module.name == "Contacts"
                        else None,
                        "email_flag": "QUEUED",
                        "direction": "outbound",
                        "mailbox": self.from_address,
                        "message_id": outgoing.message_id,
                        "description": None if request.private else request.body,
                    }
                ),
                source=SOURCE,
            )
            await self.outbox.queue(
                unit,
                email_id=email.id,
                raw=raw,
                envelope_from=self.from_address,
                recipients=request.to,
            )
            return email

        email = await self.records.together(actor, work)
        self.outbox.wake()
        return email


def send_service(sender: Sender) -> Handler:
    async def send(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise InvalidRequest(detail="the request must be an object")
        email = await sender.send(actor, Request.parse(payload))
        return {"email_id": email.id, "state": "queued"}

    return send
