"""Raw inbound mail into a ParsedMessage: the first, pure step of the email
channel, before anything is stored, threaded or answered.

Whatever arrives over SMTP or IMAP has already been accepted from the
sender's point of view, so this step must not lose it: ``parse_message``
never raises. A message that cannot be read completely still yields a
ParsedMessage with what could be read, and ``defects`` names the rest, for
the agent and for whoever debugs the mail server. Cost is linear in the
size of the message (see ``mail.const`` for the bounds that make it so).
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message

from mail import part_headers
from mail.charsets import decode_bytes, scrub
from mail.const import MAX_HTML_CHARS, MAX_MIME_DEPTH
from mail.headers import (
    Address,
    Headers,
    decode_words,
    header_text,
    normalise_id,
    parse_addresses,
    parse_date,
    parse_ids,
    read_headers,
)
from mail.html_text import html_to_text, rough_text
from mail.mime import (
    DEEP_BOUNDARY_PARAM,
    describe_defects,
    header_failures,
    leaf_bytes,
    message_bytes,
    read_mime,
)
from mail.sanitise import sanitise_html

logger = logging.getLogger(__name__)

MAX_DEFECTS = 100
"""Defects listed before the rest are only counted: a message with a
hundred thousand broken parts must not make a list as large."""

MAX_SALVAGES = 4
"""Multiparts without a boundary that are split at a guessed delimiter."""

MAX_FILENAME_CHARS = 255

KNOWN_TRANSFER_ENCODINGS = frozenset(
    {"", "7bit", "8bit", "binary", "base64", "quoted-printable"}
    | {"x-uuencode", "uuencode", "uue", "x-uue"}
)

_DELIMITER_RE = re.compile(rb"(?m)^--([0-9A-Za-z'()+_,./:=?-]{1,70})[ \t]*\r?$")
_META_CHARSET_RE = re.compile(
    rb"""(?i)<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})"""
)
_PATH_SEPARATORS_RE = re.compile(r"[\\/]")


@dataclass(frozen=True)
class Attachment:
    """A part that is not the message's text: a file, an inline image, an
    attached message. ``filename`` is None when the sender gave no name."""

    filename: str | None
    content_type: str
    data: bytes = field(repr=False)
    size: int
    content_id: str | None
    inline: bool


@dataclass(frozen=True)
class ParsedMessage:
    """What the channel needs from one inbound message.

    Ids (``message_id``, ``in_reply_to``, ``references``, attachment
    ``content_id``) are normalised: no angle brackets, no folding. ``text``
    is always present (derived from the HTML for HTML-only mail); ``html`` is
    sanitised and None when the message had no HTML. ``content_hash`` is the
    SHA-256 of the raw bytes, the key under which they are stored.
    """

    message_id: str | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    from_addr: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    date: datetime | None
    headers: Headers
    content_type: str
    text: str
    html: str | None
    attachments: tuple[Attachment, ...]
    content_hash: str
    size: int
    defects: tuple[str, ...]


@dataclass
class _Walk:
    """What walking the MIME tree has found so far."""

    attachments: list[Attachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    trees: list[Message] = field(default_factory=list)
    salvages: int = 0


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse one raw RFC 5322 message. Never raises (see the module docstring)."""
    data = bytes(raw)
    digest = hashlib.sha256(data).hexdigest()
    try:
        return _parse(data, digest)
    except Exception as exc:
        # The never-raise contract: a bug in a parser below must not lose mail.
        logger.warning(
            "mail.parsing: %s while parsing message sha256=%s", type(exc).__name__, digest
        )
        return _unreadable(data, digest, f"the message could not be parsed ({type(exc).__name__})")


def _parse(data: bytes, digest: str) -> ParsedMessage:
    if not data.strip():
        return _unreadable(data, digest, "the message is empty")
    message, problems = read_mime(data)
    walk = _Walk(defects=list(problems), trees=[message])
    headers, header_problems = read_headers(message.raw_items())
    walk.defects.extend(header_problems)
    raw = _raw_headers(message.raw_items())

    subject, _ = header_text(_first(raw, "subject"))
    senders = _addresses(raw, "from", walk)
    message_id = normalise_id(_first(raw, "message-id"))
    date, date_problem = parse_date(_first(raw, "date"))
    if date_problem:
        walk.defects.append(f"header Date: {date_problem}")

    texts, htmls = _collect(message, "", walk, 0)
    text = "\n\n".join(piece.strip("\n") for piece in texts if piece.strip()).strip()
    html = None
    if htmls:
        html, html_text = _html_body("\n".join(htmls), walk)
        text = text or html_text

    return ParsedMessage(
        message_id=message_id,
        in_reply_to=parse_ids(_first(raw, "in-reply-to")),
        references=parse_ids(" ".join(raw.get("references", []))),
        subject=subject,
        from_addr=senders[0] if senders else None,
        to=_addresses(raw, "to", walk),
        cc=_addresses(raw, "cc", walk),
        reply_to=_addresses(raw, "reply-to", walk),
        date=date,
        headers=headers,
        content_type=part_headers.content_type(message),
        text=text,
        html=html,
        attachments=tuple(walk.attachments),
        content_hash=digest,
        size=len(data),
        defects=_listed(walk.defects, (header_failures(tree) for tree in walk.trees)),
    )


def _collect(part: Message, path: str, walk: _Walk, depth: int) -> tuple[list[str], list[str]]:
    """Text and HTML bodies under ``part``; everything else goes to
    ``walk.attachments``. In a multipart/alternative the last alternative
    that has a plain (or HTML) body wins, as RFC 2046 orders them."""
    where = _where(path, part)
    walk.defects.extend(f"{where}: {text}" for text in describe_defects(list(part.defects)))
    content_type = part_headers.content_type(part)
    maintype, _, subtype = content_type.partition("/")
    payload = part.get_payload()
    if maintype == "multipart" and isinstance(payload, list):
        if depth > MAX_MIME_DEPTH:
            walk.defects.append(f"{where}: nested too deeply; not read")
            return [], []
        found = [
            _collect(child, f"{path}.{number}".lstrip("."), walk, depth + 1)
            for number, child in enumerate(payload, 1)
            if isinstance(child, Message)
        ]
        if subtype == "alternative":
            texts = next((texts for texts, _ in reversed(found) if texts), [])
            htmls = next((htmls for _, htmls in reversed(found) if htmls), [])
            return texts, htmls
        return [t for texts, _ in found for t in texts], [h for _, htmls in found for h in htmls]
    if maintype == "multipart":
        return _unsplit_multipart(part, path, walk, depth)
    if maintype == "message" and part.is_multipart():
        written = message_bytes(part)
        if written is None:
            walk.defects.append(f"{where}: the attached message could not be written out")
        filename = _filename(part, walk, where)
        _attach(part, content_type, written or b"", walk, filename, part_headers.disposition(part))
        return [], []
    data, decode_defects = leaf_bytes(part)
    walk.defects.extend(f"{where}: {text}" for text in describe_defects(decode_defects))
    encoding = part_headers.transfer_encoding(part)
    if encoding not in KNOWN_TRANSFER_ENCODINGS:
        walk.defects.append(f"{where}: unknown transfer encoding {encoding!r}; content kept as is")
    filename = _filename(part, walk, where)
    disposition = part_headers.disposition(part)
    is_body = maintype == "text" and subtype in ("plain", "html")
    if is_body and not filename and disposition != "attachment":
        return _body(part, subtype, data, walk, where)
    _attach(part, content_type, data, walk, filename, disposition)
    return [], []


def _body(
    part: Message, subtype: str, data: bytes, walk: _Walk, where: str
) -> tuple[list[str], list[str]]:
    charset = part_headers.param(part, "charset")
    if charset is None and subtype == "html":
        sniffed = _META_CHARSET_RE.search(data[:4096])
        charset = sniffed.group(1).decode("ascii") if sniffed else None
    decoded = decode_bytes(data, charset)
    if decoded.problem:
        walk.defects.append(f"{where}: {decoded.problem}")
    return ([decoded.text], []) if subtype == "plain" else ([], [decoded.text])


def _unsplit_multipart(
    part: Message, path: str, walk: _Walk, depth: int
) -> tuple[list[str], list[str]]:
    """A multipart the parser could not split: deliberately left unread (too
    deep), or sent without a boundary parameter. For the latter, the first
    line that looks like a delimiter gives the boundary back."""
    where = _where(path, part)
    data, _ = leaf_bytes(part)
    deliberately_unread = (
        part_headers.param(part, DEEP_BOUNDARY_PARAM.decode()) is not None
        or part_headers.param(part, "boundary") is not None
    )
    if deliberately_unread:
        filename = _filename(part, walk, where)
        _attach(
            part,
            part_headers.content_type(part),
            data,
            walk,
            filename,
            part_headers.disposition(part),
        )
        return [], []
    delimiter = _DELIMITER_RE.search(data)
    if delimiter is not None and walk.salvages < MAX_SALVAGES:
        walk.salvages += 1
        boundary = delimiter.group(1)
        walk.defects.append(
            f"{where}: no boundary parameter; parts split at the delimiter --{boundary.decode()}"
        )
        head = b'Content-Type: %s; boundary="%s"\r\n\r\n' % (
            part_headers.content_type(part).encode("ascii", "replace"),
            boundary,
        )
        tree, problems = read_mime(head + data)
        walk.trees.append(tree)
        walk.defects.extend(f"{where}: {problem}" for problem in problems)
        return _collect(tree, path, walk, depth + 1)
    walk.defects.append(f"{where}: no boundary parameter; the body was read as text")
    decoded = decode_bytes(data, part_headers.param(part, "charset"))
    return [decoded.text], []


def _html_body(source: str, walk: _Walk) -> tuple[str | None, str]:
    """Sanitised HTML and the text derived from it."""
    if len(source) > MAX_HTML_CHARS:
        source = source[:MAX_HTML_CHARS]
        walk.defects.append(f"HTML body longer than {MAX_HTML_CHARS} characters; the rest was cut")
    content_ids = [a.content_id for a in walk.attachments if a.content_id]
    clean, problems = sanitise_html(source, content_ids)
    walk.defects.extend(problems)
    if clean is None:
        return None, rough_text(source)
    clean = clean.strip()
    return clean, html_to_text(clean)


def _attach(
    part: Message,
    content_type: str,
    data: bytes,
    walk: _Walk,
    filename: str | None,
    disposition: str | None,
) -> None:
    content_id = normalise_id(part_headers.raw_value(part, "content-id") or "")
    inline = disposition == "inline" or (disposition is None and content_id is not None)
    walk.attachments.append(
        Attachment(
            filename=filename,
            content_type=content_type,
            data=data,
            size=len(data),
            content_id=content_id,
            inline=inline,
        )
    )


def _filename(part: Message, walk: _Walk, where: str) -> str | None:
    """The attachment's name as the sender meant it, reduced to a base name.

    The name comes from Content-Disposition, else from Content-Type's
    ``name``; RFC 2231 names are decoded with the usual charset fallback, and
    encoded words inside a quoted name (not standard, but what many mailers
    send) are decoded too.
    """
    found = part_headers.param(part, "filename", "content-disposition", walk.defects, where)
    if not found:
        found = part_headers.param(part, "name", "content-type", walk.defects, where)
    if not found:
        return None
    name, problems = decode_words(found)
    walk.defects.extend(f"{where}: file name {problem}" for problem in problems)
    name = " ".join(scrub(name).split())
    name = posixpath.basename(_PATH_SEPARATORS_RE.sub("/", name)).strip()
    return name[:MAX_FILENAME_CHARS] or None


def _raw_headers(items: Iterable[tuple[str, object]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in items:
        found.setdefault(name.strip().lower(), []).append(str(value))
    return found


def _first(raw: dict[str, list[str]], name: str) -> str:
    values = raw.get(name)
    return values[0] if values else ""


def _addresses(raw: dict[str, list[str]], name: str, walk: _Walk) -> tuple[Address, ...]:
    found: list[Address] = []
    for value in raw.get(name, []):
        addresses, problems = parse_addresses(value)
        found.extend(addresses)
        walk.defects.extend(f"header {name}: {problem}" for problem in problems)
    return tuple(found)


def _where(path: str, part: Message) -> str:
    return f"part {path} ({part_headers.content_type(part)})" if path else "message"


def _listed(defects: list[str], more: Iterable[list[str]]) -> tuple[str, ...]:
    unique = list(dict.fromkeys([*defects, *(d for group in more for d in group)]))
    if len(unique) <= MAX_DEFECTS:
        return tuple(unique)
    hidden = len(unique) - MAX_DEFECTS
    return (*unique[:MAX_DEFECTS], f"and {hidden} more defects")


def _unreadable(data: bytes, digest: str, problem: str) -> ParsedMessage:
    """A ParsedMessage for bytes that could not be parsed as a message: the
    bytes as text, so nothing the customer wrote is hidden."""
    decoded = decode_bytes(data, None)
    return ParsedMessage(
        message_id=None,
        in_reply_to=(),
        references=(),
        subject="",
        from_addr=None,
        to=(),
        cc=(),
        reply_to=(),
        date=None,
        headers=Headers(),
        content_type="text/plain",
        text=decoded.text.strip(),
        html=None,
        attachments=(),
        content_hash=digest,
        size=len(data),
        defects=(problem,),
    )
