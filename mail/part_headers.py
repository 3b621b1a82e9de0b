"""Reading one MIME part's own headers, leniently.

Mail in the wild has malformed parameters and disposition headers that make
the standard library raise; each reader here answers with a safe default
instead, and an RFC 2231 parameter is decoded from its declared charset with
the same fallback as body text.
"""

from __future__ import annotations

from email.message import Message

from mail.charsets import decode_bytes


def disposition(part: Message) -> str | None:
    try:
        return part.get_content_disposition()
    except (ValueError, TypeError, AttributeError, IndexError):
        return None


def content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except (ValueError, TypeError, AttributeError, IndexError):
        return "application/octet-stream"


def param(
    part: Message,
    name: str,
    header: str = "content-type",
    defects: list[str] | None = None,
    where: str = "",
) -> str | None:
    """A header parameter as text; an RFC 2231 value is decoded from its
    declared charset, with the same fallback as body text."""
    try:
        value = part.get_param(name, None, header)
    except (ValueError, TypeError, AttributeError, IndexError, LookupError, UnicodeError):
        return None
    if value is None:
        return None
    if not isinstance(value, tuple):
        return str(value).strip()
    charset, _, text = value
    try:
        data = str(text).encode("latin-1")
    except UnicodeEncodeError:
        return str(text).strip()
    decoded = decode_bytes(data, charset or None)
    if decoded.problem and defects is not None:
        defects.append(f"{where}: parameter {name}: {decoded.problem}")
    return decoded.text.strip()


def transfer_encoding(part: Message) -> str:
    return (raw_value(part, "content-transfer-encoding") or "").strip().lower()


def raw_value(part: Message, name: str) -> str | None:
    for key, value in part.raw_items():
        if key.strip().lower() == name:
            return str(value)
    return None
