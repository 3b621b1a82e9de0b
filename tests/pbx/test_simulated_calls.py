"""Every call scenario of the simulator, read off a real socket by the CRM's
framing and correlator, gives exactly the calls the simulator says it made."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pbx.correlation.clock import EventClock
from pbx.correlation.correlator import Correlator
from pbx.framing import FrameReader
from pbx.simulator import AmiSimulator

START = 1763713800.5
CASES: list[tuple[str, dict[str, Any]]] = [
    ("queue_answered", {"talk_s": 45}),
    ("queue_answered", {"hangup_by": "agent", "answered_by": "102", "record": False}),
    ("queue_abandoned", {"wait_s": 20}),
    ("queue_ring_no_answer", {"misses": 1}),
    ("queue_ring_no_answer", {"queue": "sales", "misses": 2}),
    ("queue_hold", {"hold_s": 30}),
    ("direct_answered", {}),
    ("direct_missed", {}),
    ("direct_voicemail", {}),
    ("direct_busy", {}),
    ("direct_failed", {"status": "CHANUNAVAIL"}),
    ("internal", {}),
    ("internal", {"answer": False}),
    ("click_to_call", {}),
    ("click_to_call", {"local": True, "hangup_by": "customer"}),
    ("click_to_call", {"agent_answers": False}),
    ("blind_transfer", {}),
    ("attended_transfer", {}),
]


async def play(name: str, params: dict[str, Any], version: str) -> tuple[list[Any], list[Any]]:
    """The simulator's answer key and the messages a client read meanwhile."""
    async with AmiSimulator(speed=0, seed=11, start_time=START, version=version) as sim:
        reader, writer = await asyncio.open_connection("127.0.0.1", sim.port)
        writer.write(b"Action: Login\r\nUsername: switchboard\r\nSecret: switchboard\r\n\r\n")
        await writer.drain()
        frames = FrameReader()
        messages: list[Any] = []
        while not any(m.get("Event") == "FullyBooted" for m in messages):
            messages += frames.feed(await reader.read(65536))
        before = sim.events_sent
        expected = await sim.run(name, **params)
        wanted = sim.events_sent - before
        events = [m for m in messages if m.get("Event") != "FullyBooted"]
        messages = []
        while len(events) + len(messages) < wanted:
            chunk = await asyncio.wait_for(reader.read(65536), 5)
            assert chunk, "the simulator closed the connection"
            messages += frames.feed(chunk)
        writer.close()
    return expected, events + messages


@pytest.mark.parametrize("version", ["7.0.3", "11.0.0"])
@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
)
async def test_the_correlator_reads_each_scenario_as_the_simulator_made_it(
    name: str, params: dict[str, Any], version: str
) -> None:
    expected, messages = await play(name, params, version)
    correlator = Correlator("RU", EventClock(wall=None))
    got = []
    for message in messages:
        got += [s.call.summary() for s in correlator.feed(message) if s.kind == "ended"]
    assert not correlator.calls, "a call was left open"
    key = lambda c: c["linkedid"]  # noqa: E731
    assert sorted(got, key=key) == sorted(expected, key=key)
