"""Two hub nodes, one Asterisk: only the node holding the ``pbx.ami`` advisory
lock talks to AMI, and when it dies the standby node takes over.

PostgreSQL only: on SQLite one process owns the database file and always
holds the lock, so there is no second node to stand by. Each node is a
runtime of its own (engine, pool, hub) with its own Telephony, both on the
same database and the same AMI simulator, over real sockets.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from crm_core.records.model import Condition, Op
from crm_core.runtime import Runtime
from crm_core.settings import Settings
from crm_core.storage.database import unpooled
from pbx.simulator import AmiSimulator
from pbx.telephony import Telephony

START = 1763713800.5
CALLER = "+79161234567"
POLL_S = 0.1
"""How often a standby node asks for the lock (5 s in production): short, so
that the takeover bound below is tight and the test quick."""
TAKEOVER_S = 5.0
"""From the active node's death to the standby node logged in and resynced:
a poll, a TCP connect, Login and two list actions, with room to spare."""
WAIT_S = 10.0
PG_URL_ENV = "SWITCHBOARD_TEST_PG_URL"

pytestmark = pytest.mark.postgres


@pytest.fixture
async def sim() -> AsyncIterator[AmiSimulator]:
    async with AmiSimulator(speed=0, seed=11, start_time=START, login_delay_s=0) as simulator:
        yield simulator


@dataclass
class Node:
    """One hub process: a runtime of its own and the telephony channel in it."""

    name: str
    runtime: Runtime
    telephony: Telephony
    attempts: list[bool | Exception]
    """What each of its requests for the lock got (or raised), in order."""
    asked: asyncio.Event = field(default_factory=asyncio.Event)
    """Set after each request for the lock."""
    alive: bool = True
    buried: bool = False
    stored_at_death: int = 0


StartNode = Callable[[str], Awaitable[Node]]


@pytest.fixture
async def cluster(
    settings: Settings, sim: AmiSimulator, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[StartNode]:
    """Starts nodes on demand; afterwards stops the live ones and buries the dead."""
    nodes: list[Node] = []

    async def start(name: str) -> Node:
        runtime = await Runtime.open(settings)
        telephony = Telephony(runtime, ami_host="127.0.0.1", ami_port=sim.port)
        telephony.singleton.retry_s = POLL_S
        node = Node(name, runtime, telephony, attempts=[])
        record_attempts(node, monkeypatch)
        nodes.append(node)
        await telephony.start()
        return node

    yield start
    for node in reversed(nodes):
        if node.alive:
            try:
                await node.telephony.stop()
            finally:
                await node.runtime.close()
        elif not node.buried:
            await bury(node)


def record_attempts(node: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    """Note the outcome of every lock request the node makes; the request
    itself still goes to PostgreSQL unchanged."""
    singleton = node.telephony.singleton
    ask = singleton.try_acquire

    async def try_acquire() -> bool:
        try:
            got = await ask()
        except Exception as exc:
            node.attempts.append(exc)
            node.asked.set()
            raise
        node.attempts.append(got)
        node.asked.set()
        return got

    monkeypatch.setattr(singleton, "try_acquire", try_acquire)


async def within(seconds: float, what: str, step: Awaitable[Any]) -> float:
    """Await ``step``; the test fails, saying ``what`` did not happen, if that
    takes longer than ``seconds``. Returns how long it took."""
    loop = asyncio.get_running_loop()
    began = loop.time()
    deadline = asyncio.timeout(seconds)
    try:
        async with deadline:
            await step
    except TimeoutError:
        if not deadline.expired():
            raise
        raise AssertionError(f"not within {seconds} s: {what}") from None
    return loop.time() - began


async def attempts_until(node: Node, condition: Callable[[list[bool | Exception]], bool]) -> None:
    """Until the node's requests for the lock so far satisfy ``condition``."""
    while not condition(node.attempts):
        node.asked.clear()
        await node.asked.wait()


def connected(node: Node) -> Awaitable[bool]:
    """Set once the node is logged in to AMI and resynchronised."""
    return node.telephony.link.ready.wait()


async def caught_up(node: Node) -> None:
    """Until the node has read, applied and stored everything the simulator
    sent it: the answer to a Ping comes after every event written before it
    on the same connection."""
    telephony = node.telephony
    async with asyncio.timeout(WAIT_S):
        await telephony.send({"Action": "Ping"})
        await telephony.ingest.settle()
        await telephony.call_log.drain()


def ami_clients(sim: AmiSimulator) -> list[str]:
    """The peers the simulator has logged in right now. It offers no public
    view of its sessions, so this reads its server's."""
    server = sim._server
    assert server is not None
    return sorted(s.peer for s in server.sessions if s.authenticated and not s.closed)


def ami_address(node: Node) -> str:
    protocol = node.telephony.link.protocol
    assert protocol is not None and protocol.transport is not None
    host, port = protocol.transport.get_extra_info("sockname")[:2]
    return f"{host}:{port}"


async def kill(node: Node) -> None:
    """Kill ``node`` the way the kernel reaps a killed process.

    At one instant, with no await in between, both of its sockets that matter
    go without a goodbye on either protocol: the AMI connection is aborted and
    the PostgreSQL session holding the lock is terminated (asyncpg closes the
    socket without sending Terminate). PostgreSQL sees its client vanish, ends
    the session and with it the session-level advisory lock, as it does for a
    dead process. Closing the node's engine would not do: ``dispose()`` closes
    only idle pooled connections, and the lock lives on a connection checked
    out for as long as the node leads, so the lock would stay held.

    The reconnect loop and the task watching the lock are cancelled in the
    same breath, before either could act. Everything else of the node is
    left as it lies until ``bury``: the takeover must not depend on the dead
    node tidying up.
    """
    telephony = node.telephony
    lock = telephony.singleton._conn
    assert lock is not None, f"{node.name} holds no lock to lose"
    session = (await lock.get_raw_connection()).driver_connection
    assert telephony.link.protocol is not None
    node.stored_at_death = telephony.call_log.stored

    telephony.link.protocol.transport.abort()
    session.terminate()
    leader = telephony._leader
    assert leader is not None
    leader.cancel()  # a dead process watches no lock
    await telephony.link.stop()
    node.alive = False


async def bury(node: Node) -> None:
    """Clear away what a dead process would not have left behind: the lost
    session in the node's books, its idle tasks, its runtime. It died between
    calls with nothing left to store, and it must store nothing now."""
    telephony = node.telephony
    lock = telephony.singleton._conn
    assert lock is not None
    telephony.singleton._conn = None
    await lock.invalidate()
    await telephony.stop()
    await node.runtime.close()
    node.buried = True
    assert telephony.call_log.stored == node.stored_at_death, f"{node.name} stored calls dead"


@asynccontextmanager
async def database_unreachable(url: str, *, spare: int) -> AsyncIterator[None]:
    """While inside, the database refuses new connections and every session
    on it but ``spare`` is cut: what a node sees while its path to PostgreSQL
    is down. Its pooled connections fail the pre-ping and reconnecting is
    refused, so its next query raises. The switch is thrown from the server's
    base database (the one the test databases are made from), since a
    database cannot bar connections to itself."""
    name = make_url(url).database
    engine = unpooled(os.environ[PG_URL_ENV])
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            try:
                await conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = :name AND pid <> :spare"
                    ),
                    {"name": name, "spare": spare},
                )
                yield
            finally:
                await conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    finally:
        await engine.dispose()


async def lock_session_pid(node: Node) -> int:
    lock = node.telephony.singleton._conn
    assert lock is not None, f"{node.name} holds no lock"
    pid: int = (await lock.get_raw_connection()).driver_connection.get_server_pid()
    return pid


async def stored_calls(crm: Any, linkedid: str) -> list[Any]:
    page = await crm.records.list_records(
        crm.admin, "Calls", conditions=[Condition("sourceuuid", Op.EQ, linkedid)]
    )
    return page.records


async def every_stored_linkedid(crm: Any) -> Counter[str]:
    page = await crm.records.list_records(crm.admin, "Calls", limit=100)
    return Counter(r.get("sourceuuid") for r in page.records)


async def test_the_standby_node_takes_over_when_the_active_one_dies(
    crm: Any, sim: AmiSimulator, cluster: StartNode
) -> None:
    """Node 1 leads and stores its calls; node 2 stands by, never logged in
    to AMI. Node 1 then dies mid-call, killed as a process dies (``kill``:
    its AMI socket aborted, its PostgreSQL session terminated without a
    goodbye, so the server drops the advisory lock). Node 2 takes the lock
    within a bound, logs in, learns the live call from Asterisk, and every
    call ends up stored exactly once."""
    # 1. The first node leads; the second asks, is refused, and keeps asking.
    first = await cluster("node 1")
    await within(WAIT_S, "node 1 connected to AMI", connected(first))
    second = await cluster("node 2")
    await within(
        WAIT_S,
        "node 2 asked for the lock twice and was refused twice",
        attempts_until(second, lambda got: got.count(False) >= 2),
    )
    assert first.attempts == [True]
    assert first.telephony.singleton.held
    assert ami_clients(sim) == [ami_address(first)]
    assert not second.telephony.singleton.held
    assert second.telephony.link.connections == 0
    assert True not in second.attempts

    # 2. Calls while the first node leads are stored by it, once each.
    before = [*await sim.run("queue_answered"), *await sim.run("direct_answered")]
    await caught_up(first)
    for call in before:
        assert len(await stored_calls(crm, call["linkedid"])) == 1, call["linkedid"]
    assert first.telephony.call_log.stored == len(before)
    assert second.telephony.ingest.events == 0, "the standby node read AMI events"
    assert second.telephony.link.connections == 0

    # 3. The first node dies in the middle of a call; the second takes over,
    # learns the call from Asterisk, and stores it when it ends.
    talking = sim.at("talking", "101")
    ongoing = sim.start_scenario("queue_answered", caller=CALLER, answered_by="101", talk_s=60)
    async with talking:  # time stands still until the block ends
        await caught_up(first)
        await kill(first)
        await within(TAKEOVER_S, "node 2 took over AMI", connected(second))
        assert ami_clients(sim) == [ami_address(second)]
        await bury(first)
    [during] = await ongoing
    assert second.attempts[-1] is True
    assert second.attempts.count(True) == 1
    assert second.telephony.singleton.held
    assert second.telephony.link.connections == 1
    assert first.telephony.link.connections == 1, "the dead node reconnected"

    after = await sim.run("direct_answered", caller=CALLER, extension="101")
    await caught_up(second)
    [record] = await stored_calls(crm, during["linkedid"])
    assert record.get("callstatus") == "answered"
    assert record.get("queue") == "support"
    assert record.get("agent_extension") == "101"
    assert record.get("user") == crm.agent.user_id
    for call in after:
        assert len(await stored_calls(crm, call["linkedid"])) == 1, call["linkedid"]
    assert second.telephony.call_log.stored == 1 + len(after)

    # Nothing stored twice, nothing stored that was not played.
    played = [call["linkedid"] for call in [*before, during, *after]]
    assert len(set(played)) == len(played)
    assert await every_stored_linkedid(crm) == Counter(played)
    assert ami_clients(sim) == [ami_address(second)]


async def test_a_standby_node_that_lost_the_database_for_a_while_still_takes_over(
    crm: Any, sim: AmiSimulator, cluster: StartNode, settings: Settings
) -> None:
    """A failed request for the lock (PostgreSQL restarting, failing over, out
    of reach) must not end the standby: it asks again and takes over later."""
    first = await cluster("node 1")
    await within(WAIT_S, "node 1 connected to AMI", connected(first))
    second = await cluster("node 2")
    await within(
        WAIT_S, "node 2 was refused the lock", attempts_until(second, lambda got: False in got)
    )

    # The leader's own session is spared: it leads on throughout, and only
    # the standby's requests fail.
    async with database_unreachable(settings.database_url, spare=await lock_session_pid(first)):
        await within(
            WAIT_S,
            "node 2's request for the lock failed",
            attempts_until(second, lambda got: any(isinstance(a, Exception) for a in got)),
        )
    assert second.telephony.link.connections == 0
    assert not second.telephony.singleton.held

    await kill(first)
    await within(TAKEOVER_S, "node 2 took over AMI", connected(second))
    assert ami_clients(sim) == [ami_address(second)]
    await bury(first)
    assert second.attempts[-1] is True
    calls = await sim.run("direct_answered", caller=CALLER, extension="101")
    await caught_up(second)
    assert await every_stored_linkedid(crm) == Counter(c["linkedid"] for c in calls)


async def test_a_leader_that_lost_its_lock_session_lets_go_of_ami(
    crm: Any, sim: AmiSimulator, cluster: StartNode
) -> None:
    """The leader lives on but its lock session is ended (an administrator,
    a PostgreSQL restart, a network cut): the lock is free and the standby
    may take it, so the old leader must leave AMI, or both would store calls.
    Whichever node then holds the lock is the only one on AMI."""
    first = await cluster("node 1")
    await within(WAIT_S, "node 1 connected to AMI", connected(first))
    second = await cluster("node 2")
    await within(
        WAIT_S, "node 2 was refused the lock", attempts_until(second, lambda got: False in got)
    )
    old_session = ami_address(first)
    engine = unpooled(os.environ[PG_URL_ENV])
    try:
        async with engine.connect() as conn:
            await conn.execute(
                text("SELECT pg_terminate_backend(:pid)"), {"pid": await lock_session_pid(first)}
            )
            await conn.commit()
    finally:
        await engine.dispose()

    async def one_leader_again() -> Node:
        while True:
            leaders = [n for n in (first, second) if n.telephony.singleton.held]
            if len(leaders) == 1 and leaders[0].telephony.link.ready.is_set():
                leader = leaders[0]
                if old_session not in ami_clients(sim) and ami_clients(sim) == [
                    ami_address(leader)
                ]:
                    return leader
            await asyncio.sleep(0.02)

    async with asyncio.timeout(TAKEOVER_S):
        leader = await one_leader_again()
    other = second if leader is first else first
    assert not other.telephony.singleton.held
    calls = await sim.run("direct_answered", caller=CALLER, extension="101")
    await caught_up(leader)
    assert await every_stored_linkedid(crm) == Counter(c["linkedid"] for c in calls)
    assert other.telephony.call_log.stored == 0
    assert ami_clients(sim) == [ami_address(leader)]
