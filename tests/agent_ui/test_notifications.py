"""Console notices: the one user concerned hears of an assignment or of a
customer's email on their ticket; nobody hears of their own doing."""

from __future__ import annotations

import asyncio

from agent_ui.notifications import Notifier
from crm_core.hub import LiveEvent


async def notices_after(crm, work) -> list[LiveEvent]:  # type: ignore[no-untyped-def]
    seen: list[LiveEvent] = []
    hub = crm.runtime.hub
    unsubscribe = hub.subscribe(
        lambda ev: seen.append(ev) if isinstance(ev, LiveEvent) and ev.type == "notice" else None
    )
    notifier = Notifier(hub, crm.records, crm.runtime.system_actor)
    notifier.start()
    try:
        await work()
        for _ in range(100):
            await asyncio.sleep(0.02)
            if notifier._queue.empty():
                break
        await asyncio.sleep(0.05)
    finally:
        await notifier.stop()
        unsubscribe()
    return seen


async def test_an_assignment_reaches_the_new_owner_only(crm) -> None:
    made = {}

    async def work() -> None:
        made["ticket"] = await crm.records.create(
            crm.admin,
            "HelpDesk",
            {"ticket_title": "Счёт не пришёл", "assigned_user_id": crm.agent.user_id},
        )
        await crm.records.create(crm.agent, "HelpDesk", {"ticket_title": "Сам себе"})
        ticket = made["ticket"]
        await crm.records.update(
            crm.agent,
            "HelpDesk",
            ticket.id,
            {"assigned_user_id": crm.admin.user_id},
            expected_version=ticket.version,
        )
        await crm.records.create(
            crm.admin,
            "Calls",
            {"customernumber": "+79161234567", "assigned_user_id": crm.agent.user_id},
        )

    seen = await notices_after(crm, work)
    got = [(e.op, e.audience, e.payload["label"]) for e in seen]
    assert got == [
        ("assigned", frozenset({crm.agent.user_id}), "Счёт не пришёл"),
        ("assigned", frozenset({crm.admin.user_id}), "Счёт не пришёл"),
    ]


async def test_a_customer_email_on_a_ticket_reaches_its_owner(crm) -> None:
    ticket = await crm.records.create(
        crm.admin, "HelpDesk", {"ticket_title": "Доставка", "assigned_user_id": crm.agent.user_id}
    )

    async def work() -> None:
        for direction in ("inbound", "outbound"):
            await crm.records.create(
                crm.runtime.system_actor,
                "Emails",
                {"subject": "Re: Доставка", "direction": direction, "parent_id": ticket.id},
            )

    seen = await notices_after(crm, work)
    wrote = [e for e in seen if e.op == "customer_wrote"]
    assert len(wrote) == 1  # the inbound one; our own reply is no news
    assert wrote[0].audience == frozenset({crm.agent.user_id})
    assert wrote[0].payload == {
        "kind": "customer_wrote",
        "module": "HelpDesk",
        "record_id": ticket.id,
        "label": "Доставка",
    }
