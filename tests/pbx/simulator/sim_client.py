"""A minimal AMI client for the simulator's tests: a real socket, the CRM's
own FrameReader, and the raw key order of every message kept for checks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from panoramisk.message import Message

from pbx.framing import FrameReader

TIMEOUT_S = 5.0
SECRET = "s3cret"
START = 1763713800.5
"""The simulated clock's start in the tests: 2025-11-21 08:30:00.5 UTC."""

SNAPSHOT = (
    "Channel",
    "ChannelState",
    "ChannelStateDesc",
    "CallerIDNum",
    "CallerIDName",
    "ConnectedLineNum",
    "ConnectedLineName",
    "Language",
    "AccountCode",
    "Context",
    "Exten",
    "Priority",
    "Uniqueid",
    "Linkedid",
)
BRIDGE = (
    "BridgeUniqueid",
    "BridgeType",
    "BridgeTechnology",
    "BridgeCreator",
    "BridgeName",
    "BridgeNumChannels",
    "BridgeVideoSourceMode",
)


def keys(message: Message) -> list[str]:
    """Header names in the order they came on the wire."""
    return [key for key in message if key != "content"]


class Client:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer
        self._frames = FrameReader()
        self.messages: list[Message] = []
        self._arrived = asyncio.Condition()
        self._pump = asyncio.create_task(self._read())
        self.eof = asyncio.Event()
        self.raw = bytearray()
        self._pings = 0

    @classmethod
    async def connect(cls, port: int) -> Client:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    @property
    def banner(self) -> str | None:
        return self._frames.banner

    async def _read(self) -> None:
        try:
            while data := await self._reader.read(65536):
                self.raw.extend(data)
                messages = self._frames.feed(data)
                if messages or self._frames.banner:
                    async with self._arrived:
                        self.messages.extend(messages)
                        self._arrived.notify_all()
        except ConnectionError:
            pass
        finally:
            self.eof.set()
            async with self._arrived:
                self._arrived.notify_all()

    async def send(self, **headers: str | list[str]) -> None:
        lines = []
        for key, value in headers.items():
            for item in value if isinstance(value, list) else [value]:
                lines.append(f"{key}: {item}\r\n")
        self._writer.write(("".join(lines) + "\r\n").encode())
        await self._writer.drain()

    async def sync(self) -> None:
        """Until everything sent before now has arrived (the reply to a Ping
        comes after every event written before it)."""
        self._pings += 1
        marker = f"sync-{self._pings}"
        await self.send(Action="Ping", ActionID=marker)
        await self.reply(marker)

    async def send_raw(self, data: bytes) -> None:
        self._writer.write(data)
        await self._writer.drain()

    async def wait_for(self, predicate: Callable[[Message], bool], start: int = 0) -> Message:
        """The first message from index ``start`` on that matches."""
        async with asyncio.timeout(TIMEOUT_S), self._arrived:
            while True:
                for message in self.messages[start:]:
                    if predicate(message):
                        return message
                if self.eof.is_set():
                    raise ConnectionError("the simulator closed the connection")
                await self._arrived.wait()

    async def reply(self, action_id: str) -> Message:
        return await self.wait_for(
            lambda m: (
                m.get("Response") is not None
                and m.get("Event") is None
                and m.get("ActionID") == action_id
            )
        )

    async def event(self, name: str, **fields: str) -> Message:
        return await self.wait_for(
            lambda m: m.get("Event") == name and all(m.get(k) == v for k, v in fields.items())
        )

    async def until(self, condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(TIMEOUT_S), self._arrived:
            while not condition():
                if self.eof.is_set():
                    raise ConnectionError("the simulator closed the connection")
                await self._arrived.wait()

    async def nth(self, name: str, count: int) -> Message:
        """The ``count``-th event called ``name`` (1-based), once it came."""
        await self.until(lambda: len(self.events(name)) >= count)
        return self.events(name)[count - 1]

    async def list_items(self, action_id: str, complete: str) -> list[Message]:
        """The items of a list response, in order, once its Complete event came."""
        await self.wait_for(lambda m: m.get("Event") == complete and m.get("ActionID") == action_id)
        return [
            m
            for m in self.messages
            if m.get("ActionID") == action_id and m.get("Event") not in (None, complete)
        ]

    async def banner_seen(self) -> str:
        async with asyncio.timeout(TIMEOUT_S), self._arrived:
            while self._frames.banner is None and not self.eof.is_set():
                await self._arrived.wait()
        assert self._frames.banner is not None
        return self._frames.banner

    async def login(self, secret: str, events: str = "on", username: str = "switchboard") -> None:
        await self.send(
            Action="Login", Username=username, Secret=secret, Events=events, ActionID="login"
        )
        reply = await self.reply("login")
        assert reply["Response"] == "Success", reply

    def events(self, *names: str) -> list[Message]:
        return [m for m in self.messages if m.get("Event") and (not names or m["Event"] in names)]

    async def closed(self) -> None:
        async with asyncio.timeout(TIMEOUT_S):
            await self.eof.wait()

    async def close(self) -> None:
        self._writer.close()
        with contextlib.suppress(ConnectionError, TimeoutError):
            async with asyncio.timeout(1):
                await self._writer.wait_closed()
        self._pump.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._pump


def subsequence(names: list[str], expected: list[str]) -> bool:
    """Whether ``expected`` appears in ``names`` in this order (other events may be between)."""
    position = 0
    for name in names:
        if position < len(expected) and name == expected[position]:
            position += 1
    return position == len(expected)


def misordered_snapshots(message: Message) -> list[str]:
    """Prefixes of the snapshot blocks whose fields are not in AMI.md §2 order."""
    order = keys(message)
    bad = []
    for key in order:
        if not key.endswith("ChannelStateDesc"):
            continue
        prefix = key[: -len("ChannelStateDesc")]
        start = order.index(prefix + "Channel") if prefix + "Channel" in order else -1
        block = order[start : start + len(SNAPSHOT)] if start >= 0 else []
        if block != [prefix + field for field in SNAPSHOT]:
            bad.append(prefix or "<none>")
    return bad


def role(channel: str | None) -> str:
    """``PJSIP/101-0000001c`` → ``101``, the trunk → ``trunk``, Local → ``L1``/``L2``."""
    if not channel:
        return ""
    if channel.startswith("Local/"):
        return "L" + channel[-1]
    resource = channel.partition("/")[2]
    return resource.rpartition("-")[0] if "-" in resource else resource


DETAIL = {
    "Newstate": "ChannelStateDesc",
    "DialState": "DialStatus",
    "DialEnd": "DialStatus",
    "Hangup": "Cause",
    "VarSet": "Variable",
    "Newexten": "Application",
}


def tag(message: Message) -> str:
    """One event as a short line: name, whose channel (the Dest one for
    Dial*/Agent*), and its telling detail."""
    name = message["Event"]
    if name.startswith("QueueMember"):
        flag = message.get("Paused") if name == "QueueMemberPause" else message.get("Status")
        parts = [name, role(message.get("Interface")), flag]
        if message.get("InCall") == "1":
            parts.append("incall")
        return " ".join(p for p in parts if p)
    who = role(message.get("DestChannel") or message.get("Channel"))
    return " ".join(p for p in (name, who, message.get(DETAIL.get(name, "")) or "") if p)


def well_formed(call: dict[str, Any]) -> list[str]:
    """What is wrong with an expected-call dict (empty when nothing)."""
    problems: list[str] = []
    wanted = {
        "linkedid",
        "direction",
        "caller",
        "callee",
        "queue",
        "agents_rung",
        "answered_by",
        "outcome",
        "wait_s",
        "talk_s",
        "transfers",
    }
    if set(call) != wanted:
        return [f"keys {sorted(set(call) ^ wanted)}"]
    if not isinstance(call["linkedid"], str) or not call["linkedid"]:
        problems.append("linkedid")
    if call["direction"] not in ("inbound", "outbound", "internal"):
        problems.append("direction")
    if call["outcome"] not in ("answered", "abandoned", "missed", "busy", "failed", "voicemail"):
        problems.append("outcome")
    for key in ("wait_s", "talk_s"):
        if not isinstance(call[key], int) or call[key] < 0:
            problems.append(key)
    if call["outcome"] != "answered" and (call["talk_s"] != 0 or call["answered_by"] is not None):
        problems.append("unanswered call with talk time or an answerer")
    if not isinstance(call["agents_rung"], list) or len(set(call["agents_rung"])) != len(
        call["agents_rung"]
    ):
        problems.append("agents_rung")
    for party in ("caller", "callee"):
        value = call[party]
        external = (call["direction"] == "inbound" and party == "caller") or (
            call["direction"] == "outbound" and party == "callee"
        )
        if value is None or (external and not value.startswith("+")):
            problems.append(party)
    if call["direction"] == "inbound" and not call["callee"].startswith("+"):
        problems.append("callee of an inbound call is not the dialled DID")
    for transfer in call["transfers"]:
        if set(transfer) != {"type", "from", "to"} or transfer["type"] not in (
            "blind",
            "attended",
        ):
            problems.append("transfers")
    return problems
