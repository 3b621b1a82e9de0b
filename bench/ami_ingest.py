"""AMI ingest throughput: events per second from the simulator's traffic
through parse → call state → database → hub, beside the same bytes merely
read and parsed by panoramisk.

The stream is recorded once from the built-in simulator (a mix of queue
calls, missed, busy, transfers, click-to-call…) and then played to each
reader as fast as it takes it, so both figures come from the same bytes in
the same run. End to end counts until every finished call is stored as a
Calls record (with caller matching, call-back tasks, history and event log)
and published on the hub.

    python -m bench.ami_ingest [--calls 2000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from panoramisk.ami_protocol import AMIProtocol

from bench.ami_feed import AmiFeed
from bench.common import data_dir, open_runtime, until
from pbx.framing import FrameReader
from pbx.simulator import AmiSimulator
from pbx.telephony import Telephony

CALLERS = [f"+7916{3000000 + i:07d}" for i in range(400)]
START = 1763713800.0


async def record_stream(calls: int) -> tuple[bytes, int]:
    """The bytes a client receives while the simulator plays ``calls`` calls."""
    async with AmiSimulator(
        speed=0, seed=7, start_time=START, caller_numbers=CALLERS, login_delay_s=0
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


def panoramisk_rate(stream: bytes) -> float:
    """The same bytes through panoramisk's own protocol, events dispatched."""

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


async def end_to_end(stream: bytes, events: int, database_url: str | None) -> tuple[float, int]:
    feed = AmiFeed(stream, hold=True)
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
        started = time.perf_counter()
        feed.release()
        await until(lambda: telephony.ingest.events >= events)
        await telephony.ingest.settle()
        await telephony.call_log.drain()
        elapsed = time.perf_counter() - started
        stored = telephony.call_log.stored
        await telephony.stop()
        await runtime.close()
    await feed.stop()
    return events / elapsed, stored


async def main(calls: int, database_url: str | None) -> None:
    stream, events = await record_stream(calls)
    print(f"stream: {calls} simulated calls, {events} AMI events, {len(stream) / 1e6:.1f} MB")
    raw = panoramisk_rate(stream)
    framing = framing_rate(stream)
    e2e, stored = await end_to_end(stream, events, database_url)
    print(f"panoramisk read+parse only:         {raw:10.0f} events/s (baseline)")
    print(f"pbx framing only:                   {framing:10.0f} events/s")
    print(f"end to end (parse→calls→db→hub):    {e2e:10.0f} events/s, {stored} Calls stored")
    print(f"ratio end-to-end / panoramisk parse: {e2e / raw:.2f}")
    print(
        "targets (≥10,000 events/s, ratio ≥ 0.5): "
        + ("met" if e2e >= 10_000 and e2e / raw >= 0.5 else "NOT met")
    )


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.calls, args.database_url))


if __name__ == "__main__":
    cli()
