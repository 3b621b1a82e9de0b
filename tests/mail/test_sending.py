"""``mail.send``: what other channels ask the mail channel to send goes out
through a real SMTP relay, filed under its record; a private message's body
is sent but not kept; a bad request queues nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from test_intake import records
from test_outbound import sent

from crm_core.errors import InvalidRequest, NotFound, ValidationFailed
from crm_core.records.model import Condition, Op
from crm_core.storage.schema import mail_outbox
from mail.sending import send_service
from mail.system import MailSystem
from tests.smtp_relay import Relayed


async def queued(crm: Any) -> int:
    async with crm.runtime.db.read() as conn:
        return int((await conn.execute(select(func.count()).select_from(mail_outbox))).scalar_one())


async def test_a_message_goes_out_with_its_html_and_shows_on_its_record(
    crm: Any, mail: MailSystem, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    contact = await crm.runtime.records.create(
        crm.admin, "Contacts", {"lastname": "Орлова", "email": "olga@client.example"}
    )
    send = send_service(mail.sender)
    answer = await send(
        crm.admin,
        {
            "to": ["olga@client.example"],
            "subject": "Ваш заказ отправлен",
            "body": "Заказ SO-7 в пути.",
            "html": "<p>Заказ <b>SO-7</b> в пути.</p>",
            "related": {"module": "Contacts", "id": contact.id},
        },
    )
    assert answer["state"] == "queued"
    await sent(mail)
    [(envelope_from, to, message)] = relayed.messages
    assert to == ["olga@client.example"]
    assert envelope_from == mail.sender.from_address
    assert message["Subject"] == "Ваш заказ отправлен"
    assert message["Auto-Submitted"] == "auto-replied"
    assert message.get_body(("plain",)).get_content().strip() == "Заказ SO-7 в пути."
    assert "<b>SO-7</b>" in message.get_body(("html",)).get_content()
    [stored] = await records(crm, "Emails", Condition("parent_id", Op.EQ, contact.id))
    assert stored.id == answer["email_id"]
    assert stored.get("contact_id") == contact.id
    assert stored.get("description") == "Заказ SO-7 в пути."
    assert stored.get("email_flag") == "SENT"


async def test_a_private_message_is_sent_but_its_body_not_kept(
    crm: Any, mail: MailSystem, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    link = "https://crm.example/portal/welcome/4f2c9e"
    answer = await send_service(mail.sender)(
        crm.admin,
        {"to": ["olga@client.example"], "subject": "Welcome", "body": link, "private": True},
    )
    await sent(mail)
    assert link in relayed.messages[0][2].get_content()
    stored = await crm.runtime.records.get(crm.admin, "Emails", answer["email_id"])
    assert stored.get("subject") == "Welcome"
    assert not stored.get("description")
    assert stored.get("email_flag") == "SENT"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"subject": "s", "body": "b"}, "to"),
        ({"to": "a@b.example", "subject": "s", "body": "b"}, "to"),
        ({"to": ["not an address"], "subject": "s", "body": "b"}, "to"),
        ({"to": ["a@b.example", "x\r\nBcc: c@d.example"], "subject": "s", "body": "b"}, "to"),
        ({"to": ["a@b.example"], "subject": "", "body": "b"}, "subject"),
        ({"to": ["a@b.example"], "subject": "s" * 999, "body": "b"}, "subject"),
        ({"to": ["a@b.example"], "subject": "s", "body": "  "}, "body"),
        ({"to": ["a@b.example"], "subject": "s", "body": "b", "html": 5}, "html"),
        ({"to": ["a@b.example"], "subject": "s", "body": "b", "private": "yes"}, "private"),
        ({"to": ["a@b.example"], "subject": "s", "body": "b",
          "related": {"module": "Users", "id": 1}}, "related"),
        ({"to": ["a@b.example"], "subject": "s", "body": "b",
          "related": {"module": "Contacts", "id": "1"}}, "related"),
        ({"to": ["a@b.example"], "subject": "Hi\r\nBcc: c@d.example", "body": "b"}, "message"),
    ],
)  # fmt: skip
async def test_a_bad_request_names_its_field_and_queues_nothing(
    crm: Any, mail: MailSystem, payload: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await send_service(mail.sender)(crm.admin, payload)
    assert field in {e.field for e in refused.value.errors}
    assert await queued(crm) == 0


async def test_a_message_cannot_be_filed_under_a_record_the_sender_cannot_see(
    crm: Any, mail: MailSystem
) -> None:
    send = send_service(mail.sender)
    request = {"to": ["a@b.example"], "subject": "s", "body": "b"}
    with pytest.raises(NotFound):
        await send(crm.admin, {**request, "related": {"module": "HelpDesk", "id": 999_999}})
    with pytest.raises(InvalidRequest):
        await send(crm.admin, ["not", "an", "object"])  # type: ignore[arg-type]
    assert await queued(crm) == 0
