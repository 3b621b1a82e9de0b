"""Header values into text, addresses, message ids and dates.

These read the raw header values (``Message.raw_items()``) themselves rather
than through the stdlib's structured header classes, for three reasons:
encoded words in charsets Python does not know, and raw 8-bit text, must fall
back to a guess instead of turning into U+FFFD; an encoded word split in the
middle of a multibyte character must be joined before decoding; and the
stdlib's structured parser is quadratic, or raises, on some crafted values.
Everything here is linear in the input and never raises on message data.
"""

from __future__ import annotations

import binascii
import email.utils
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from mail.charsets import decode_bytes, scrub
from mail.const import MAX_ADDRESS_HEADER_CHARS

MAX_ID_CHARS = 998
"""An id longer than a whole RFC 5322 line is not an id."""

MAX_DATE_CHARS = 256

_ENCODED_WORD_RE = re.compile(r"=\?([^?\s*]{1,64})(?:\*[^?\s]{0,32})?\?([bBqQ])\?([^?\s]*)\?=")
_FOLD_RE = re.compile(r"\r?\n(?=[ \t])")
_LINE_BREAKS_RE = re.compile(r"[\r\n\t]+")
_SPACES_RE = re.compile(r"\s+")
_ANGLE_ID_RE = re.compile(rf"<([^<>]{{1,{MAX_ID_CHARS}}})>")
_NOT_BASE64_RE = re.compile(rb"[^A-Za-z0-9+/]")
_BARE_ADDRESS_RE = re.compile(r"[^\s<>()\[\]\",;:@]{1,256}@[^\s<>()\[\]\",;:@]{1,256}")


@dataclass(frozen=True)
class Address:
    """One mailbox: the display name ("" when none) and the address as written."""

    name: str
    address: str

    @property
    def local_part(self) -> str:
        """The part before the last ``@`` (the whole address when there is none)."""
        return self.address.rpartition("@")[0] or self.address


class Headers:
    """A message's top-level headers, decoded, in order, looked up without
    regard to case. Immutable, so a ParsedMessage can be shared."""

    __slots__ = ("_index", "_items")

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items = tuple(items)
        index: dict[str, list[str]] = {}
        for name, value in self._items:
            index.setdefault(name.lower(), []).append(value)
        self._index = {name: tuple(values) for name, values in index.items()}

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header ``name``, or ``default``."""
        values = self._index.get(name.lower())
        return values[0] if values else default

    def get_all(self, name: str) -> tuple[str, ...]:
        """Every value of header ``name``, in message order."""
        return self._index.get(name.lower(), ())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._index

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Headers) and self._items == other._items

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"Headers({list(self._items)!r})"


def unfold(value: str) -> str:
    """Undo RFC 5322 folding: a line break followed by whitespace is removed."""
    return _FOLD_RE.sub("", value)


def raw_to_text(value: str) -> tuple[str, str | None]:
    """A raw header value (8-bit bytes kept as surrogate escapes by the
    parser) as text, guessing the charset of raw 8-bit bytes."""
    try:
        data = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return scrub(value), None
    if data.isascii():
        return value, None
    decoded = decode_bytes(data, None)
    return decoded.text, decoded.problem


def decode_words(text: str) -> tuple[str, list[str]]:
    """Decode RFC 2047 encoded words anywhere in ``text``.

    Whitespace between two encoded words is dropped, as the RFC says, and
    adjacent words in the same charset are decoded together: mailers split a
    long subject into words without regard to where a UTF-8 character ends.
    """
    problems: list[str] = []
    out: list[str] = []
    charset: str | None = None
    pending = bytearray()

    def flush() -> None:
        nonlocal charset
        if charset is not None:
            decoded = decode_bytes(bytes(pending), charset)
            out.append(decoded.text)
            if decoded.problem:
                problems.append(f"encoded word: {decoded.problem}")
        charset = None
        pending.clear()

    position = 0
    for match in _ENCODED_WORD_RE.finditer(text):
        between = text[position : match.start()]
        if between and not (charset is not None and between.isspace()):
            flush()
            out.append(between)
        position = match.end()
        data = _word_bytes(match.group(2), match.group(3))
        if data is None:
            flush()
            out.append(match.group(0))
            problems.append("encoded word with broken base64 left as it is")
            continue
        word_charset = match.group(1).lower()
        if word_charset != charset:
            flush()
            charset = word_charset
        pending.extend(data)
    flush()
    out.append(text[position:])
    return "".join(out), problems


def header_text(raw: str) -> tuple[str, list[str]]:
    """A raw header value as one line of display text (Subject, display
    names, any unstructured header), with what could not be read."""
    text, problem = raw_to_text(unfold(raw))
    decoded, problems = decode_words(text)
    if problem:
        problems.insert(0, problem)
    return _LINE_BREAKS_RE.sub(" ", scrub(decoded)).strip(), problems


def read_headers(items: Iterable[tuple[str, str]]) -> tuple[Headers, list[str]]:
    """Decode every raw ``(name, value)`` pair; problems name their header."""
    decoded: list[tuple[str, str]] = []
    problems: list[str] = []
    for raw_name, raw_value in items:
        name = scrub(raw_name).strip()
        value, found = header_text(str(raw_value))
        decoded.append((name, value))
        problems.extend(f"header {name}: {problem}" for problem in found)
    return Headers(decoded), problems


def parse_addresses(raw: str) -> tuple[tuple[Address, ...], list[str]]:
    """The mailboxes of an address header (From, To, Cc, Reply-To); group
    names and empty entries are skipped, encoded display names decoded."""
    problems: list[str] = []
    text, problem = raw_to_text(unfold(raw))
    if problem:
        problems.append(problem)
    if len(text) > MAX_ADDRESS_HEADER_CHARS:
        text = text[:MAX_ADDRESS_HEADER_CHARS]
        problems.append(f"only the first {MAX_ADDRESS_HEADER_CHARS} characters were read")
    try:
        pairs = email.utils.getaddresses([text])
    except (RecursionError, IndexError, ValueError, TypeError, AttributeError):
        # Nested comments make the stdlib recurse once per parenthesis.
        pairs = [("", found) for found in _BARE_ADDRESS_RE.findall(text)]
        problems.append("address list could not be parsed; bare addresses were picked out")
    addresses: list[Address] = []
    for raw_name, raw_address in pairs:
        address = _SPACES_RE.sub("", scrub(raw_address)).strip("<>")
        if not address:
            continue
        name, found = decode_words(raw_name)
        problems.extend(found)
        name = _SPACES_RE.sub(" ", scrub(name)).strip().strip("\"'").strip()
        addresses.append(Address(name, address))
    return tuple(addresses), problems


def normalise_id(raw: str) -> str | None:
    """A Message-ID or Content-ID without angle brackets, comments or folding
    whitespace; None when there is nothing that could be an id."""
    text = scrub(unfold(raw))
    match = _ANGLE_ID_RE.search(text)
    if match is not None:
        found = _SPACES_RE.sub("", match.group(1))
        return found or None
    for token in text.split():
        token = token.strip("<>\"'")
        if token:
            return token[:MAX_ID_CHARS]
    return None


def parse_ids(raw: str) -> tuple[str, ...]:
    """The ids of In-Reply-To or References, in order, without repeats.

    Ids are taken from angle brackets; a value with none (some mailers write
    a bare id) contributes its tokens that contain ``@``.
    """
    text = scrub(unfold(raw))
    found = [_SPACES_RE.sub("", match) for match in _ANGLE_ID_RE.findall(text)]
    if not found:
        found = [token.strip("<>\"',;") for token in text.split() if "@" in token]
    return tuple(dict.fromkeys(token[:MAX_ID_CHARS] for token in found if token))


def parse_date(raw: str) -> tuple[datetime | None, str | None]:
    """The Date header as an aware datetime, and a problem when it is
    unreadable. A date without a zone (``-0000``) is taken as UTC, which is
    what RFC 5322 says such a date is written in."""
    text = _SPACES_RE.sub(" ", scrub(unfold(raw))).strip()[:MAX_DATE_CHARS]
    if not text:
        return None, None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, f"date {text!r} could not be read"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when, None


def _word_bytes(encoding: str, payload: str) -> bytes | None:
    data = payload.encode("utf-8", "surrogateescape")
    if encoding in "qQ":
        return binascii.a2b_qp(data, header=True)
    data = data.rstrip(b"=")
    if _NOT_BASE64_RE.search(data):
        return None
    if len(data) % 4 == 1:
        data = data[:-1]
    try:
        return binascii.a2b_base64(data + b"=" * (-len(data) % 4))
    except binascii.Error:
        return None
