"""Every scenario over a real socket: events in AMI.md §7 order, snapshot
blocks in §2 order, and an answer key that agrees with the wire."""

from __future__ import annotations

from typing import Any

import pytest
from scenario_cases import CALLER, CASES
from sim_client import Client, keys, misordered_snapshots, subsequence, tag, well_formed

from pbx.simulator import SCENARIOS, AmiSimulator


def test_every_scenario_is_covered() -> None:
    assert set(CASES) == set(SCENARIOS)


@pytest.mark.parametrize("name", sorted(CASES))
async def test_scenario_events_and_answer_key(name: str, sim: AmiSimulator, client: Client) -> None:
    params, trail, expected = CASES[name]
    calls = await sim.run(name, **params)
    await client.sync()
    events = [m for m in client.events() if m["Event"] != "FullyBooted"]
    tags = [tag(m) for m in events]
    assert subsequence(tags, trail), "\n".join(tags)
    for event in events:
        assert misordered_snapshots(event) == [], (event["Event"], list(event.keys()))
    assert [{k: v for k, v in call.items() if k != "linkedid"} for call in calls] == expected
    for call in calls:
        assert well_formed(call) == []
        _agrees_with_the_wire(call, events)
    assert sim.world.pbx.channels == {} and sim.world.pbx.bridges == {}


def _agrees_with_the_wire(call: dict[str, Any], events: list[Any]) -> None:
    """The call's Linkedid is on the wire, and its durations are the
    timestamps' (start = first Newchannel, end = last Hangup of that Linkedid)."""
    linkedid = call["linkedid"]
    mine = [m for m in events if m.get("Linkedid") == linkedid]
    assert mine, f"no event carries {linkedid}"
    first = next(m for m in events if m["Event"] == "Newchannel" and m["Uniqueid"] == linkedid)
    last_hangup = [m for m in events if m["Event"] == "Hangup" and m["Linkedid"] == linkedid][-1]
    start, end = float(first["Timestamp"]), float(last_hangup["Timestamp"])
    assert call["wait_s"] + call["talk_s"] == round(end - start)


async def test_queue_events_carry_the_real_field_lists(sim: AmiSimulator, client: Client) -> None:
    await sim.run("queue_ring_no_answer", queue="billing", **CALLER)
    await client.sync()
    status = client.events("QueueMemberStatus")[0]
    assert keys(status)[3:] == [
        "Queue",
        "MemberName",
        "Interface",
        "StateInterface",
        "Membership",
        "Penalty",
        "CallsTaken",
        "LastCall",
        "LastPause",
        "LoginTime",
        "InCall",
        "Status",
        "Paused",
        "PausedReason",
        "Ringinuse",
        "Wrapuptime",
    ]
    rna = client.events("AgentRingNoAnswer")[0]
    assert rna["RingTime"] == "15000"
    assert keys(rna)[-4:] == ["Queue", "Interface", "MemberName", "RingTime"]
    connect = client.events("AgentConnect")[0]
    assert (connect["HoldTime"], connect["RingTime"]) == ("25", "5")
    complete = client.events("AgentComplete")[0]
    assert keys(complete)[-3:] == ["HoldTime", "TalkTime", "Reason"]
    join = client.events("QueueCallerJoin")[0]
    assert (join["Queue"], join["Position"], join["Count"]) == ("billing", "1", "1")


async def test_abandon_reports_the_hold_time(sim: AmiSimulator, client: Client) -> None:
    await sim.run("queue_abandoned", wait_s=25, **CALLER)
    await client.sync()
    abandon = client.events("QueueCallerAbandon")[0]
    assert (abandon["HoldTime"], abandon["Position"], abandon["OriginalPosition"]) == (
        "25",
        "1",
        "1",
    )
    # 25 s is longer than a member's 15 s ring: one round timed out first.
    assert len(client.events("AgentRingNoAnswer")) == 3


async def test_chanunavail_creates_no_leg(sim: AmiSimulator, client: Client) -> None:
    [call] = await sim.run("direct_failed", status="CHANUNAVAIL", extension="106", **CALLER)
    await client.sync()
    assert [tag(m) for m in client.events("Newchannel")] == ["Newchannel trunk"]
    assert (call["outcome"], call["agents_rung"]) == ("failed", [])


async def test_a_queue_whose_members_are_all_paused_times_out(sim: AmiSimulator) -> None:
    for member in ("106", "107"):
        assert sim.world.desk.pause(f"PJSIP/{member}", True, "test", "billing")
    [call] = await sim.run("queue_answered", queue="billing", **CALLER)
    assert (call["outcome"], call["agents_rung"], call["wait_s"]) == ("missed", [], 300)


async def test_the_same_seed_gives_the_same_stream() -> None:
    streams = []
    for _ in range(2):
        async with AmiSimulator(speed=0, seed=11, start_time=1763713800.0, secret="x") as sim:
            client = await Client.connect(sim.port)
            await client.login("x")
            await sim.run("attended_transfer")
            await sim.run("click_to_call", local=True)
            await client.sync()
            streams.append([dict(m) for m in client.events() if m["Event"] != "FullyBooted"])
            await client.close()
    assert streams[0] == streams[1]
