"""Caller cards: read once for all the agents a call rings, and shown to each
as their own page load would show it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pbx.ingest.cards import SHOWN, CallerCards

NUMBER = "+79161234567"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def agents(crm: Any) -> tuple[Any, Any]:
    """Two peers in one role, with Contacts and HelpDesk private."""
    system = crm.runtime.system_actor
    for module in ("Contacts", "HelpDesk"):
        await crm.runtime.access.set_org_sharing(system, module, "private")
    users = crm.runtime.users
    first = await users.add(user_name="a1", last_name="A1", password=None, role_id="H5")
    second = await users.add(user_name="a2", last_name="A2", password=None, role_id="H5")
    return first, second


async def ticket(crm: Any, contact: int, owner: int, title: str, status: str = "Open") -> int:
    values = {
        "ticket_title": title,
        "contact_id": contact,
        "ticketstatus": status,
        "assigned_user_id": owner,
    }
    return (await crm.records.create(crm.admin, "HelpDesk", values)).id


async def test_each_agent_sees_the_card_their_own_rights_allow(crm: Any) -> None:
    first, second = await agents(crm)
    contact = await crm.records.create(
        crm.admin,
        "Contacts",
        {"lastname": "Петров", "mobile": "8 916 123-45-67", "assigned_user_id": first.id},
    )
    own = await ticket(crm, contact.id, first.id, "Не работает связь")
    peers = await ticket(crm, contact.id, second.id, "Счёт")
    await ticket(crm, contact.id, first.id, "Старая", status="Closed")
    cards = CallerCards(crm.records, crm.runtime.system_actor, clock=Clock())

    mine = await cards.card(NUMBER, first.actor())
    assert mine is not None
    assert mine["record"]["id"] == contact.id
    assert mine["record"]["values"]["lastname"] == "Петров"
    assert [t["id"] for t in mine["open_tickets"]] == [own]
    assert await cards.card(NUMBER, second.actor()) is None  # a peer's private contact
    everything = await cards.card(NUMBER, crm.admin)
    assert everything is not None
    assert {t["id"] for t in everything["open_tickets"]} == {own, peers}
    assert cards.reads == 1


async def test_a_card_is_read_again_once_it_is_old(crm: Any) -> None:
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Сидорова", "mobile": NUMBER}
    )
    clock = Clock()
    cards = CallerCards(crm.records, crm.runtime.system_actor, keep_s=10, clock=clock)
    before = await cards.card(NUMBER, crm.admin)
    assert before is not None
    assert before["open_tickets"] == []
    new = await ticket(crm, contact.id, crm.admin.user_id, "Новая заявка")
    clock.now += 5
    assert (await cards.card(NUMBER, crm.admin))["open_tickets"] == []  # still the same ring
    clock.now += 6
    after = await cards.card(NUMBER, crm.admin)
    assert [t["id"] for t in after["open_tickets"]] == [new]
    assert cards.reads == 2


async def test_unknown_numbers_and_long_histories(crm: Any) -> None:
    cards = CallerCards(crm.records, crm.runtime.system_actor, clock=Clock())
    assert await cards.card("+74950000000", crm.admin) is None
    assert await cards.card(None, crm.admin) is None
    account = await crm.records.create(
        crm.admin, "Accounts", {"accountname": "ООО Ромашка", "phone": "+74951112233"}
    )
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Орлов", "account_id": account.id}
    )
    for n in range(SHOWN + 3):
        values = {"ticket_title": f"Заявка {n}", "parent_id": account.id}
        values["contact_id"] = contact.id
        await crm.records.create(crm.admin, "HelpDesk", values)
    card = await cards.card("+74951112233", crm.admin)
    assert card is not None
    assert card["record"]["module"] == "Accounts"
    assert len(card["open_tickets"]) == SHOWN


async def test_callers_ringing_together_are_read_together(crm: Any) -> None:
    """A burst of callers costs one read, and each gets their own card."""
    account = await crm.records.create(
        crm.admin, "Accounts", {"accountname": "ООО Ландыш", "phone": "+74953334455"}
    )
    people = []
    for n in range(30):
        contact = await crm.records.create(
            crm.admin,
            "Contacts",
            {"lastname": f"Клиент {n}", "mobile": f"+7916555{n:04d}", "account_id": account.id},
        )
        people.append((contact, await ticket(crm, contact.id, crm.admin.user_id, f"Заявка {n}")))
    for n in range(SHOWN + 2):
        await crm.records.create(
            crm.admin, "HelpDesk", {"ticket_title": f"Договор {n}", "parent_id": account.id}
        )
    cards = CallerCards(crm.records, crm.runtime.system_actor, clock=Clock())
    numbers = [f"+7916555{n:04d}" for n in range(30)] + ["+74953334455", "+74950000000"]
    shown = await asyncio.gather(*(cards.card(number, crm.admin) for number in numbers))
    assert cards.reads == 1
    for (contact, own), card in zip(people, shown, strict=False):
        assert card is not None
        assert card["record"]["id"] == contact.id
        assert [t["id"] for t in card["open_tickets"]] == [own]
    assert shown[-2] is not None and shown[-2]["record"]["id"] == account.id
    assert [t["title"] for t in shown[-2]["open_tickets"]] == [
        f"Договор {n}" for n in range(SHOWN + 1, 1, -1)
    ]  # the organisation's newest SHOWN
    assert shown[-1] is None


async def test_a_failed_read_fails_only_its_callers_and_the_next_ring_reads_again(
    crm: Any,
) -> None:
    await crm.records.create(crm.admin, "Contacts", {"lastname": "Зуев", "mobile": NUMBER})
    cards = CallerCards(crm.records, crm.runtime.system_actor, clock=Clock())
    real = crm.records.lookup_phones

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("database is away")

    crm.records.lookup_phones = broken
    try:
        with pytest.raises(OSError, match="away"):
            await cards.card(NUMBER, crm.admin)
    finally:
        crm.records.lookup_phones = real
    card = await cards.card(NUMBER, crm.admin)
    assert card is not None and card["record"]["values"]["lastname"] == "Зуев"
    assert cards.reads == 2
