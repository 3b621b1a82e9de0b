"""Mail we send: the acknowledgement of a new ticket and an agent's reply go
out through a real SMTP relay, threaded so the customer's answer comes back
to the ticket; a relay that is down loses nothing."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest
from sqlalchemy import select
from test_intake import SUPPORT, deliver, message, records

from crm_core.errors import ValidationFailed
from crm_core.records.model import Condition, Op
from crm_core.storage.schema import mail_outbox
from mail.intake import Outcome
from mail.outbox import Relay
from mail.system import MailSystem
from tests.smtp_relay import Relayed, start_relay


async def sent(mail: MailSystem) -> None:
    mail.outbox.wake()
    await asyncio.sleep(0)
    await asyncio.wait_for(mail.outbox.settled(), 10)


async def test_a_new_ticket_is_acknowledged_in_the_customers_language(
    crm: Any, mail: MailSystem, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    opened = await deliver(mail, message("Не работает телефон", message_id="ru1@client"))
    english = await deliver(
        mail,
        message("Phone is down", sender="John <john@client.example>", message_id="en1@client",
                body="Our phone does not work."),
    )  # fmt: skip
    await sent(mail)
    assert len(relayed.messages) == 2
    (envelope_from, to, ack), (_, to_en, ack_en) = relayed.messages
    assert envelope_from == SUPPORT
    assert to == ["petr@client.example.ru"]
    assert f"[{opened.record}]" in ack["Subject"]
    assert "обращение" in ack["Subject"].lower() or "принято" in ack["Subject"].lower()
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["In-Reply-To"] == "<ru1@client>"
    assert ack["Message-ID"].endswith("@switchboard.example>") or "@" in ack["Message-ID"]
    assert "Служба поддержки" in ack.get_content()
    assert to_en == ["john@client.example"]
    assert "We have received" in ack_en["Subject"] and f"[{english.record}]" in ack_en["Subject"]
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, opened.record))
    outbound = await records(
        crm,
        "Emails",
        Condition("parent_id", Op.EQ, ticket.id),
        Condition("direction", Op.EQ, "outbound"),
    )
    assert [e.get("email_flag") for e in outbound] == ["SENT"]


async def test_no_acknowledgement_for_automatic_mail_or_too_often(
    crm: Any, mail: MailSystem, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    away = await deliver(
        mail,
        message("Автоответ", message_id="ooo@c", headers="Auto-Submitted: auto-replied\r\n"),
    )
    assert away.outcome is Outcome.STORED
    for n in range(5):
        await deliver(mail, message(f"Вопрос {n}", message_id=f"q{n}@c"))
    await sent(mail)
    assert len(await records(crm, "HelpDesk")) == 5
    assert len(relayed.messages) == 3  # acknowledgements_per_hour


async def test_an_agent_reply_goes_out_threaded_and_the_answer_comes_back(
    crm: Any, mail: MailSystem, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    mail.intake.replies = None  # no acknowledgement: only the reply is relayed
    opened = await deliver(mail, message("Не работает телефон", message_id="c1@client"))
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, opened.record))
    answer = await mail.replies.reply(crm.agent, ticket.id, "Перезагрузите, пожалуйста, роутер.")
    await sent(mail)
    [(_, to, out)] = relayed.messages
    assert to == ["petr@client.example.ru"]
    assert out["Subject"] == f"Re: Не работает телефон [{opened.record}]"
    assert out["In-Reply-To"] == "<c1@client>"
    assert "<c1@client>" in out["References"]
    assert out["Message-ID"] == f"<{answer.get('message_id')}>"
    assert "Auto-Submitted" not in out
    assert "роутер" in out.get_content()
    again = await crm.records.get(crm.admin, "Emails", answer.id)
    assert again.get("email_flag") == "SENT"

    back = await deliver(
        mail,
        message(
            "Re: ваш ответ",
            message_id="c2@client",
            headers=f"In-Reply-To: {out['Message-ID']}\r\nReferences: {out['Message-ID']}\r\n",
        ),
    )
    assert (back.outcome, back.record) == (Outcome.REPLY, opened.record)


async def test_a_reply_waits_for_a_relay_that_is_down(crm: Any, mail: MailSystem) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mail.outbox.relay = Relay("127.0.0.1", port, timeout_s=2)
    mail.outbox.first_pause_s = 0.2
    mail.intake.replies = None
    opened = await deliver(mail, message("Вопрос", message_id="d1@client"))
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, opened.record))
    answer = await mail.replies.reply(crm.agent, ticket.id, "Ответ")
    await sent(mail)
    queued = await crm.records.get(crm.admin, "Emails", answer.id)
    assert queued.get("email_flag") == "QUEUED"
    assert "ConnectionRefusedError" in queued.get("delivery_notes")

    relayed = Relayed()
    server = await start_relay(relayed, port)  # the relay is back
    try:
        await asyncio.wait_for(relayed.arrived.wait(), 10)
        await sent(mail)
    finally:
        server.close()
        await server.wait_closed()
    assert len(relayed.messages) == 1
    done = await crm.records.get(crm.admin, "Emails", answer.id)
    assert done.get("email_flag") == "SENT"


async def test_bad_replies_are_refused_and_nothing_is_queued(
    crm: Any, mail: MailSystem, relay: tuple[Relayed, int]
) -> None:
    mail.intake.replies = None
    opened = await deliver(mail, message("Вопрос", message_id="b1@client"))
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, opened.record))
    with pytest.raises(ValidationFailed, match="empty"):
        await mail.replies.reply(crm.agent, ticket.id, "   ")
    with pytest.raises(ValidationFailed):
        await mail.replies.reply(crm.agent, ticket.id, "Ответ", ["x@y.example\r\nBcc: z@evil"])
    orphan = await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": "Без контакта"})
    with pytest.raises(ValidationFailed, match="no email address"):
        await mail.replies.reply(crm.agent, orphan.id, "Ответ")
    outbound = await records(crm, "Emails", Condition("direction", Op.EQ, "outbound"))
    assert outbound == []
    await sent(mail)
    assert relay[0].messages == []


async def test_without_a_relay_mail_waits_in_the_outbox(crm: Any, mail: MailSystem) -> None:
    mail.outbox.relay = Relay("", 25)
    mail.intake.replies = None
    opened = await deliver(mail, message("Вопрос", message_id="n1@client"))
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, opened.record))
    answer = await mail.replies.reply(crm.agent, ticket.id, "Ответ")
    await sent(mail)
    waiting = await crm.records.get(crm.admin, "Emails", answer.id)
    assert waiting.get("email_flag") == "QUEUED"
    async with crm.runtime.db.read() as conn:
        [row] = (await conn.execute(select(mail_outbox))).all()
    assert (row.state, row.attempts) == ("queued", 0)


async def test_a_reply_answers_the_customer_not_our_acknowledgement(
    crm: Any, mail: MailSystem, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    opened = await deliver(mail, message("Не работает телефон", message_id="k1@client"))
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, opened.record))
    await mail.replies.reply(crm.agent, ticket.id, "Уже смотрим.")
    await sent(mail)
    [(_, _, ack), (_, _, reply)] = relayed.messages
    assert ack["Auto-Submitted"] == "auto-replied"
    assert reply["In-Reply-To"] == "<k1@client>"
    assert ack["Message-ID"] in reply["References"]
    assert "<k1@client>" in reply["References"]
