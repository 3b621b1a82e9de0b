"""The FastAGI wire protocol, as Asterisk speaks it over a TCP connection.

Asterisk opens the connection, sends ``agi_*: value`` lines ending in an
empty line, then waits for commands; each command line gets one reply line
(``200 result=1``). When the channel hangs up meanwhile, Asterisk says
``HANGUP`` on a line of its own and answers later commands with ``511``.

Values are written inside double quotes. Asterisk's argument parser treats a
backslash as an escape, so ``\\`` and ``"`` are escaped rather than dropped,
and control characters (CR and LF above all, which would end the command and
start another one) are replaced by spaces.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_HEADER_LINES = 200
REPLY_TIMEOUT_S = 2.0
"""Asterisk answers SET VARIABLE at once; silence this long means it is gone."""

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""C0 and C1 controls and Unicode line breaks: Asterisk also repeats a variable's
value in AMI events, whose readers split lines on more than LF."""
REPLY_CODE_RE = re.compile(r"(\d{3})([ -])")
HANGUP = "HANGUP"


class AgiError(Exception):
    """The conversation cannot go on; the connection is closed."""


class AgiDisconnected(AgiError):
    """Asterisk closed the connection, or stopped answering."""


class AgiHangup(AgiError):
    """The caller hung up; further commands would be refused."""


class AgiProtocolError(AgiError):
    """What arrived is not FastAGI."""


@dataclass(frozen=True)
class AgiRequest:
    """The environment Asterisk sends before the first command."""

    headers: dict[str, str]

    @property
    def route(self) -> str:
        """The script path, ``lookup`` for ``agi://host:4573/lookup?x``.

        ``agi_network_script`` is what Asterisk sends; a client that sends only
        ``agi_request`` is routed by that URL's path.
        """
        script = self.headers.get("agi_network_script")
        if script is None:
            script = urlsplit(self.headers.get("agi_request", "")).path
        return script.partition("?")[0].strip("/")

    @property
    def args(self) -> list[str]:
        """``AGI(agi://…/route,a,b)`` arrives as ``agi_arg_1: a``, ``agi_arg_2: b``."""
        args: list[str] = []
        while (value := self.headers.get(f"agi_arg_{len(args) + 1}")) is not None:
            args.append(value)
        return args

    def arg(self, index: int) -> str:
        args = self.args
        return args[index].strip() if index < len(args) else ""

    @property
    def caller_number(self) -> str:
        """The number in ``agi_callerid``; Asterisk writes ``unknown`` when there is none."""
        number = self.headers.get("agi_callerid", "").strip()
        return "" if number.lower() == "unknown" else number

    @property
    def uniqueid(self) -> str:
        return self.headers.get("agi_uniqueid", "")


async def read_request(reader: asyncio.StreamReader) -> AgiRequest:
    """Read the ``agi_*`` block; undecodable bytes become U+FFFD rather than an error,
    because a trunk may send a caller name in any charset."""
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADER_LINES):
        line = await _read_line(reader)
        if line is None:
            raise AgiDisconnected("connection closed before the AGI environment ended")
        if not line:
            return AgiRequest(headers)
        key, sep, value = line.partition(":")
        if sep:
            headers[key.strip()] = value.strip()
    raise AgiProtocolError(f"more than {MAX_HEADER_LINES} lines of AGI environment")


def quote(value: str) -> str:
    """``value`` as one double-quoted AGI argument that cannot end the command line."""
    cleaned = CONTROL_RE.sub(" ", value)
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


class AgiSession:
    """Commands to one channel; stops at the first sign the channel is gone."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def set_variable(self, name: str, value: str) -> None:
        await self.command(f"SET VARIABLE {quote(name)} {quote(value)}")

    async def verbose(self, message: str, level: int = 1) -> None:
        await self.command(f"VERBOSE {quote(message)} {level}")

    async def command(self, line: str) -> str:
        """Send one command and return its reply line, ``200 result=1`` and the like."""
        self._writer.write(line.encode("utf-8") + b"\n")
        try:
            async with asyncio.timeout(REPLY_TIMEOUT_S):
                await self._writer.drain()
                return await self._reply()
        except TimeoutError:
            raise AgiDisconnected(f"no reply within {REPLY_TIMEOUT_S}s") from None
        except ConnectionError as exc:
            raise AgiDisconnected(str(exc)) from None

    async def _reply(self) -> str:
        hung_up = False
        while True:
            line = await _read_line(self._reader)
            if line is None:
                raise AgiDisconnected("connection closed while waiting for a reply")
            if line == HANGUP:
                hung_up = True
                continue
            code = REPLY_CODE_RE.match(line + " ")
            if code is None:
                raise AgiProtocolError(f"unexpected reply {line[:80]!r}")
            if code.group(1) == "100":
                continue
            if code.group(2) == "-":
                await self._skip_usage(code.group(1))
            if hung_up or code.group(1) == "511":
                raise AgiHangup(line)
            return line

    async def _skip_usage(self, code: str) -> None:
        """``520-Invalid command syntax`` is followed by usage text up to ``520 End…``."""
        for _ in range(MAX_HEADER_LINES):
            line = await _read_line(self._reader)
            if line is None:
                raise AgiDisconnected("connection closed inside a multi-line reply")
            if line.startswith(f"{code} "):
                return
        raise AgiProtocolError("multi-line reply does not end")


async def _read_line(reader: asyncio.StreamReader) -> str | None:
    """One line without its end, or None at end of stream."""
    try:
        raw = await reader.readline()
    except ValueError:
        raise AgiProtocolError("line longer than the stream limit") from None
    except ConnectionError:
        return None
    if not raw.endswith(b"\n"):
        # Nothing, or a partial line cut off by the peer closing the connection.
        return None
    return raw.decode("utf-8", errors="replace").rstrip("\r\n")
