"""A simulator on a loopback port (port 0) at instant speed, and clients for it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from sim_client import SECRET, START, Client

from pbx.simulator import AmiSimulator


@pytest.fixture
async def sim() -> AsyncIterator[AmiSimulator]:
    simulator = AmiSimulator(secret=SECRET, speed=0, seed=7, start_time=START, login_delay_s=0.05)
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


@pytest.fixture
async def connect(sim: AmiSimulator) -> AsyncIterator[Callable[[], Awaitable[Client]]]:
    """Open a client to ``sim``; every client is closed after the test."""
    clients: list[Client] = []

    async def open_client() -> Client:
        client = await Client.connect(sim.port)
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        await client.close()


@pytest.fixture
async def client(connect: Callable[[], Awaitable[Client]]) -> Client:
    """A client already logged in, with every event class."""
    opened = await connect()
    await opened.login(SECRET)
    return opened
