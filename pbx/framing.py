"""AMI framing: bytes from Asterisk (or a capture file) into messages.

panoramisk splits the stream only on CRLF CRLF, decodes each TCP chunk on its
own as ASCII (dropping Cyrillic caller names, and splitting UTF-8 characters
that straddle two chunks), and mistakes the banner for part of the first
message. This reader is the small layer that fixes that: it accepts CRLF and
bare LF, decodes whole blocks as UTF-8, takes the banner apart, keeps repeated
keys (ChanVariable, Output) as lists, and skips a damaged block with a count
instead of stopping. It yields panoramisk ``Message`` objects, so the rest of
panoramisk (actions, futures, event callbacks) works on its output unchanged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from panoramisk.message import Message

logger = logging.getLogger(__name__)

BANNER_PREFIX = b"Asterisk Call Manager/"
KEY_RE = re.compile(r"^[^\s\[\]:]{1,64}$")
MAX_BLOCK_BYTES = 1 << 20
"""A block this large without an end is not AMI; it is dropped, not buffered."""


class AmiMessage(Message):  # type: ignore[misc]
    """panoramisk's Message, filled in one step instead of one ``update`` per
    header, with a ``get`` that skips MutableMapping's exception round trip.
    Reading tens of thousands of events a second, both show."""

    @classmethod
    def of(cls, store: dict[str, tuple[str, Any]], content: str) -> AmiMessage:
        message: AmiMessage = cls.__new__(cls)
        store["content"] = ("content", content)
        message._store = store
        message.manager = None
        return message

    def get(self, key: str, default: Any = None) -> Any:
        item = self._store.get(key.lower())
        return default if item is None else item[1]


class FrameReader:
    """Incremental: feed it bytes as they arrive, get complete messages back."""

    def __init__(self) -> None:
        self._buffer = b""
        self._started = False
        self._keys: dict[str, str] = {}
        self.banner: str | None = None
        self.malformed = 0
        self.ignored = 0

    @property
    def version(self) -> str | None:
        """The AMI protocol version from the banner (7.0.3 is Asterisk 18)."""
        if self.banner is None:
            return None
        return self.banner.partition("/")[2].strip() or None

    def feed(self, data: bytes) -> list[Message]:
        buffer = self._buffer + data
        if not self._started:
            if len(buffer) < len(BANNER_PREFIX) and BANNER_PREFIX.startswith(buffer):
                self._buffer = buffer
                return []
            if buffer.startswith(BANNER_PREFIX):
                end = buffer.find(b"\n")
                if end < 0:
                    self._buffer = buffer
                    return []
                self.banner = buffer[:end].decode("utf-8", "replace").strip()
                buffer = buffer[end + 1 :]
            self._started = True
        # CRLF becomes LF; a CR left at the very end meets its LF next time.
        blocks = buffer.replace(b"\r\n", b"\n").split(b"\n\n")
        rest = blocks.pop()
        if len(rest) > MAX_BLOCK_BYTES:
            logger.warning("dropping %d bytes without a message end", len(rest))
            self.malformed += 1
            rest = b""
        self._buffer = rest
        messages: list[Message] = []
        for block in blocks:
            self._parse(block, messages)
        return messages

    def close(self) -> list[Message]:
        """Whatever is left once the stream ends (a capture without a final blank line)."""
        rest, self._buffer = self._buffer, b""
        messages: list[Message] = []
        self._parse(rest.replace(b"\r\n", b"\n"), messages)
        return messages

    def _parse(self, raw: bytes, out: list[Message]) -> None:
        """Messages of one block; a line of only blanks also ends a message."""
        keys = self._keys
        store: dict[str, tuple[str, Any]] = {}
        body: list[str] = []
        damaged = False
        for line in raw.decode("utf-8", "replace").split("\n"):
            key, colon, value = line.partition(":")
            lower = keys.get(key) if colon and not body and not damaged else None
            if lower is None and colon and not body and not damaged:
                lower = self._known(key)
            if lower is not None:
                if value[:1] == " ":
                    value = value[1:]
                previous = store.get(lower)
                if previous is None:
                    store[lower] = (key, value)
                elif isinstance(previous[1], list):
                    previous[1].append(value)
                else:
                    store[lower] = (key, [previous[1], value])
            elif not line or line.isspace():
                if store or damaged:
                    self._finish(store, body, damaged, len(raw), out)
                    store, body, damaged = {}, [], False
            elif damaged:
                continue
            elif body or store.get("response", ("", ""))[1] == "Follows":
                body.append(line.rstrip("\r"))  # legacy "Response: Follows" command output
            else:
                damaged = True
        if store or damaged:
            self._finish(store, body, damaged, len(raw), out)

    def _known(self, key: str) -> str | None:
        """The lower-case form of a valid header name (remembered), or None."""
        if KEY_RE.match(key) is None:
            return None
        lower = key.lower()
        if len(self._keys) < 4096:
            self._keys[key] = lower
        return lower

    def _finish(
        self,
        store: dict[str, tuple[str, Any]],
        body: list[str],
        damaged: bool,
        size: int,
        out: list[Message],
    ) -> None:
        if damaged:
            self.malformed += 1
            logger.warning("skipping a malformed AMI block (%d bytes)", size)
        elif "event" not in store and "response" not in store:
            self.ignored += 1  # client actions interleaved in a two-way capture
        else:
            out.append(AmiMessage.of(store, "\n".join(body)))


def read_capture(path: Path) -> Iterator[Message]:
    """Every message of a raw AMI capture file, read in chunks as a socket would."""
    reader = FrameReader()
    with path.open("rb") as handle:
        while chunk := handle.read(65536):
            yield from reader.feed(chunk)
    yield from reader.close()
