"""A large read is handled slice by slice, with the event loop free between
slices, and nothing of it is lost or reordered, even when the connection
closes in the middle."""

from __future__ import annotations

import asyncio
from typing import Any

from pbx.ami.protocol import SLICE_BYTES, AmiProtocol


class Transport:
    def __init__(self) -> None:
        self.paused = 0
        self.resumed = 0
        self.closed = False

    def write(self, data: bytes) -> None: ...

    def pause_reading(self) -> None:
        self.paused += 1

    def resume_reading(self) -> None:
        self.resumed += 1

    def close(self) -> None:
        self.closed = True


class Factory:
    def __init__(self) -> None:
        self.events: list[str] = []
        self.names: set[str] = set()
        self.lost_after: int | None = None

    def dispatch(self, message: Any) -> None:
        self.events.append(message.get("Uniqueid"))
        self.names.add(message.get("CallerIDName"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost_after = len(self.events)


def burst(count: int) -> bytes:
    return b"".join(
        b"Event: Newstate\r\nPrivilege: call,all\r\nChannel: PJSIP/101-%08d\r\n"
        b"ChannelState: 5\r\nChannelStateDesc: Ringing\r\nCallerIDNum: +79161234567\r\n"
        b"CallerIDName: \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\r\nUniqueid: 1763713800.%d\r\n"
        b"Linkedid: 1763713800.%d\r\n\r\n" % (n, n, n)
        for n in range(count)
    )


def connect() -> tuple[AmiProtocol, Transport, Factory]:
    protocol = AmiProtocol()
    transport = Transport()
    factory = Factory()
    protocol.connection_made(transport)
    protocol.factory = factory
    return protocol, transport, factory


async def test_a_large_read_leaves_the_loop_free_between_slices() -> None:
    protocol, transport, factory = connect()
    data = b"Asterisk Call Manager/9.0.0\r\n" + burst(2000)
    assert len(data) > 20 * SLICE_BYTES
    ticks = 0

    async def other_work() -> None:
        nonlocal ticks
        while len(factory.events) < 2000:
            ticks += 1
            await asyncio.sleep(0)

    watcher = asyncio.create_task(other_work())
    await asyncio.sleep(0)
    protocol.data_received(data)
    assert 0 < len(factory.events) < 100  # the first slice only
    assert transport.paused == 1
    await asyncio.wait_for(watcher, 5)
    assert factory.events == [f"1763713800.{n}" for n in range(2000)]
    assert factory.names == {"Иван"}  # whole even where a slice cut a letter in two
    assert ticks >= len(data) // SLICE_BYTES - 1  # other work ran between the slices
    assert transport.resumed == 1
    assert protocol.banner_seen.result() == "Asterisk Call Manager/9.0.0"


async def test_reads_arriving_while_slicing_keep_their_order() -> None:
    protocol, _, factory = connect()
    whole = b"Asterisk Call Manager/9.0.0\r\n" + burst(1500)
    cut = len(whole) // 2 + 7  # in the middle of a message
    protocol.data_received(whole[:cut])
    protocol.data_received(whole[cut:])
    for _ in range(200):
        await asyncio.sleep(0)
    assert factory.events == [f"1763713800.{n}" for n in range(1500)]


async def test_what_arrived_before_a_disconnect_is_handled_before_it() -> None:
    protocol, _, factory = connect()
    protocol.data_received(b"Asterisk Call Manager/9.0.0\r\n" + burst(1000))
    assert len(factory.events) < 1000
    protocol.connection_lost(None)
    assert factory.lost_after == 1000
    assert factory.events[-1] == "1763713800.999"
    await asyncio.sleep(0)  # slices still scheduled find nothing left to do
    assert len(factory.events) == 1000
