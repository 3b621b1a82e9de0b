"""The telephony channel against the simulator over real sockets: Calls
records, links, tasks and hub events; an AMI disconnect and a hub restart in
the middle of a call; click-to-call through the hub service."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from crm_core.hub import LiveEvent
from crm_core.records.model import Condition, Op
from pbx.simulator import AmiSimulator
from pbx.telephony import Telephony

START = 1763713800.5
CALLER = "+79161234567"


@pytest.fixture
async def sim() -> AsyncIterator[AmiSimulator]:
    async with AmiSimulator(speed=0, seed=5, start_time=START, login_delay_s=0) as simulator:
        yield simulator


async def connect(crm: Any, sim: AmiSimulator) -> Telephony:
    telephony = Telephony(crm.runtime, ami_host="127.0.0.1", ami_port=sim.port)
    await telephony.start()
    await asyncio.wait_for(telephony.link.ready.wait(), 10)
    return telephony


async def settle(telephony: Telephony, sim: AmiSimulator) -> None:
    """Until everything the simulator sent is read, applied and stored."""
    for _ in range(500):
        if telephony.ingest.events >= sim.events_sent - 1:
            break
        await asyncio.sleep(0.01)
    await telephony.ingest.settle()
    await telephony.call_log.drain()


async def calls(crm: Any, linkedid: str) -> list[Any]:
    page = await crm.records.list_records(
        crm.admin, "Calls", conditions=[Condition("sourceuuid", Op.EQ, linkedid)]
    )
    return page.records


async def test_a_queue_call_is_stored_linked_and_popped(crm: Any, sim: AmiSimulator) -> None:
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Сидоров", "mobile": "8 916 123 45 67"}
    )
    seen: list[LiveEvent] = []
    crm.runtime.hub.subscribe(lambda ev: seen.append(ev) if isinstance(ev, LiveEvent) else None)
    telephony = await connect(crm, sim)
    try:
        ringing = sim.at("ringing", "101")
        task = sim.start_scenario("queue_answered", caller=CALLER, answered_by="101", talk_s=30)
        async with ringing:
            await settle(telephony, sim)  # time stands still while 101 rings
        [expected] = await task
        await settle(telephony, sim)
    finally:
        await telephony.stop()
    [record] = await calls(crm, expected["linkedid"])
    assert record.get("callstatus") == "answered"
    assert record.get("customer") == contact.id
    assert record.get("user") == crm.agent.user_id
    assert (record.get("wait_s"), record.get("talk_s")) == (expected["wait_s"], expected["talk_s"])
    assert record.get("recordingurl")
    pops = [
        e for e in seen if (e.type, e.op) == ("call", "ringing") and e.payload["extension"] == "101"
    ]
    assert pops and pops[0].payload["match"]["record"]["id"] == contact.id
    assert pops[0].audience == frozenset({crm.agent.user_id})
    stats = [e for e in seen if e.type == "queue"]
    assert stats and stats[-1].payload["queue"] == "support"


async def test_an_abandoned_call_leaves_a_call_back_task(crm: Any, sim: AmiSimulator) -> None:
    telephony = await connect(crm, sim)
    try:
        [expected] = await sim.run("queue_abandoned", caller=CALLER, wait_s=25)
        await settle(telephony, sim)
    finally:
        await telephony.stop()
    [record] = await calls(crm, expected["linkedid"])
    assert record.get("callstatus") == "abandoned"
    tasks = await crm.records.list_records(crm.admin, "Tasks")
    # The subject follows the locale's language (Russian by default).
    [task] = tasks.records
    assert task.get("subject") in {f"Перезвонить {CALLER}", f"Call back {CALLER}"}


async def test_an_ami_disconnect_mid_call_loses_and_duplicates_nothing(
    crm: Any, sim: AmiSimulator
) -> None:
    telephony = await connect(crm, sim)
    try:
        talking = sim.at("talking", "101")
        task = sim.start_scenario("queue_answered", caller=CALLER, answered_by="101", talk_s=60)
        async with talking:
            await settle(telephony, sim)
            assert await sim.disconnect_clients() == 1
            telephony.link.ready.clear()
            await asyncio.wait_for(telephony.link.ready.wait(), 15)  # reconnected, resynced
        [expected] = await task
        await settle(telephony, sim)
    finally:
        await telephony.stop()
    assert telephony.link.connections == 2
    [record] = await calls(crm, expected["linkedid"])
    assert record.get("callstatus") == "answered"
    assert record.get("agent_extension") == "101"


async def test_a_hub_restart_mid_call_still_stores_the_call_once(
    crm: Any, sim: AmiSimulator
) -> None:
    first = await connect(crm, sim)
    talking = sim.at("talking", "101")
    task = sim.start_scenario("queue_answered", caller=CALLER, answered_by="101", talk_s=60)
    async with talking:
        await settle(first, sim)
        await first.stop()  # the hub goes down while the call goes on
        second = await connect(crm, sim)  # a new hub: it learns the call from CoreShowChannels
    try:
        [expected] = await task
        await settle(second, sim)
    finally:
        await second.stop()
    [record] = await calls(crm, expected["linkedid"])
    assert record.get("callstatus") == "answered"
    assert record.get("queue") == "support"
    assert record.get("agent_extension") == "101"


async def test_click_to_call_from_a_record_is_linked_back(crm: Any, sim: AmiSimulator) -> None:
    contact = await crm.records.create(
        crm.agent, "Contacts", {"lastname": "Клиентов", "mobile": CALLER}
    )
    telephony = await connect(crm, sim)
    try:
        ended = sim.at("ended", hold=False)
        reply = await crm.runtime.hub.services.ask(
            "pbx.dial",
            crm.agent,
            {"module": "Contacts", "record_id": contact.id, "field": "mobile"},
        )
        reached = await asyncio.wait_for(ended, 10)
        await settle(telephony, sim)
    finally:
        await telephony.stop()
    assert reply["number"] == CALLER
    [record] = await calls(crm, reached.subject)
    assert record.get("direction") == "outbound"
    assert record.get("customer") == contact.id
    assert record.get("user") == crm.agent.user_id


SCENARIOS = [
    ("queue_answered", {}),
    ("queue_abandoned", {}),
    ("queue_ring_no_answer", {}),
    ("queue_hold", {"hold_s": 20}),
    ("direct_answered", {}),
    ("direct_missed", {}),
    ("direct_voicemail", {}),
    ("direct_busy", {}),
    ("direct_failed", {}),
    ("internal", {}),
    ("click_to_call", {}),
    ("blind_transfer", {}),
    ("attended_transfer", {}),
]


@pytest.mark.one_database
@pytest.mark.parametrize(("name", "params"), SCENARIOS, ids=[n for n, _ in SCENARIOS])
async def test_every_scenario_is_stored_as_its_calls(
    crm: Any, sim: AmiSimulator, name: str, params: dict[str, Any]
) -> None:
    telephony = await connect(crm, sim)
    try:
        expected = await sim.run(name, **params)
        await settle(telephony, sim)
    finally:
        await telephony.stop()
    for call in expected:
        [record] = await calls(crm, call["linkedid"])
        assert record.get("direction") == call["direction"]
        assert record.get("callstatus") == call["outcome"]
        assert record.get("queue") == call["queue"]
        assert (record.get("wait_s"), record.get("talk_s")) == (call["wait_s"], call["talk_s"])
        if call["answered_by"]:
            assert record.get("agent_extension") == call["answered_by"]
        for transfer in call["transfers"]:
            assert f"{transfer['type']} transfer" in record.get("outcome_notes")
    if name == "queue_hold":
        [record] = await calls(crm, expected[0]["linkedid"])
        assert record.get("hold_s") == 20
