"""Accepted mail into records: new tickets and leads, replies in their thread,
bounces on the message they report, automatic mail only stored, and the same
message never twice."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from mail_corpus import CORPUS

from crm_core.records.model import Condition, Op
from mail.filing import AttachmentLimits
from mail.importer import import_messages
from mail.intake import Outcome, Result
from mail.system import MailSystem

SUPPORT = "support@switchboard.example"
SALES = "sales@switchboard.example"
BOUNCES = {"17_dsn_bounce", "18_dsn_two_recipients_headers_only", "19_bounce_qmail"}
BOUNCES |= {"20_bounce_exim"}
AUTOMATIC = {
    "21_ooo_auto_submitted",  # Auto-Submitted: auto-replied
    "22_ooo_x_autoreply",
    "24_mailing_list",
    "34_empty",  # no sender at all
    "35_no_headers",
    "36_from_own_address",
    "37_null_return_path",
    "38_read_receipt_mdn",
    "40_postmaster_notice",
    "41_bulk_html_meta_charset",
}


@pytest.fixture
async def mail(crm: Any) -> MailSystem:
    system = MailSystem.build(crm.runtime)
    await system.mailboxes.add(SUPPORT, "ticket")
    await system.mailboxes.add(SALES, "lead")
    return system


async def deliver(mail: MailSystem, raw: bytes, mailbox: str = SUPPORT) -> Result:
    item = await mail.spool.get(await mail.spool.accept(raw, mailbox=mailbox, source="test"))
    result = await mail.processor.process(item)
    assert result is not None
    return result


def message(
    subject: str,
    *,
    sender: str = "Пётр Иванов <petr@client.example.ru>",
    message_id: str = "m1@client.example.ru",
    body: str = "Не работает телефон в офисе.",
    headers: str = "",
    to: str = SUPPORT,
) -> bytes:
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-ID: <{message_id}>\r\nDate: Mon, 17 Jun 2024 10:00:00 +0300\r\n"
        f"{headers}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    ).encode()


async def records(crm: Any, module: str, *conditions: Condition) -> list[Any]:
    page = await crm.records.list_records(crm.admin, module, conditions=list(conditions), limit=500)
    return page.records


async def test_the_corpus_imports_once_and_only_once(crm: Any, mail: MailSystem) -> None:
    files = sorted(CORPUS.glob("*.eml"))
    first = [r async for r in import_messages([CORPUS], SUPPORT, mail.spool, mail.processor)]
    assert [Path(r["source"]).name for r in first] == [f.name for f in files]
    outcomes = {Path(r["source"]).stem: r["outcome"] for r in first}
    for name, outcome in outcomes.items():
        if name in BOUNCES:
            assert outcome == "bounce", name
        elif name in AUTOMATIC:
            assert outcome == "stored", name
        else:
            assert outcome == "new_ticket", name
    tickets = await records(crm, "HelpDesk")
    assert len(tickets) == list(outcomes.values()).count("new_ticket")
    assert {r["record"] for r in first if r["outcome"] == "new_ticket"} == {
        t.get("ticket_no") for t in tickets
    }
    assert len(await records(crm, "Emails")) == len(files)
    # Imported mail is old mail: nobody is sent an acknowledgement for it.
    assert await records(crm, "Emails", Condition("direction", Op.EQ, "outbound")) == []
    by_name = {Path(r["source"]).stem: r for r in first}
    assert by_name["01_plain_en"]["auto_reply_allowed"] is True
    assert by_name["21_ooo_auto_submitted"]["auto_reply_allowed"] is False
    assert by_name["01_plain_en"]["message_id"] == "CAF1x9q2Lm@mail.example.com"

    again = [r async for r in import_messages([CORPUS], SUPPORT, mail.spool, mail.processor)]
    assert {r["outcome"] for r in again} == {"duplicate"}
    assert len(await records(crm, "HelpDesk")) == len(tickets)
    assert len(await records(crm, "Emails")) == len(files)


async def test_a_new_message_opens_a_ticket_for_its_sender(crm: Any, mail: MailSystem) -> None:
    koi8 = (CORPUS / "03_koi8r_8bit.eml").read_bytes()
    result = await deliver(mail, koi8)
    assert result.outcome is Outcome.NEW_TICKET
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, result.record))
    [contact] = [await crm.records.get(crm.admin, "Contacts", ticket.get("contact_id"))]
    [email] = await records(
        crm,
        "Emails",
        Condition("parent_id", Op.EQ, ticket.id),
        Condition("direction", Op.EQ, "inbound"),
    )
    assert email.get("from_email") == contact.get("email")
    assert email.get("direction") == "inbound"
    assert email.get("description") == ticket.get("description")
    assert any("а" <= ch <= "я" for ch in ticket.get("description"))  # Cyrillic read right

    account = await crm.records.create(crm.admin, "Accounts", {"accountname": "ООО Ромашка"})
    known = await crm.records.create(
        crm.admin,
        "Contacts",
        {"lastname": "Сидорова", "email": "anna@romashka.example.ru", "account_id": account.id},
    )
    result = await deliver(
        mail, message("Счёт", sender="anna@romashka.example.ru", message_id="a1@romashka")
    )
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, result.record))
    assert ticket.get("contact_id") == known.id
    assert ticket.get("parent_id") == account.id
    assert len(await records(crm, "Contacts")) == 2  # nobody created twice


async def test_attachments_become_documents_of_the_ticket(crm: Any, mail: MailSystem) -> None:
    result = await deliver(mail, (CORPUS / "15_attachment_names.eml").read_bytes())
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, result.record))
    documents = await crm.records.related(crm.admin, "HelpDesk", ticket.id, "Documents")
    names = sorted(d.get("filename") for d in documents.records)
    assert names
    assert any(any("а" <= ch <= "я" for ch in name.lower()) for name in names)
    for document in documents.records:
        stored, data = await crm.records.document_file(crm.admin, document.id)
        assert len(data) == stored.get("filesize") > 0


async def test_replies_join_their_ticket(crm: Any, mail: MailSystem) -> None:
    opened = await deliver(mail, message("Не работает телефон", message_id="first@client"))
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, opened.record))
    await crm.records.update(crm.admin, "HelpDesk", ticket.id, {"ticketstatus": "Closed"})

    by_tag = await deliver(
        mail,
        message(f"Re: [{opened.record}] телефон", message_id="second@client", body="Снова!"),
    )
    assert (by_tag.outcome, by_tag.record) == (Outcome.REPLY, opened.record)
    [again] = [await crm.records.get(crm.admin, "HelpDesk", ticket.id)]
    assert again.get("ticketstatus") == "Open"  # the customer's reply reopened it
    comments = await records(crm, "Comments", Condition("related_to", Op.EQ, ticket.id))
    assert [c.get("commentcontent").strip() for c in comments] == ["Снова!"]

    by_header = await deliver(
        mail,
        message(
            "Re: без номера",
            message_id="third@client",
            headers="In-Reply-To: <first@client>\r\nReferences: <first@client>\r\n",
        ),
    )
    assert (by_header.outcome, by_header.record) == (Outcome.REPLY, opened.record)
    assert len(await records(crm, "HelpDesk")) == 1


async def test_a_tag_is_not_trusted_from_a_stranger_or_for_no_ticket(
    crm: Any, mail: MailSystem
) -> None:
    opened = await deliver(mail, message("Вопрос", message_id="q@client"))
    stranger = await deliver(
        mail,
        message(
            f"[{opened.record}] дайте доступ", sender="evil@attacker.example", message_id="x@evil"
        ),
    )
    assert stranger.outcome is Outcome.NEW_TICKET
    assert stranger.record != opened.record
    nowhere = await deliver(mail, message("[TT-999999] хм", message_id="n@client"))
    assert nowhere.outcome is Outcome.NEW_TICKET
    assert len(await records(crm, "HelpDesk")) == 3


async def test_an_out_of_office_answer_reopens_nothing(crm: Any, mail: MailSystem) -> None:
    opened = await deliver(mail, message("Вопрос", message_id="q2@client"))
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, opened.record))
    await crm.records.update(crm.admin, "HelpDesk", ticket.id, {"ticketstatus": "Closed"})
    away = await deliver(
        mail,
        message(
            f"Автоответ: Re: [{opened.record}]",
            message_id="ooo@client",
            headers="Auto-Submitted: auto-replied\r\nIn-Reply-To: <q2@client>\r\n",
        ),
    )
    assert (away.outcome, away.auto_reply_allowed) == (Outcome.STORED, False)
    [still] = [await crm.records.get(crm.admin, "HelpDesk", ticket.id)]
    assert still.get("ticketstatus") == "Closed"
    assert await records(crm, "Comments", Condition("related_to", Op.EQ, ticket.id)) == []
    emails = await records(
        crm,
        "Emails",
        Condition("parent_id", Op.EQ, ticket.id),
        Condition("direction", Op.EQ, "inbound"),
    )
    assert len(emails) == 2  # kept in the thread all the same


async def test_a_bounce_marks_the_message_it_reports(crm: Any, mail: MailSystem) -> None:
    ticket = await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": "Доставка"})
    sent = await crm.records.create(
        crm.admin,
        "Emails",
        {
            "subject": "Ответ по заявке",
            "parent_id": ticket.id,
            "direction": "outbound",
            "email_flag": "SENT",
            "message_id": "tt-000123.1718089200.7c1e@switchboard.example",
        },
    )
    result = await deliver(mail, (CORPUS / "17_dsn_bounce.eml").read_bytes())
    assert (result.outcome, result.record) == (Outcome.BOUNCE, ticket.get("ticket_no"))
    marked = await crm.records.get(crm.admin, "Emails", sent.id)
    assert marked.get("email_flag") == "BOUNCED"
    assert marked.get("delivery_notes")
    assert len(await records(crm, "HelpDesk")) == 1


async def test_a_sales_mailbox_makes_leads(crm: Any, mail: MailSystem) -> None:
    result = await deliver(
        mail,
        message("Хотим 20 лицензий", sender="Олег <oleg@newco.example>", to=SALES),
        mailbox=SALES,
    )
    assert result.outcome is Outcome.NEW_LEAD
    [lead] = await records(crm, "Leads", Condition("lead_no", Op.EQ, result.record))
    assert lead.get("email") == "oleg@newco.example"
    assert lead.get("company") == "newco.example"


async def test_accepted_mail_is_processed_after_a_restart(crm: Any, mail: MailSystem) -> None:
    """Messages accepted but not processed (the hub died in between) are
    taken up by the next start; one that fails is tried again, not lost."""
    for n in range(3):
        await mail.spool.accept(
            message(f"Письмо {n}", message_id=f"r{n}@client"), mailbox=SUPPORT, source="test"
        )
    restarted = MailSystem.build(crm.runtime)
    failures = 0
    process = restarted.intake.process

    async def flaky(item: Any, mailbox: Any) -> Result:
        nonlocal failures
        if item.id == 2 and failures == 0:
            failures += 1
            raise RuntimeError("disk full")
        return await process(item, mailbox)

    restarted.intake.process = flaky  # type: ignore[method-assign]
    restarted.processor.start()
    try:
        await asyncio.wait_for(restarted.processor.settled(), 10)
        assert len(await records(crm, "HelpDesk")) == 2
        restarted.processor.wake()
        await asyncio.wait_for(restarted.processor.settled(), 10)
    finally:
        await restarted.processor.stop()
    assert failures == 1
    titles = sorted(t.get("ticket_title") for t in await records(crm, "HelpDesk"))
    assert titles == ["Письмо 0", "Письмо 1", "Письмо 2"]
    assert await restarted.spool.pending() == []


async def test_programs_and_oversized_files_are_not_kept(crm: Any, mail: MailSystem) -> None:
    result = await deliver(mail, (CORPUS / "16_exe_and_html_attachments.eml").read_bytes())
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, result.record))
    documents = await crm.records.related(crm.admin, "HelpDesk", ticket.id, "Documents")
    names = [d.get("filename") for d in documents.records]
    assert names
    assert not any(name.lower().endswith(".exe") for name in names)
    [email] = await records(
        crm,
        "Emails",
        Condition("parent_id", Op.EQ, ticket.id),
        Condition("direction", Op.EQ, "inbound"),
    )
    assert "blocked type" in email.get("delivery_notes")

    mail.intake.limits = AttachmentLimits(1000, frozenset())
    big = (
        "From: petr@client.example.ru\r\nTo: support@switchboard.example\r\n"
        "Subject: Big\r\nMessage-ID: <big@c>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        "Content-Type: text/plain\r\n\r\nsee attached\r\n--b\r\n"
        'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="scan.pdf"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n" + "QUJD" * 2000 + "\r\n--b--\r\n"
    ).encode()
    kept = await deliver(mail, big)
    assert kept.outcome is Outcome.NEW_TICKET  # the message itself is kept
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, kept.record))
    documents = await crm.records.related(crm.admin, "HelpDesk", ticket.id, "Documents")
    assert documents.records == []


async def test_two_nodes_taking_the_same_message_make_one_ticket(
    crm: Any, mail: MailSystem
) -> None:
    """Hub nodes share the spool: when two process one message at once, the
    one that marks it done second rolls back everything it made."""
    other_node = MailSystem.build(crm.runtime)
    item = await mail.spool.get(
        await mail.spool.accept(message("Гонка", message_id="race@c"), mailbox=SUPPORT, source="t")
    )
    results = await asyncio.gather(mail.processor.process(item), other_node.processor.process(item))
    assert sorted(r is None for r in results) == [False, True]
    assert len(await records(crm, "HelpDesk")) == 1
    assert len(await records(crm, "Emails", Condition("direction", Op.EQ, "inbound"))) == 1
    assert await mail.spool.pending() == []


async def test_unknown_senders_become_contacts_only_when_configured(
    crm: Any, mail: MailSystem
) -> None:
    mail.intake.create_contacts = False
    stranger = await deliver(mail, message("Вопрос", sender="new@else.example", message_id="s1"))
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, stranger.record))
    assert ticket.get("contact_id") is None
    assert await records(crm, "Contacts") == []
    known = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Известный", "email": "known@else.example"}
    )
    linked = await deliver(mail, message("Ещё", sender="known@else.example", message_id="s2"))
    [ticket] = await records(crm, "HelpDesk", Condition("ticket_no", Op.EQ, linked.record))
    assert ticket.get("contact_id") == known.id  # known senders are always linked
