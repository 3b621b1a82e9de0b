"""Bytes on the socket: actions in, responses and events out.

Asterisk reads a header line up to ``\\n`` (with or without ``\\r``) and an
action up to the first empty line; it writes every line with CRLF. Header
names are case-insensitive when Asterisk reads them and the first occurrence
wins, except for the few headers that may repeat (``Variable``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pbx.simulator.const import MAX_UNTERMINATED_BYTES

Fields = list[tuple[str, str]]


class Overflow(Exception):
    """The client sent more than a whole action's worth without ending it."""


@dataclass(slots=True)
class Action:
    """One client request, headers in the order they came."""

    headers: list[tuple[str, str]] = field(default_factory=list)

    def get(self, key: str, default: str = "") -> str:
        wanted = key.lower()
        for name, value in self.headers:
            if name.lower() == wanted:
                return value
        return default

    def get_all(self, key: str) -> list[str]:
        wanted = key.lower()
        return [value for name, value in self.headers if name.lower() == wanted]

    @property
    def name(self) -> str:
        """The Action header, skipping empty ones as manager.c does."""
        for name, value in self.headers:
            if name.lower() == "action" and value:
                return value
        return ""

    @property
    def action_id(self) -> str:
        return self.get("ActionID")


class ActionReader:
    """Incremental parser: ``feed`` bytes, get complete actions back."""

    def __init__(self, limit: int = MAX_UNTERMINATED_BYTES) -> None:
        self._pending = b""
        self._limit = limit

    def feed(self, data: bytes) -> list[Action]:
        buffer = self._pending + data
        actions: list[Action] = []
        headers: list[tuple[str, str]] = []
        block_start = position = 0
        while (end := buffer.find(b"\n", position)) >= 0:
            line = buffer[position:end].rstrip(b"\r").decode("utf-8", "replace")
            position = end + 1
            if line.strip():
                name, colon, value = line.partition(":")
                if colon:
                    headers.append((name.strip(), value.lstrip(" ")))
                continue
            if headers:
                actions.append(Action(headers))
                headers = []
            block_start = position
        # An unfinished action stays as bytes and is read again with the rest.
        self._pending = buffer[block_start:]
        if len(self._pending) > self._limit:
            raise Overflow(f"{len(self._pending)} bytes without an end of action")
        return actions


def block(lines: Iterable[tuple[str, str]]) -> bytes:
    """A message: ``Key: Value`` lines with CRLF and the closing empty line."""
    return ("".join(f"{key}: {value}\r\n" for key, value in lines) + "\r\n").encode("utf-8")


def response(
    action: Action, status: str, message: str | None = None, extra: Sequence[tuple[str, str]] = ()
) -> bytes:
    """``astman_send_response_full``: Response, the ActionID if one was sent,
    then the message; ``extra`` comes between (EventList, Ping, Challenge)."""
    lines: Fields = [("Response", status)]
    if action.action_id:
        lines.append(("ActionID", action.action_id))
    lines.extend(extra)
    if message is not None:
        lines.append(("Message", message))
    return block(lines)


def list_start(action: Action, message: str) -> bytes:
    return response(action, "Success", message, [("EventList", "start")])


def list_complete(action: Action, event: str, items: int) -> bytes:
    """``astman_send_list_complete``: the ActionID comes right after the name."""
    lines: Fields = [("Event", event)]
    if action.action_id:
        lines.append(("ActionID", action.action_id))
    lines += [("EventList", "Complete"), ("ListItems", str(items))]
    return block(lines)


def epoch(seconds: float) -> str:
    """``%ld.%06lu``: whole seconds, a dot, six digits of microseconds."""
    micros = round(seconds * 1_000_000)
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


C_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        '"': '\\"',
        "'": "\\'",
        "?": "\\?",
        "\a": "\\a",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\v": "\\v",
    }
)


def c_escape(text: str) -> str:
    """``ast_escape_c``: what caller names look like in a snapshot. UTF-8 passes."""
    return text.translate(C_ESCAPES)
