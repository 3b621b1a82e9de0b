"""``AmiSimulator``: a simulated Asterisk 18/20/22 on a real TCP port.

It stands in for a PBX in the demo (``calls_per_minute`` > 0 at speed 1) and
is the independent peer of the telephony tests: they connect a real client,
play a scenario, and compare what the client made of the events with the
calls the simulator says it played.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Coroutine, Iterable, Sequence
from types import TracebackType
from typing import Any

from pbx.simulator.actions import Actions
from pbx.simulator.clock import VirtualClock
from pbx.simulator.config import Agent, Caller, QueueConfig, build_config
from pbx.simulator.const import AMI_VERSIONS
from pbx.simulator.flow import Flow, World
from pbx.simulator.milestones import Milestones, Watch
from pbx.simulator.pbx import Pbx
from pbx.simulator.queueing import QueueDesk
from pbx.simulator.scenarios import Scenario, resolve
from pbx.simulator.scenarios.origination import Behaviour
from pbx.simulator.server import AmiServer
from pbx.simulator.traffic import Traffic, params_for, pick

logger = logging.getLogger(__name__)


def ami_version(version: str) -> str:
    """The banner version for ``version``, given as an AMI version or a release."""
    if version in AMI_VERSIONS.values():
        return version
    if version in AMI_VERSIONS:
        return AMI_VERSIONS[version]
    known = ", ".join(f"{v} (Asterisk {r})" for r, v in AMI_VERSIONS.items())
    raise ValueError(f"unsupported AMI version {version!r}; one of {known}")


class AmiSimulator:
    """Usage::

        sim = AmiSimulator(secret="s3cret", speed=0, seed=7, start_time=1763713800)
        await sim.start()                # listening on sim.port
        calls = await sim.run("queue_answered", talk_s=30)
        ringing = sim.at("ringing", "101")   # arm before starting
        task = sim.start_scenario("queue_abandoned", wait_s=20)
        async with ringing:              # time stands still inside
            ...                          # QueueStatus shows the waiting caller
        await task
        await sim.stop()

    ``speed``: simulated seconds per real second (0 = no waiting at all).
    ``seed`` makes every choice (numbers, Uniqueids, bridge ids) repeatable;
    with ``start_time`` the timestamps are repeatable too.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str = "switchboard",
        secret: str = "switchboard",
        version: str = "9.0.0",
        speed: float = 1.0,
        seed: int | None = 1,
        calls_per_minute: float = 0.0,
        agents: Iterable[Agent | str] | None = None,
        queues: Iterable[QueueConfig] | None = None,
        caller_numbers: Sequence[Caller | str] | None = None,
        dids: Sequence[str] | None = None,
        region: str = "RU",
        start_time: float | None = None,
        login_delay_s: float = 1.0,
        timestamps: bool = True,
        originate: Behaviour | None = None,
    ) -> None:
        self.version = ami_version(version)
        self.config = build_config(
            agents=agents, queues=queues, caller_numbers=caller_numbers, dids=dids, region=region
        )
        self.rng = random.Random(seed)
        self._start_time = start_time
        self.clock = VirtualClock(speed)
        self.milestones = Milestones(self.clock)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._server: AmiServer | None = None
        self._host, self._port = host, port
        self._username, self._secret = username, secret
        self._login_delay_s = login_delay_s
        self._timestamps = timestamps
        self.behaviour = originate or Behaviour()
        """How people behave on calls that clients Originate; may be changed at any time."""
        self.calls_per_minute = calls_per_minute
        self._world: World | None = None
        self._traffic: Traffic | None = None

    # ------------------------------------------------------------ life

    async def start(self) -> None:
        boot = self._start_time if self._start_time is not None else time.time()
        self.clock.start(boot)
        pbx = Pbx(self.config, self.clock, self.rng, self._broadcast, self.milestones)
        desk = QueueDesk(pbx, boot)
        self._world = World(
            self.config, self.clock, self.rng, pbx, desk, self.milestones, self._spawn
        )
        actions = Actions(
            self._world,
            username=self._username,
            secret=self._secret,
            boot=boot,
            login_delay_s=self._login_delay_s,
            behaviour=self.behaviour,
            version=self.version,
        )
        self._server = AmiServer(
            self._host, self._port, self.version, actions, timestamps=self._timestamps
        )
        await self._server.start()
        self._traffic = Traffic(self._world, self.calls_per_minute, self._start_named)
        self._traffic.start()
        logger.info(
            "AMI simulator (AMI %s) listening on %s:%s", self.version, self._host, self.port
        )

    async def stop(self) -> None:
        if self._traffic is not None:
            await self._traffic.stop()
        self.milestones.cancel_pending()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._server is not None:
            await self._server.stop()
            self._server = None
        await self.clock.stop()

    async def __aenter__(self) -> AmiSimulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("start() the simulator first")
        return self._server.port

    @property
    def world(self) -> World:
        if self._world is None:
            raise RuntimeError("start() the simulator first")
        return self._world

    # ------------------------------------------------------------ scenarios

    async def run(self, scenario: str | Scenario, **params: Any) -> list[dict[str, Any]]:
        """Play one scenario to its last hang-up; the logical calls it made."""
        return await self.start_scenario(scenario, **params)

    def start_scenario(
        self, scenario: str | Scenario, **params: Any
    ) -> asyncio.Task[list[dict[str, Any]]]:
        """Play a scenario in the background (a test acts while it runs);
        the task's result is the logical calls, as from ``run``."""
        play = resolve(scenario)
        name = scenario if isinstance(scenario, str) else getattr(scenario, "__name__", "custom")
        return self._spawn(self._play(play, name, params))

    async def _play(
        self, scenario: Scenario, name: str, params: dict[str, Any]
    ) -> list[dict[str, Any]]:
        flow = Flow(self.world, name)
        logger.debug("scenario %s %s", name, params)
        await scenario(flow, **params)
        self.world.pbx.flush_devices()
        return flow.expected()

    def _start_named(self, name: str, params: dict[str, Any]) -> asyncio.Task[list[dict[str, Any]]]:
        return self.start_scenario(name, **params)

    def at(self, kind: str, subject: str | None = None, *, hold: bool = True) -> Watch:
        """A point to wait for: ``ringing``/``answered``/``talking``/``held``
        (an extension), ``queued`` (a queue), ``ended`` (a Linkedid);
        ``subject=None`` matches any. With ``hold`` the simulated clock stops
        there until ``release()`` (or the end of ``async with``)."""
        return self.milestones.watch(kind, subject, hold=hold)

    def finished_calls(self) -> list[dict[str, Any]]:
        """Every logical call that ended so far, however it was started
        (scenarios, client Originates, background traffic), in end order."""
        return [record.summary() for record in self.world.pbx.finished]

    @property
    def events_sent(self) -> int:
        return self.world.pbx.events_emitted

    # ------------------------------------------------------------ load

    async def flood(self, calls: int, scenario: str | None = None, **params: Any) -> int:
        """Play ``calls`` calls one after another with no real waiting (a
        mix like the background traffic's, or ``scenario``), letting every
        client keep up; the number of events sent. Time runs instantly for
        everything while the flood lasts."""
        before = self.events_sent
        speed = self.clock.speed
        self.clock.speed = 0
        try:
            for _ in range(calls):
                name, chosen = scenario, params
                if name is None:
                    name = pick(self.rng)
                    found = params_for(self.world, name)
                    if name == "agent_pause" or found is None:
                        name, found = "queue_answered", {}
                    chosen = found
                await self.run(name, **chosen)
                if self._server is not None:
                    await self._server.drained()
        finally:
            self.clock.speed = speed
        return self.events_sent - before

    async def disconnect_clients(self) -> int:
        """Drop every AMI connection at once (calls go on); how many there were."""
        if self._server is None:
            return 0
        dropped = self._server.drop_all()
        await asyncio.sleep(0)
        return dropped

    # ------------------------------------------------------------ plumbing

    def _broadcast(self, event: Any) -> None:
        if self._server is not None:
            self._server.broadcast(event)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        async def pinned() -> Any:
            self.clock.pin()
            return await coro

        task = asyncio.get_running_loop().create_task(pinned())
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("simulated call failed", exc_info=task.exception())
