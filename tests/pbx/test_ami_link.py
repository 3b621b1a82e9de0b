"""The AMI link over a real socket: login, classification of events that
carry an ActionID, refusal of unsafe actions, and a refused login."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pbx.actions import ActionRefused
from pbx.ami import AmiLink
from pbx.ami.link import NotConnected
from pbx.simulator import AmiSimulator

START = 1763713800.5


async def test_originate_response_reaches_the_ingest_and_completes_the_action() -> None:
    seen: list[Any] = []
    async with AmiSimulator(speed=0, seed=3, start_time=START, login_delay_s=0) as sim:
        link = AmiLink(
            host="127.0.0.1",
            port=sim.port,
            username="switchboard",
            secret="switchboard",
            on_event=seen.append,
        )
        link.start()
        try:
            await asyncio.wait_for(link.ready.wait(), 10)
            reply = await link.send(
                {
                    "Action": "Originate",
                    "Channel": "PJSIP/101",
                    "Context": "from-internal",
                    "Exten": "84951234567",
                    "Priority": "1",
                    "Async": "true",
                    "ActionID": "sb-test-1",
                }
            )
            assert reply.get("Response") == "Success"
            for _ in range(200):
                if any(m.get("Event") == "OriginateResponse" for m in seen):
                    break
                await asyncio.sleep(0.01)
            responses = [m for m in seen if m.get("Event") == "OriginateResponse"]
            assert responses and responses[0].get("ActionID") == "sb-test-1"
            with pytest.raises(ActionRefused):
                await link.send(
                    {"Action": "QueuePause", "Interface": "PJSIP/101\r\nAction: Command"}
                )
        finally:
            await link.stop()


async def test_a_refused_login_never_lets_actions_through() -> None:
    async with AmiSimulator(speed=0, seed=3, start_time=START, login_delay_s=0) as sim:
        link = AmiLink(
            host="127.0.0.1",
            port=sim.port,
            username="switchboard",
            secret="wrong",
            on_event=lambda m: None,
        )
        link.start()
        try:
            await asyncio.sleep(0.5)
            assert not link.ready.is_set()
            assert link.connections == 0
            with pytest.raises(NotConnected):
                await link.send({"Action": "Ping"})
        finally:
            await link.stop()


async def test_a_stop_that_lands_as_a_connect_attempt_fails_still_stops(monkeypatch) -> None:
    """The cancel arrives in the same loop turn as the refused connect: the
    link must not swallow it and go on reconnecting."""
    link = AmiLink(host="127.0.0.1", port=1, username="u", secret="s", on_event=lambda m: None)
    loop = asyncio.get_running_loop()

    async def refused(*args: Any, **kwargs: Any) -> Any:
        assert link._task is not None
        link._task.cancel()
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(loop, "create_connection", refused)
    link.start()
    task = link._task
    assert task is not None
    done, _ = await asyncio.wait({task}, timeout=5)
    assert done, "the link went on after it was told to stop"
    assert task.cancelled()
