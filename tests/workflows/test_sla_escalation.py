"""Reminders before an SLA breach and escalations at it, run by the stored
timer runner: once each, across restarts and with two runners on one
database."""

# ruff: noqa: F811 - the ``desk`` fixture is imported, then asked for by name

from __future__ import annotations

import asyncio
import datetime as dt

from crm_core.hub import Event, LiveEvent
from tests.conftest import Crm
from tests.workflows.sla_desk import FIRST, RESOLUTION, Desk, desk, moment, near  # noqa: F401 - the fixture
from workflows import build_engine
from workflows.sla import build_sla
from workflows.sla.service import admin_service
from workflows.timers import utcnow

_SECOND = dt.timedelta(seconds=1)


async def test_reminder_goes_to_the_owner_before_the_breach(desk: Desk) -> None:
    agent = desk.flows.crm.agent
    await desk.policy(first_response_minutes=60, remind_before_minutes=15)
    desk.ago(minutes=50)  # due in ten minutes: the reminder is five minutes late
    ticket = await desk.ticket(assigned_user_id=agent.user_id)
    desk.ago(minutes=0)
    assert await desk.flows.engine.runner.run_due() == 1
    [notice] = desk.notices()
    assert notice.audience == frozenset({agent.user_id})
    assert "первый ответ" in notice.payload["message"]
    assert notice.payload["record_id"] == ticket and "10 мин" in notice.payload["message"]
    assert (await desk.job(ticket, FIRST, "remind"))["state"] == "done"
    assert (await desk.target(ticket, FIRST))["state"] == "running"
    # a second pass reminds nobody again; the breach is still ahead
    assert await desk.flows.engine.runner.run_due() == 0
    assert len(desk.notices()) == 1
    assert (await desk.job(ticket, FIRST))["state"] == "pending"


async def test_a_reminder_for_a_ticket_answered_meanwhile_does_nothing(desk: Desk) -> None:
    await desk.policy(first_response_minutes=60, remind_before_minutes=15)
    ticket = await desk.ticket(assigned_user_id=desk.flows.crm.agent.user_id)
    assert (await desk.job(ticket, FIRST, "remind"))["state"] == "pending"
    await desk.flows.records.create(
        desk.flows.crm.agent,
        "Comments",
        {"commentcontent": "Смотрим", "related_to": ticket, "is_private": False},
    )
    await desk.flows.settled()
    assert (await desk.job(ticket, FIRST, "remind"))["state"] == "cancelled"
    # a reminder that escaped its cancellation (it was being run meanwhile)
    # finds the ticket answered when it falls due, and does nothing
    await desk.make_due(ticket, FIRST, "remind", state="pending")
    assert await desk.flows.engine.runner.run_due() == 1
    assert desk.notices() == []
    assert (await desk.job(ticket, FIRST, "remind"))["state"] == "done"


async def test_breach_escalates_notify_reassign_and_raise_priority(desk: Desk) -> None:
    runtime = desk.flows.crm.runtime
    admin = desk.flows.admin
    agent = desk.flows.crm.agent
    lead = await runtime.users.add(user_name="lead", last_name="Старшая", password=None)
    duty = await runtime.users.add(user_name="duty", last_name="Дежурный", password=None)
    bystander = await runtime.users.add(user_name="by", last_name="Посторонний", password=None)
    group = await runtime.access.add_group(admin, "Дежурные")
    await runtime.access.add_group_user(admin, group, duty.id)
    await runtime.access.reload()
    policy = await desk.policy(
        first_response_minutes=30,
        resolution_minutes=600,
        escalation=[
            {"type": "notify", "users": [lead.id], "groups": [group], "owner": True},
            {"type": "reassign", "user_id": lead.id, "on": [FIRST]},
            {"type": "raise_priority"},
        ],
    )
    desk.ago(hours=1)
    ticket = await desk.ticket(assigned_user_id=agent.user_id)
    desk.ago(hours=0)
    assert await desk.flows.engine.runner.run_due() == 1
    record = await desk.flows.records.get(admin, "HelpDesk", ticket)
    assert record.get("assigned_user_id") == lead.id
    assert record.get("ticketpriorities") == "High"  # one step up from Normal
    [notice] = desk.notices()
    assert notice.audience == frozenset({lead.id, duty.id, agent.user_id})
    assert not notice.is_for(bystander.id)
    assert "нарушен" in notice.payload["message"]
    first = await desk.target(ticket, FIRST)
    assert first["state"] == "breached"
    assert near(moment(first["breached_at"]), utcnow() - 1800 * _SECOND)
    assert (await desk.job(ticket, FIRST))["state"] == "done"
    # the raised priority is a change the tracker reads too: nothing doubles
    await desk.flows.settled()
    assert (await desk.state(ticket))["policy_id"] == policy["id"]
    assert await desk.flows.engine.runner.run_due() == 0
    record = await desk.flows.records.get(admin, "HelpDesk", ticket)
    assert record.get("ticketpriorities") == "High"
    # answering late keeps the breach on record, with the answer's time
    await desk.flows.records.create(
        agent, "Comments", {"commentcontent": "Извините", "related_to": ticket}
    )
    await desk.flows.settled()
    first = await desk.target(ticket, FIRST)
    assert first["state"] == "breached" and first["met_at"] is not None


async def test_pending_sla_timers_survive_a_restart_and_run_once_on_two_runners(
    crm: Crm,
) -> None:
    """The hub stops with SLA jobs pending; two nodes start on the database
    after their due times: each breach escalates once, and what is not yet
    due stays pending."""
    engine, _timed, deliveries = build_engine(crm.runtime)
    tracker = build_sla(engine)
    await engine.start()
    await engine.runner.stop()
    ask = admin_service(tracker)
    await ask(
        crm.admin,
        {
            "op": "create_policy",
            "name": "p",
            "first_response_minutes": 30,
            "resolution_minutes": 600,
            "escalation": [{"type": "raise_priority", "on": [FIRST]}],
        },
    )
    tracker.skew = -2 * 1800 * _SECOND
    late = [
        (await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": f"T{i}"})).id
        for i in range(6)
    ]
    async with asyncio.timeout(20):
        await engine.settled()
    tracker.skew = 0 * _SECOND
    fresh = (await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": "new"})).id
    async with asyncio.timeout(20):
        await engine.settled()
    await engine.stop()
    await deliveries.close()

    nodes = []
    seen: list[LiveEvent] = []

    def watch(ev: Event | LiveEvent) -> None:
        if isinstance(ev, LiveEvent) and ev.type == "sla":
            seen.append(ev)

    unsubscribe = crm.runtime.hub.subscribe(watch)
    for _ in range(2):
        node, _t, node_deliveries = build_engine(crm.runtime)
        build_sla(node)
        nodes.append((node, node_deliveries))
    ran = await asyncio.gather(*(node.runner.run_due() for node, _ in nodes))
    assert sum(ran) == len(late)
    for ticket in late:
        record = await crm.records.get(crm.admin, "HelpDesk", ticket)
        assert record.get("ticketpriorities") == "High", ticket
    record = await crm.records.get(crm.admin, "HelpDesk", fresh)
    assert record.get("ticketpriorities") == "Normal"
    states = {j["job_key"]: j["state"] for j in await engine.timers.jobs(kind="sla")}
    assert states[f"sla:r{fresh}:{FIRST}:due"] == "pending"
    assert states[f"sla:r{fresh}:{RESOLUTION}:due"] == "pending"
    assert all(states[f"sla:r{t}:{FIRST}:due"] == "done" for t in late)
    assert len([ev for ev in seen if ev.payload["record_id"] in late]) == len(late)
    # a third start finds nothing more to do
    assert sum(await asyncio.gather(*(node.runner.run_due() for node, _ in nodes))) == 0
    unsubscribe()
    for _node, node_deliveries in nodes:
        await node_deliveries.close()
