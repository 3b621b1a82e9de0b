"""A minimal AMI peer for benchmarks: logs the client in, answers the
resynchronisation lists with empty lists, then writes a prepared stream of
events as fast as the socket takes it. Keeping the producer trivial means the
figures measure the reader, not the writer."""

from __future__ import annotations

import asyncio
import contextlib
import re

ACTION_ID_RE = re.compile(rb"ActionID: ?([^\r\n]*)", re.IGNORECASE)
ACTION_RE = re.compile(rb"Action: ?([^\r\n]*)", re.IGNORECASE)
LISTS = {b"queuestatus": b"QueueStatusComplete", b"coreshowchannels": b"CoreShowChannelsComplete"}


class AmiFeed:
    def __init__(self, stream: bytes, *, hold: bool = False) -> None:
        """``hold`` waits for ``release()`` before streaming, so a benchmark can
        start its clock when every client is ready."""
        self.stream = stream
        self.port = 0
        self.sent = asyncio.Event()
        self.connected = asyncio.Event()
        """Set once a client has logged in and resynchronised."""
        self._go = asyncio.Event()
        if not hold:
            self._go.set()
        self._server: asyncio.Server | None = None
        self.writers: list[asyncio.StreamWriter] = []

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def release(self) -> None:
        self._go.set()

    async def stop(self) -> None:
        for writer in self.writers:
            writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def send(self, data: bytes) -> None:
        """Write to every connected client now (latency benchmarks)."""
        for writer in self.writers:
            writer.write(data)
        await asyncio.gather(*(w.drain() for w in self.writers))

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"Asterisk Call Manager/9.0.0\r\n")
        streamer: asyncio.Task[None] | None = None
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                block = await reader.readuntil(b"\r\n\r\n")
                action = (ACTION_RE.search(block) or [b"", b""])[1].strip().lower()
                found = ACTION_ID_RE.search(block)
                action_id = found[1] if found else b""
                if action == b"login":
                    writer.write(
                        b"Response: Success\r\nActionID: "
                        + action_id
                        + b"\r\nMessage: Authentication accepted\r\n\r\n"
                        b"Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 1\r\n"
                        b"LastReload: 1\r\nStatus: Fully Booted\r\n\r\n"
                    )
                elif action in LISTS:
                    writer.write(
                        b"Response: Success\r\nActionID: "
                        + action_id
                        + b"\r\nEventList: start\r\nMessage: will follow\r\n\r\n"
                        b"Event: "
                        + LISTS[action]
                        + b"\r\nActionID: "
                        + action_id
                        + b"\r\nEventList: Complete\r\nListItems: 0\r\n\r\n"
                    )
                    if action == b"coreshowchannels" and streamer is None:
                        self.writers.append(writer)
                        self.connected.set()
                        streamer = asyncio.create_task(self._stream(writer))
                else:
                    writer.write(
                        b"Response: Success\r\nActionID: " + action_id + b"\r\nPing: Pong\r\n\r\n"
                    )
                await writer.drain()
        if streamer is not None:
            streamer.cancel()

    async def _stream(self, writer: asyncio.StreamWriter) -> None:
        await self._go.wait()
        view = memoryview(self.stream)
        for start in range(0, len(view), 1 << 16):
            writer.write(view[start : start + (1 << 16)])
            await writer.drain()
        self.sent.set()
