"""Portal customers see their own records only; other customers' do not exist."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from crm_core.access import Actor
from crm_core.errors import AccessDenied, NotFound, ValidationFailed
from crm_core.records.documents import Upload


@dataclass
class World:
    anna: Actor
    boris: Actor
    coordinator: Actor
    tickets: dict[str, int]
    invoices: dict[str, int]
    documents: dict[str, int]


@pytest.fixture
async def world(crm) -> World:
    rec, admin, portal = crm.records, crm.admin, crm.runtime.portal_users
    acme = await rec.create(admin, "Accounts", {"accountname": "Acme"})
    other = await rec.create(admin, "Accounts", {"accountname": "Other Ltd"})
    anna = await rec.create(
        admin, "Contacts", {"lastname": "Anna", "email": "anna@acme.test", "account_id": acme.id}
    )
    carl = await rec.create(
        admin, "Contacts", {"lastname": "Carl", "email": "carl@acme.test", "account_id": acme.id}
    )
    boris = await rec.create(
        admin,
        "Contacts",
        {"lastname": "Boris", "email": "boris@other.test", "account_id": other.id},
    )
    product = await rec.create(admin, "Products", {"productname": "Phone", "unit_price": "10"})
    tickets, invoices, documents = {}, {}, {}
    for name, contact, account in (
        ("anna", anna, acme),
        ("carl", carl, acme),
        ("boris", boris, other),
    ):
        ticket = await rec.create(
            admin,
            "HelpDesk",
            {
                "ticket_title": f"Ticket of {name}",
                "contact_id": contact.id,
                "parent_id": account.id,
            },
        )
        tickets[name] = ticket.id
        invoice = await rec.create(
            admin,
            "Invoice",
            {
                "subject": f"Invoice of {name}",
                "account_id": account.id,
                "contact_id": contact.id,
                "bill_street": "a",
                "ship_street": "b",
            },
            line_items=[{"productid": product.id, "quantity": "1", "listprice": "10"}],
        )
        invoices[name] = invoice.id
        document = await rec.create_document(
            admin,
            {"notes_title": f"Contract of {name}"},
            Upload(f"{name}.txt", "text/plain", name.encode()),
            attach_to=("Contacts", contact.id),
        )
        documents[name] = document.id
    await rec.create(
        admin, "Faq", {"question": "Published?", "faq_answer": "Yes", "faqstatus": "Published"}
    )
    await rec.create(
        admin, "Faq", {"question": "Draft?", "faq_answer": "Not yet", "faqstatus": "Draft"}
    )
    actors = []
    for contact, wide in ((anna, False), (boris, False), (carl, True)):
        granted = await portal.grant(admin, contact.id, account_wide=wide)
        await portal.set_password(granted.id, "customer-pass")
        actor = await portal.authenticate(contact["email"], "customer-pass")
        assert actor is not None
        actors.append(actor)
    return World(*actors, tickets, invoices, documents)


async def ids(crm, actor: Actor, module: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {r.id for r in (await crm.records.list_records(actor, module)).records}


async def test_customers_see_only_their_own(crm, world: World) -> None:
    assert await ids(crm, world.anna, "HelpDesk") == {world.tickets["anna"]}
    assert await ids(crm, world.anna, "Invoice") == {world.invoices["anna"]}
    assert await ids(crm, world.anna, "Documents") == {world.documents["anna"]}
    assert await ids(crm, world.boris, "HelpDesk") == {world.tickets["boris"]}
    faq = (await crm.records.list_records(world.anna, "Faq")).records
    assert [r["question"] for r in faq] == ["Published?"]
    hits = await crm.records.search(world.anna, "ticket")
    assert {h.id for h in hits} == {world.tickets["anna"]}


async def test_guessing_ids_finds_nothing(crm, world: World) -> None:
    for module, record_id in (
        ("HelpDesk", world.tickets["boris"]),
        ("HelpDesk", world.tickets["carl"]),
        ("Invoice", world.invoices["boris"]),
        ("Documents", world.documents["boris"]),
    ):
        with pytest.raises(NotFound) as raised:
            await crm.records.get(world.anna, module, record_id)
        assert raised.value.message == f"{module} record {record_id} not found"
    with pytest.raises(NotFound):
        await crm.records.update(
            world.anna, "HelpDesk", world.tickets["boris"], {"description": "x"}
        )
    # Invoices are read-only in the portal, whoever's they are: no hint either way.
    for name in ("anna", "boris"):
        with pytest.raises(AccessDenied):
            await crm.records.update(
                world.anna, "Invoice", world.invoices[name], {"description": "x"}
            )
    with pytest.raises(NotFound):
        await crm.records.document_file(world.anna, world.documents["boris"])
    data = await crm.records.document_file(world.anna, world.documents["anna"])
    assert data[1] == b"anna"


async def test_coordinator_sees_the_organisation(crm, world: World) -> None:
    assert await ids(crm, world.coordinator, "HelpDesk") == {
        world.tickets["anna"],
        world.tickets["carl"],
    }
    with pytest.raises(NotFound):
        await crm.records.get(world.coordinator, "HelpDesk", world.tickets["boris"])


async def test_portal_stays_out_of_staff_modules(crm, world: World) -> None:
    for module in ("Potentials", "Leads", "Calls"):
        with pytest.raises(AccessDenied):
            await crm.records.list_records(world.anna, module)
    with pytest.raises(AccessDenied):
        await crm.records.delete(world.anna, "HelpDesk", world.tickets["anna"])
    hits = await crm.records.search(world.anna, "acme", modules=["Accounts", "Leads"])
    assert [(h.module, h.label) for h in hits] == [("Accounts", "Acme")]


async def test_portal_events_are_their_own(crm, world: World) -> None:
    mark = await crm.records.last_event_id()
    await crm.records.update(
        crm.admin, "HelpDesk", world.tickets["boris"], {"ticketstatus": "Closed"}
    )
    await crm.records.update(
        crm.admin, "HelpDesk", world.tickets["anna"], {"ticketstatus": "In Progress"}
    )
    seen = await crm.records.events_for(world.anna, mark)
    assert [e.record_id for e in seen] == [world.tickets["anna"]]


async def test_wrong_password_and_duplicate_grant(crm, world: World) -> None:
    assert await crm.runtime.portal_users.authenticate("anna@acme.test", "nope") is None
    assert await crm.runtime.portal_users.authenticate("nobody@acme.test", "x") is None
    anna = await crm.records.get(crm.admin, "Contacts", world.anna.contact_id)
    with pytest.raises(ValidationFailed):
        await crm.runtime.portal_users.grant(crm.admin, anna.id)
