"""AMI ingest throughput: events per second from the simulator's traffic
through parse → call state → database → hub, beside the same bytes merely
read and parsed by panoramisk.

The stream is recorded once from the built-in simulator (a mix of queue
calls, missed, busy, transfers, click-to-call…) and then played to each
reader as fast as it takes it, so every figure comes from the same bytes in
the same run. The baseline is panoramisk reading the stream from the same
socket peer into a Manager with an event callback; its bare parser fed from
memory (no socket) is printed too. End to end counts until every finished
call is stored as a Calls record (with caller matching, call-back tasks,
history and event log), every screen pop is read and published, and every
update is on the hub. The hub is warmed first by a shorter stream of other
calls, as a running hub is.

    python -m bench.ami_ingest [--calls 2000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from panoramisk import Manager
from panoramisk.ami_protocol import AMIProtocol

from bench.ami_feed import AmiFeed
from bench.common import data_dir, open_runtime, until
from crm_core.runtime import tune_collector
from pbx.framing import FrameReader
from pbx.simulator import AmiSimulator
from pbx.telephony import Telephony

CALLERS = [f"+7916{3000000 + i:07d}" for i in range(400)]
START = 1763713800.0


async def record_stream(calls: int, seed: int = 7, start: float = START) -> tuple[bytes, int]:
    """The bytes a client receives while the simulator plays ``calls`` calls."""
    async with AmiSimulator(
        speed=0, seed=seed, start_time=start, caller_numbers=CALLERS, login_delay_s=0
    ) as sim:
        reader, writer = await asyncio.open_connection("127.0.0.1", sim.port)
        writer.write(b"Action: Login\r\nUsername: switchboard\r\nSecret: switchboard\r\n\r\n")
        await writer.drain()
        head = await reader.readuntil(b"Status: Fully Booted\r\n\r\n")
        received = bytearray()

        async def read() -> None:
            while chunk := await reader.read(1 << 16):
                received.extend(chunk)

        reading = asyncio.create_task(read())
        events = await sim.flood(calls)
        await until(lambda: received.count(b"\r\n\r\n") >= events, 0.05)
        reading.cancel()
        writer.close()
    assert head
    return bytes(received), events


async def panoramisk_socket_rate(stream: bytes, events: int) -> float:
    """The same bytes read from a socket by a panoramisk Manager, each event
    handed to a callback: the stream merely read and parsed."""
    feed = AmiFeed(stream, hold=True)
    await feed.start()
    manager = Manager(
        host="127.0.0.1",
        port=feed.port,
        username="bench",
        secret="bench",
        ping_delay=0,
        encoding="utf8",
    )
    seen = 0

    def count(_manager: Manager, _message: object) -> None:
        nonlocal seen
        seen += 1

    manager.register_event("*", count)
    await manager.connect()
    await manager.send_action({"Action": "CoreShowChannels"})
    started = time.perf_counter()
    feed.release()
    await until(lambda: seen >= events, 0.001)
    elapsed = time.perf_counter() - started
    manager.close()
    await feed.stop()
    return seen / elapsed


def panoramisk_rate(stream: bytes) -> float:
    """The same bytes through panoramisk's own protocol from memory."""

    class Counter:
        events = 0

        def dispatch(self, message: object) -> None:
            self.events += 1

    class Transport:
        def write(self, data: bytes) -> None: ...

        def close(self) -> None: ...

    protocol = AMIProtocol()
    protocol.connection_made(Transport())
    protocol.factory = Counter()
    protocol.encoding = "utf8"
    started = time.perf_counter()
    for i in range(0, len(stream), 1 << 16):
        protocol.data_received(stream[i : i + (1 << 16)])
    return protocol.factory.events / (time.perf_counter() - started)


def framing_rate(stream: bytes) -> float:
    reader = FrameReader()
    started = time.perf_counter()
    count = 0
    for i in range(0, len(stream), 1 << 16):
        count += len(reader.feed(stream[i : i + (1 << 16)]))
    return count / (time.perf_counter() - started)


async def end_to_end(
    stream: bytes, events: int, database_url: str | None, warm_up: tuple[bytes, int] | None = None
) -> tuple[float, int]:
    """Events per second through the hub, and the Calls records stored. The
    hub first reads ``warm_up`` (other calls), untimed."""
    feed = AmiFeed(warm_up[0] if warm_up else stream, hold=True)
    await feed.start()
    with data_dir() as path:
        runtime = await open_runtime(
            path,
            database_url,
            environ={"SWITCHBOARD__LOGGING__LEVEL": "WARNING", "SWITCHBOARD__PBX__AGI_PORT": "0"},
        )
        admin = await runtime.users.by_name("bench")
        assert admin is not None
        for extension in ("101", "102", "103", "104", "105", "106", "107", "108"):
            await runtime.users.add(
                user_name=f"agent{extension}",
                last_name=f"Agent {extension}",
                password=None,
                extension=extension,
                role_id="H2",
            )
        for i, number in enumerate(CALLERS[::2]):  # half the callers are known
            await runtime.records.create(
                admin.actor(), "Contacts", {"lastname": f"Клиент {i}", "mobile": number}
            )
        telephony = Telephony(runtime, ami_host="127.0.0.1", ami_port=feed.port)
        await telephony.start()
        await asyncio.wait_for(telephony.link.ready.wait(), 30)
        ingest, call_log = telephony.ingest, telephony.call_log
        feed.release()
        if warm_up:
            await until(lambda: ingest.events >= warm_up[1])
            await ingest.settle()
            await call_log.drain()
        read_before, stored_before = ingest.events, call_log.stored
        started = time.perf_counter()
        if warm_up:
            sending = asyncio.create_task(feed.send(stream))
        await until(lambda: ingest.events >= read_before + events)
        await ingest.settle()
        await call_log.drain()
        elapsed = time.perf_counter() - started
        if warm_up:
            await sending
        stored = call_log.stored - stored_before
        await telephony.stop()
        await runtime.close()
    await feed.stop()
    return events / elapsed, stored


async def main(calls: int, database_url: str | None) -> None:
    stream, events = await record_stream(calls)
    warm_up = await record_stream(max(20, calls // 10), seed=11, start=START - 86400)
    tune_collector()  # as a hub process is, for every reader measured
    print(f"stream: {calls} simulated calls, {events} AMI events, {len(stream) / 1e6:.1f} MB")
    read = await panoramisk_socket_rate(stream, events)
    parsed = panoramisk_rate(stream)
    framing = framing_rate(stream)
    e2e, stored = await end_to_end(stream, events, database_url, warm_up)
    print(f"panoramisk Manager, read from socket: {read:10.0f} events/s (baseline)")
    print(f"panoramisk parser fed from memory:    {parsed:10.0f} events/s")
    print(f"pbx framing fed from memory:          {framing:10.0f} events/s")
    print(f"end to end (read→calls→db→hub):       {e2e:10.0f} events/s, {stored} Calls stored")
    print(f"ratio end-to-end / panoramisk read:   {e2e / read:.2f}")
    print(f"ratio end-to-end / panoramisk parser: {e2e / parsed:.2f}")
    print(
        "targets (≥10,000 events/s, ratio ≥ 0.5): "
        + ("met" if e2e >= 10_000 and e2e / read >= 0.5 else "NOT met")
    )


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.calls, args.database_url))


if __name__ == "__main__":
    cli()
