"""Background traffic and the flood used by benchmarks."""

from __future__ import annotations

import asyncio

from sim_client import SECRET, Client, well_formed

from pbx.simulator import AmiSimulator


async def test_background_traffic_makes_overlapping_well_formed_calls() -> None:
    async with AmiSimulator(
        speed=0, seed=5, calls_per_minute=30, secret=SECRET, start_time=1763713800.0
    ) as sim:
        async with asyncio.timeout(10):
            while len(sim.finished_calls()) < 40:
                await sim.at("ended", hold=False)
        calls = sim.finished_calls()
    for call in calls:
        assert well_formed(call) == [], call
    assert len({c["linkedid"] for c in calls}) == len(calls)
    assert {c["direction"] for c in calls} == {"inbound", "outbound", "internal"}
    assert len({c["outcome"] for c in calls}) >= 4


async def test_flood_plays_calls_back_to_back_and_counts_events() -> None:
    async with AmiSimulator(speed=1.0, seed=2, secret=SECRET) as sim:
        client = await Client.connect(sim.port)
        try:
            await client.login(SECRET)
            sent = await asyncio.wait_for(sim.flood(calls=30), 10)
            await client.sync()
            received = [m for m in client.events() if m["Event"] != "FullyBooted"]
            assert sent == len(received) > 30 * 10
            assert len(sim.finished_calls()) >= 30
            assert sim.clock.speed == 1.0
        finally:
            await client.close()
