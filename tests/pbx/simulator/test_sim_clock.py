"""The simulated clock: exact durations, wake order, speed, holding."""

from __future__ import annotations

import asyncio
import time

import pytest
from sim_client import Client

from pbx.simulator import AmiSimulator
from pbx.simulator.clock import VirtualClock


async def test_instant_time_passes_exactly() -> None:
    clock = VirtualClock(speed=0)
    clock.start(1000.0)
    try:
        clock.pin()
        began = time.monotonic()
        await clock.sleep(3600)
        assert clock.now() == 4600.0
        assert time.monotonic() - began < 0.5
    finally:
        await clock.stop()


async def test_sleepers_wake_in_simulated_order() -> None:
    clock = VirtualClock(speed=0)
    clock.start(0.0)
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, seconds: float) -> None:
        clock.pin()
        await clock.sleep(seconds)
        woke.append((name, clock.shared_now()))

    try:
        await asyncio.gather(sleeper("late", 5), sleeper("early", 2), sleeper("middle", 3))
    finally:
        await clock.stop()
    assert woke == [("early", 2.0), ("middle", 3.0), ("late", 5.0)]


async def test_speed_maps_simulated_seconds_to_real_ones() -> None:
    clock = VirtualClock(speed=100)
    clock.start(0.0)
    try:
        pinned = clock.pin()
        began = time.monotonic()
        await clock.sleep(5)
        elapsed = time.monotonic() - began
    finally:
        await clock.stop()
    assert 0.04 <= elapsed < 1.0
    assert clock.now() == pinned + 5


async def test_a_held_clock_lets_nothing_wake() -> None:
    clock = VirtualClock(speed=0)
    clock.start(0.0)

    async def nap() -> None:
        clock.pin()
        await clock.sleep(1)

    try:
        clock.hold()
        task = asyncio.create_task(nap())
        await asyncio.sleep(0.02)
        assert not task.done() and clock.shared_now() == 0.0
        clock.release()
        await asyncio.wait_for(task, 1)
        assert clock.shared_now() == 1.0
    finally:
        await clock.stop()


def test_negative_speed_is_refused() -> None:
    with pytest.raises(ValueError, match="speed"):
        VirtualClock(speed=-1)


async def test_concurrent_calls_have_non_decreasing_timestamps(
    sim: AmiSimulator, client: Client
) -> None:
    results = await asyncio.gather(
        sim.run("queue_answered", talk_s=40),
        sim.run("internal", caller="104", callee="105", talk_s=25),
        sim.run("direct_voicemail", extension="106"),
        sim.run("click_to_call", agent="107", talk_s=10),
    )
    await client.sync()
    stamps = [float(m["Timestamp"]) for m in client.events() if "Timestamp" in m]
    assert stamps == sorted(stamps)
    assert len({call["linkedid"] for calls in results for call in calls}) == 4


async def test_a_milestone_stops_time_until_released(sim: AmiSimulator) -> None:
    queued = sim.at("queued", "support")
    call = sim.start_scenario("queue_answered", ring_s=10, talk_s=10)
    async with queued as reached:
        frozen = sim.clock.shared_now()
        await asyncio.sleep(0.02)
        assert sim.clock.shared_now() == frozen
        assert reached.subject == "support" and reached.channel is not None
    [expected] = await call
    assert expected["wait_s"] == 10


def test_an_unknown_milestone_is_refused(sim: AmiSimulator) -> None:
    with pytest.raises(ValueError, match="unknown milestone"):
        sim.at("dancing")
