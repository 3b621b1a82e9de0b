"""Every trigger on a record save: created, every save, a field changed
(from/to), and the loop guard on a workflow that keeps re-firing itself."""

from __future__ import annotations

from tests.workflows.conftest import Flows

SET_HIGH = [{"type": "update_fields", "values": {"ticketpriorities": "High"}}]


async def test_created_fires_once_on_create_not_on_update(flows: Flows) -> None:
    await flows.add("HelpDesk", {"type": "create"}, SET_HIGH)
    ticket = await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": "Нет связи"})
    await flows.settled()
    assert (await flows.records.get(flows.admin, "HelpDesk", ticket.id)).get(
        "ticketpriorities"
    ) == "High"
    await flows.records.update(flows.admin, "HelpDesk", ticket.id, {"ticketpriorities": "Low"})
    await flows.settled()
    assert (await flows.records.get(flows.admin, "HelpDesk", ticket.id)).get(
        "ticketpriorities"
    ) == "Low"
    runs = await flows.runs(record_id=ticket.id)
    assert [(r["trigger"], r["outcome"]) for r in runs] == [("create", "done")]
    assert runs[0]["actions"] == [{"type": "update_fields", "fields": ["ticketpriorities"]}]


async def test_every_save_fires_on_create_and_update(flows: Flows) -> None:
    await flows.add(
        "HelpDesk",
        {"type": "save"},
        [{"type": "update_fields", "values": {"description": {"expr": "ticket_title ~ '!'"}}}],
    )
    ticket = await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": "А"})
    await flows.settled()
    await flows.records.update(flows.admin, "HelpDesk", ticket.id, {"ticket_title": "Б"})
    await flows.settled()
    got = await flows.records.get(flows.admin, "HelpDesk", ticket.id)
    assert got.get("description") == "Б!"
    outcomes = [r["outcome"] for r in await flows.runs(record_id=ticket.id)]
    # two saves by people, each followed by one save of the workflow's own
    # that changes nothing further, so the chain ends by itself
    assert outcomes.count("done") == 4


async def test_field_change_from_to(flows: Flows) -> None:
    await flows.add(
        "HelpDesk",
        {"type": "change", "field": "ticketstatus", "from": "Open", "to": "Closed"},
        [{"type": "update_fields", "values": {"solution": "closed straight from open"}}],
    )
    a = await flows.records.create(
        flows.admin, "HelpDesk", {"ticket_title": "A", "ticketstatus": "Open"}
    )
    b = await flows.records.create(
        flows.admin, "HelpDesk", {"ticket_title": "B", "ticketstatus": "In Progress"}
    )
    await flows.records.update(flows.admin, "HelpDesk", a.id, {"ticketstatus": "Closed"})
    await flows.records.update(flows.admin, "HelpDesk", b.id, {"ticketstatus": "Closed"})
    await flows.settled()
    assert (await flows.records.get(flows.admin, "HelpDesk", a.id)).get(
        "solution"
    ) == "closed straight from open"
    assert (await flows.records.get(flows.admin, "HelpDesk", b.id)).get("solution") in (None, "")


async def test_loop_guard_stops_a_workflow_that_keeps_firing_itself(flows: Flows) -> None:
    wf = await flows.add(
        "HelpDesk",
        {"type": "save"},
        [
            {
                "type": "update_fields",
                "values": {"description": {"expr": "(description or '') ~ 'x'"}},
            }
        ],
    )
    ticket = await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": "Петля"})
    await flows.settled()
    runs = await flows.runs(workflow_id=wf.id)
    assert [r["outcome"] for r in reversed(runs)] == ["done"] * 5 + ["loop_stopped"]
    assert "stopped after 5" in runs[0]["error"]
    got = await flows.records.get(flows.admin, "HelpDesk", ticket.id)
    assert got.get("description") == "xxxxx"


async def test_inactive_workflow_does_not_fire(flows: Flows) -> None:
    wf = await flows.add("HelpDesk", {"type": "create"}, SET_HIGH)
    await flows.engine.store.change(wf.id, {"active": False})
    ticket = await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": "Тихо"})
    await flows.settled()
    assert (await flows.records.get(flows.admin, "HelpDesk", ticket.id)).get(
        "ticketpriorities"
    ) != "High"
