"""A ticket's thread follows the ticket for portal customers: its emails,
its comments except internal ones, and its files; other tickets' threads do
not exist for them. They may add comments and files, and nothing else new."""

from __future__ import annotations

import pytest

from crm_core.access import Actor
from crm_core.errors import AccessDenied, NotFound
from crm_core.records.documents import Upload


async def customer(crm, email: str) -> tuple[Actor, int]:  # type: ignore[no-untyped-def]
    contact = await crm.records.create(crm.admin, "Contacts", {"lastname": email, "email": email})
    granted = await crm.runtime.portal_users.grant(crm.admin, contact.id)
    return await crm.runtime.portal_users.actor_for(granted.id), contact.id


async def ids(crm, actor: Actor, module: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {r.id for r in (await crm.records.list_records(actor, module)).records}


async def test_a_tickets_thread_is_its_customers(crm) -> None:  # type: ignore[no-untyped-def]
    rec, admin = crm.records, crm.admin
    anna, anna_contact = await customer(crm, "anna@acme.test")
    boris, boris_contact = await customer(crm, "boris@other.test")
    mine = await rec.create(admin, "HelpDesk", {"ticket_title": "A", "contact_id": anna_contact})
    theirs = await rec.create(admin, "HelpDesk", {"ticket_title": "B", "contact_id": boris_contact})
    public = await rec.create(admin, "Comments", {"commentcontent": "ответ", "related_to": mine.id})
    internal = await rec.create(
        admin,
        "Comments",
        {"commentcontent": "внутреннее", "related_to": mine.id, "is_private": True},
    )
    on_contact = await rec.create(
        admin, "Comments", {"commentcontent": "о клиенте", "related_to": anna_contact}
    )
    other = await rec.create(
        admin, "Comments", {"commentcontent": "чужое", "related_to": theirs.id}
    )
    email = await rec.create(admin, "Emails", {"subject": "Re: A", "parent_id": mine.id})
    other_email = await rec.create(admin, "Emails", {"subject": "Re: B", "parent_id": theirs.id})
    private_mail = await rec.create(admin, "Emails", {"subject": "link", "parent_id": anna_contact})
    file = await rec.create_document(
        admin, {"notes_title": "скан"}, Upload("a.txt", "text/plain", b"a"),
        attach_to=("HelpDesk", mine.id),
    )  # fmt: skip
    other_file = await rec.create_document(
        admin, {"notes_title": "скан B"}, Upload("b.txt", "text/plain", b"b"),
        attach_to=("HelpDesk", theirs.id),
    )  # fmt: skip

    assert await ids(crm, anna, "Comments") == {public.id}
    assert internal.id not in await ids(crm, anna, "Comments")
    assert on_contact.id not in await ids(crm, anna, "Comments")
    assert await ids(crm, anna, "Emails") == {email.id}
    assert private_mail.id not in await ids(crm, anna, "Emails")
    assert await ids(crm, anna, "Documents") == {file.id}
    assert await ids(crm, boris, "Comments") == {other.id}
    for module, record_id in (
        ("Comments", internal.id),
        ("Comments", other.id),
        ("Emails", other_email.id),
        ("Documents", other_file.id),
    ):
        with pytest.raises(NotFound):
            await rec.get(anna, module, record_id)
    assert (await rec.document_file(anna, file.id))[1] == b"a"
    with pytest.raises(NotFound):
        await rec.document_file(anna, other_file.id)

    reply = await rec.create(
        anna,
        "Comments",
        {"commentcontent": "спасибо", "related_to": mine.id, "customer": anna_contact},
    )
    assert reply.id in await ids(crm, anna, "Comments")
    with pytest.raises(NotFound):  # a file goes only on a ticket the customer sees
        await rec.create_document(
            anna, {"notes_title": "x"}, Upload("x.txt", "text/plain", b"x"),
            attach_to=("HelpDesk", theirs.id),
        )  # fmt: skip
    for module, values in (
        ("Emails", {"subject": "fake", "parent_id": mine.id}),
        ("Faq", {"question": "q", "faq_answer": "a"}),
    ):
        with pytest.raises(AccessDenied):
            await rec.create(anna, module, values)
    with pytest.raises(AccessDenied):
        await rec.update(anna, "Comments", public.id, {"commentcontent": "правка"})
