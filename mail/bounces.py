"""Recognise bounces: mail saying that a message the CRM sent was not
delivered, which recipient failed, why, and which message it was.

Standard bounces are delivery status notifications (RFC 3464): a
``multipart/report; report-type=delivery-status`` with a human-readable
part, a ``message/delivery-status`` part of field blocks, and the original
message or its headers. Many servers (qmail, older Exim and Postfix set-ups,
some Russian hosting) still send plain text from MAILER-DAEMON instead; for
those the failed addresses, codes and the quoted original Message-ID are
picked out of the text as far as its usual shapes allow. Anything else is
ordinary mail, and ``read_bounce`` returns None for it.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass
from email.message import Message
from typing import Literal

from mail.charsets import decode_bytes
from mail.headers import Address, normalise_id
from mail.mime import leaf_bytes, message_bytes, read_mime
from mail.parsing import ParsedMessage

STATUS_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
ORIGINAL_MESSAGE_TYPES = frozenset({"message/rfc822", "message/global"})
ORIGINAL_HEADERS_TYPES = frozenset({"text/rfc822-headers", "message/global-headers"})
MAIL_SYSTEM_LOCAL_PARTS = frozenset({"mailerdaemon", "maildaemon", "postmaster"})
MAX_DIAGNOSTIC_CHARS = 1000
MAX_EXPLANATION_CHARS = 64 * 1024
"""Text of a plain bounce searched for failed addresses; the quoted original
after it can be any size."""
MAX_RECIPIENTS = 1000
RECIPIENT_WINDOW_CHARS = 600
"""How far after a failed address its status code and diagnostic are looked for."""

_BOUNCE_SUBJECT_RE = re.compile(
    r"undeliver|delivery (status notification|failure|has failed|failed|problem)"
    r"|mail delivery failed|returned mail|failure notice|could not be delivered|delayed"
    r"|недостав|не доставлен|не удалось доставить|ошибка доставки",
    re.IGNORECASE,
)
_MAIL_SYSTEM_NAME_RE = re.compile(r"mail delivery (system|subsystem)|почтовая система", re.I)
_QUOTED_START_RE = re.compile(
    r"^[ \t>-]*(this is a copy of|below this line is a copy of|original message"
    r"|the original message|undelivered message|исходное сообщение|текст сообщения)"
    r"|^[ \t>]*(return-path|received):",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_ID_RE = re.compile(r"^[ \t>]*message-id:[ \t]*(\S[^\r\n]{0,998})", re.I | re.M)
_ADDRESS_RE = re.compile(r"[A-Za-z0-9._%+'=-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")
_ENHANCED_STATUS_RE = re.compile(r"(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])")
_SMTP_REPLY_RE = re.compile(r"(?<!\d)([45]\d\d)(?!\d)[ -]")
_DELAYED_RE = re.compile(
    r"delayed|will (retry|continue|keep trying)|still trying|not yet been delivered|задерж",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BounceRecipient:
    """One recipient a report is about. ``action`` is RFC 3464's (failed,
    delayed, delivered, relayed, expanded); ``status`` is the enhanced status
    code (5.1.1) when one was given."""

    address: str
    action: str
    status: str | None
    diagnostic: str | None

    @property
    def permanent(self) -> bool:
        """Whether sending to this address again is pointless."""
        return self.action == "failed" and (self.status is None or self.status.startswith("5"))


@dataclass(frozen=True)
class Bounce:
    """A recognised bounce. ``kind`` says how sure the reading is: ``dsn``
    for a standard report, ``heuristic`` for text picked apart."""

    kind: Literal["dsn", "heuristic"]
    recipients: tuple[BounceRecipient, ...]
    original_message_id: str | None
    reporting_mta: str | None


def read_bounce(msg: ParsedMessage, raw: bytes) -> Bounce | None:
    """The bounce ``msg`` (parsed from ``raw``) is, or None for other mail.

    Ordinary mail returns before ``raw`` is parsed again: only reports and
    mail from a mail system address are looked into.
    """
    from_system = _from_mail_system(msg)
    if msg.content_type != "multipart/report" and not from_system:
        return None
    tree, _ = read_mime(bytes(raw))
    report = _find_report(tree)
    if report is not None:
        return _read_report(report, msg)
    if from_system:
        return _read_text_bounce(msg)
    return None


def _from_mail_system(msg: ParsedMessage) -> bool:
    sender = msg.from_addr
    if sender is None:
        return False
    local = "".join(ch for ch in sender.local_part.lower() if ch not in ".-_")
    return local in MAIL_SYSTEM_LOCAL_PARTS or bool(_MAIL_SYSTEM_NAME_RE.search(sender.name))


def _find_report(tree: Message) -> Message | None:
    """The delivery-status report: the message itself or one of its parts
    (some servers wrap the report in a multipart/mixed)."""
    candidates = [tree]
    children = tree.get_payload()
    if tree.get_content_maintype() == "multipart" and isinstance(children, list):
        candidates.extend(child for child in children if isinstance(child, Message))
    for candidate in candidates:
        parts = candidate.get_payload()
        if candidate.get_content_type() != "multipart/report" or not isinstance(parts, list):
            continue
        if any(isinstance(p, Message) and p.get_content_type() in STATUS_TYPES for p in parts):
            return candidate
    return None


def _read_report(report: Message, msg: ParsedMessage) -> Bounce:
    parts = [p for p in report.get_payload() if isinstance(p, Message)]
    status_part = next(p for p in parts if p.get_content_type() in STATUS_TYPES)
    blocks = _field_blocks(_status_text(status_part))
    per_message = blocks[0] if blocks and "final-recipient" not in blocks[0] else {}
    recipients = tuple(
        recipient for block in blocks if (recipient := _recipient(block)) is not None
    )
    original = next((found for p in parts if (found := _original_id(p)) is not None), None)
    if original is None:
        original = _quoted_id(msg.text)
    return Bounce(
        kind="dsn",
        recipients=recipients,
        original_message_id=original,
        reporting_mta=_typed_value(per_message.get("reporting-mta")),
    )


def _status_text(part: Message) -> str:
    """The text of a delivery-status part. The stdlib splits it into header
    blocks, even when it is (against the RFC) base64-encoded, so it is
    written back out and decoded here."""
    data = message_bytes(part) if part.is_multipart() else leaf_bytes(part)[0]
    encoding = ""
    for name, value in part.raw_items():
        if name.strip().lower() == "content-transfer-encoding":
            encoding = str(value).strip().lower()
    if part.is_multipart() and data is not None:
        try:
            if encoding == "base64":
                data = binascii.a2b_base64(data)
            elif encoding == "quoted-printable":
                data = binascii.a2b_qp(data)
        except binascii.Error:
            pass
    return decode_bytes(data or b"", "utf-8").text


def _field_blocks(text: str) -> list[dict[str, str]]:
    """RFC 3464 field blocks: ``Name: value`` lines (folded lines joined),
    blocks separated by blank lines; names in lower case, first value wins."""
    blocks: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    last: list[str] | None = None
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
            current, last = {}, None
        elif line[0] in " \t" and last is not None:
            last.append(line.strip())
        else:
            name, colon, value = line.partition(":")
            if colon:
                last = current.setdefault(name.strip().lower(), [value.strip()])
    if current:
        blocks.append(current)
    return [{name: " ".join(value) for name, value in block.items()} for block in blocks]


def _recipient(block: dict[str, str]) -> BounceRecipient | None:
    address = _typed_value(block.get("final-recipient") or block.get("original-recipient"))
    if not address:
        return None
    status = _ENHANCED_STATUS_RE.search(block.get("status", ""))
    diagnostic = _typed_value(block.get("diagnostic-code"))
    return BounceRecipient(
        address=address.strip("<>"),
        action=(block.get("action", "").split() or ["failed"])[0].lower(),
        status=status.group(1) if status else None,
        diagnostic=diagnostic[:MAX_DIAGNOSTIC_CHARS] if diagnostic else None,
    )


def _typed_value(value: str | None) -> str | None:
    """``rfc822; user@example.com`` gives ``user@example.com``."""
    if value is None:
        return None
    _, semicolon, rest = value.partition(";")
    return (rest if semicolon else value).strip() or None


def _original_id(part: Message) -> str | None:
    content_type = part.get_content_type()
    if content_type in ORIGINAL_MESSAGE_TYPES:
        inner = part.get_payload()
        message = inner[0] if isinstance(inner, list) and inner else None
        return _message_id_of(message) if isinstance(message, Message) else None
    if content_type in ORIGINAL_HEADERS_TYPES:
        headers, _ = read_mime(leaf_bytes(part)[0])
        return _message_id_of(headers)
    return None


def _message_id_of(message: Message) -> str | None:
    for name, value in message.raw_items():
        if name.strip().lower() == "message-id":
            return normalise_id(str(value))
    return None


def _quoted_id(text: str) -> str | None:
    found = _QUOTED_ID_RE.search(text)
    return normalise_id(found.group(1)) if found else None


def _read_text_bounce(msg: ParsedMessage) -> Bounce | None:
    """A bounce written as text by a mail system, or None when the message
    from the mail system is not about a failed delivery."""
    quoted_at = _QUOTED_START_RE.search(msg.text)
    if quoted_at is None and not _BOUNCE_SUBJECT_RE.search(msg.subject):
        return None
    explanation = (msg.text[: quoted_at.start()] if quoted_at else msg.text)[:MAX_EXPLANATION_CHARS]
    quoted = msg.text[quoted_at.start() :] if quoted_at else ""
    action = "delayed" if _DELAYED_RE.search(f"{msg.subject}\n{explanation}") else "failed"
    own = {a.address.lower() for a in (msg.from_addr, *msg.reply_to) if isinstance(a, Address)}
    return Bounce(
        kind="heuristic",
        recipients=_recipients_in_text(explanation, own, action),
        original_message_id=_quoted_id(quoted) or _quoted_id(msg.text),
        reporting_mta=None,
    )


def _recipients_in_text(text: str, exclude: set[str], action: str) -> tuple[BounceRecipient, ...]:
    """Addresses named in a bounce's explanation, each with the first status
    code and SMTP reply found after it (before the next other address)."""
    found: list[tuple[int, str]] = []
    for match in _ADDRESS_RE.finditer(text):
        address = match.group(0).strip(".")
        local = "".join(ch for ch in address.partition("@")[0].lower() if ch not in ".-_")
        if address.lower() in exclude or local in MAIL_SYSTEM_LOCAL_PARTS:
            continue
        found.append((match.start(), address))
    # Where each mention's window ends: at the next mention of another address.
    ends = [len(text)] * len(found)
    for number in range(len(found) - 2, -1, -1):
        following_position, following = found[number + 1]
        same = following.lower() == found[number][1].lower()
        ends[number] = ends[number + 1] if same else following_position
    recipients: dict[str, BounceRecipient] = {}
    for (start, address), end in zip(found, ends, strict=True):
        if address.lower() not in recipients and len(recipients) < MAX_RECIPIENTS:
            window = text[start : min(end, start + RECIPIENT_WINDOW_CHARS)]
            recipients[address.lower()] = _recipient_from_window(address, window, action)
    return tuple(recipients.values())


def _recipient_from_window(address: str, window: str, action: str) -> BounceRecipient:
    status = _ENHANCED_STATUS_RE.search(window)
    reply = _SMTP_REPLY_RE.search(window)
    code = status.group(1) if status else (f"{reply.group(1)[0]}.0.0" if reply else None)
    marker = reply or status
    diagnostic = None
    if marker is not None:
        line_start = window.rfind("\n", 0, marker.start()) + 1
        line_end = window.find("\n", marker.start())
        diagnostic = window[line_start : line_end if line_end >= 0 else None].strip()
    return BounceRecipient(
        address=address,
        action=action,
        status=code,
        diagnostic=diagnostic[:MAX_DIAGNOSTIC_CHARS] if diagnostic else None,
    )
