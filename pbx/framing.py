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

from panoramisk.message import Message

logger = logging.getLogger(__name__)

BANNER_PREFIX = b"Asterisk Call Manager/"
SEPARATOR_RE = re.compile(rb"\r?\n[ \t]*\r?\n")
LINE_RE = re.compile(r"\r?\n")
KEY_RE = re.compile(r"^[^\s\[\]:]{1,64}$")
MAX_BLOCK_BYTES = 1 << 20
"""A block this large without an end is not AMI; it is dropped, not buffered."""


class FrameReader:
    """Incremental: feed it bytes as they arrive, get complete messages back."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._started = False
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
        self._buffer += data
        if not self._started:
            if len(self._buffer) < len(BANNER_PREFIX) and BANNER_PREFIX.startswith(
                bytes(self._buffer)
            ):
                return []
            if self._buffer.startswith(BANNER_PREFIX):
                end = self._buffer.find(b"\n")
                if end < 0:
                    return []
                self.banner = self._buffer[:end].decode("utf-8", "replace").strip()
                del self._buffer[: end + 1]
            self._started = True
        messages: list[Message] = []
        while True:
            match = SEPARATOR_RE.search(self._buffer)
            if match is None:
                if len(self._buffer) > MAX_BLOCK_BYTES:
                    logger.warning("dropping %d bytes without a message end", len(self._buffer))
                    self.malformed += 1
                    self._buffer.clear()
                return messages
            raw = bytes(self._buffer[: match.start()])
            del self._buffer[: match.end()]
            message = self._parse(raw)
            if message is not None:
                messages.append(message)

    def close(self) -> list[Message]:
        """Whatever is left once the stream ends (a capture without a final blank line)."""
        rest = bytes(self._buffer)
        self._buffer.clear()
        message = self._parse(rest)
        return [message] if message is not None else []

    def _parse(self, raw: bytes) -> Message | None:
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            return None
        headers: dict[str, str | list[str]] = {}
        body: list[str] = []
        for line in LINE_RE.split(text):
            if not line.strip():
                continue
            key, colon, value = line.partition(":")
            well_formed = bool(colon) and bool(KEY_RE.match(key))
            if body or (not well_formed and headers.get("Response") == "Follows"):
                body.append(line)  # legacy "Response: Follows" command output
                continue
            if not colon or not KEY_RE.match(key):
                self.malformed += 1
                logger.warning("skipping a malformed AMI block (%d bytes)", len(raw))
                return None
            value = value[1:] if value.startswith(" ") else value
            if key in headers:
                previous = headers[key]
                headers[key] = (
                    [*previous, value] if isinstance(previous, list) else [previous, value]
                )
            else:
                headers[key] = value
        if "Event" not in headers and "Response" not in headers:
            self.ignored += 1  # client actions interleaved in a two-way capture
            return None
        return Message(headers, "\n".join(body))


def read_capture(path: Path) -> Iterator[Message]:
    """Every message of a raw AMI capture file, read in chunks as a socket would."""
    reader = FrameReader()
    with path.open("rb") as handle:
        while chunk := handle.read(65536):
            yield from reader.feed(chunk)
    yield from reader.close()
