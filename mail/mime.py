"""Raw bytes into the stdlib's MIME tree, with bounded cost and no exceptions.

``email.parser.BytesParser`` with the modern policy does the MIME work, but
on hostile input it has three costs that this module bounds before they
bite: its cost is body lines times multipart depth, so boundaries nested
deeper than ``MAX_MIME_DEPTH`` are renamed (by a linear pre-scan) and those
parts stay unread; nested ``message/rfc822`` parts recurse once per level, so
a RecursionError falls back to reading the headers alone; and its structured
header parser is quadratic on, or raises for, some crafted values, so the
policy below cuts values short and turns a failure into an empty header.
"""

from __future__ import annotations

import io
import re
from email import errors
from email.generator import BytesGenerator
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import EmailPolicy
from typing import Any

from mail.const import MAX_HEADER_CHARS, MAX_MIME_DEPTH
from mail.headers import raw_to_text

DEEP_BOUNDARY_PARAM = b"x-deep-boundary"
"""What the pre-scan renames a too-deep ``boundary`` parameter to; a part
that has it was deliberately left unread."""

_MARKS_RE = re.compile(
    rb"(?:\A|(?<=[\r\n]))(?:(content-type:(?:[^\r\n]|(?:\r\n|\r|\n)[ \t])*)|--([^\r\n]{0,200}))",
    re.IGNORECASE,
)
_BOUNDARY_PARAM_RE = re.compile(
    rb"(?<=[\s;])(boundary)[ \t\r\n]*+(?:\*[0-9]{0,4}\*?)?[ \t\r\n]*+=[ \t\r\n]*+"
    rb'(?:"([^"]{0,200})"|([^\s;"]{1,200}))',
    re.IGNORECASE,
)

_DEFECT_TEXT: dict[type[errors.MessageDefect], str] = {
    errors.NoBoundaryInMultipartDefect: "a multipart declares no boundary",
    errors.StartBoundaryNotFoundDefect: "the multipart boundary never appears",
    errors.CloseBoundaryNotFoundDefect: (
        "the closing multipart boundary is missing; the last part may be cut short"
    ),
    errors.FirstHeaderLineIsContinuationDefect: "the first header line is a continuation line",
    errors.MisplacedEnvelopeHeaderDefect: "a 'From ' envelope line stands among the headers",
    errors.MissingHeaderBodySeparatorDefect: (
        "a line in the header block is not a header; it and the rest were read as the body"
    ),
    errors.MultipartInvariantViolationDefect: "a multipart has no parts",
    errors.InvalidMultipartContentTransferEncodingDefect: (
        "a multipart declares a transfer encoding other than 7bit, 8bit or binary"
    ),
    errors.UndecodableBytesDefect: "a header holds bytes that cannot be decoded",
    errors.InvalidBase64PaddingDefect: "base64 data is wrongly padded",
    errors.InvalidBase64CharactersDefect: "base64 data holds characters outside its alphabet",
    errors.InvalidBase64LengthDefect: "base64 data has an impossible length; its end was lost",
}


class GuardedPolicy(EmailPolicy):
    """``email.policy.default`` whose headers read back as plain text.

    The modern policy parses a structured header every time it is read, and
    the parser reads each part's Content-Type several times while splitting
    parts. That structured parser costs a hundred microseconds or more per
    header (a message of 20,000 tiny parts takes minutes), is quadratic on
    some crafted values, and raises on others. So, as ``compat32`` does,
    headers come back as strings, and ``Message``'s own accessors
    (``get_content_type``, ``get_param``, ``get_filename``) parse the
    parameters they need from that string. Raw 8-bit text in a header is
    decoded by guessing its charset, and a value is cut at
    ``MAX_HEADER_CHARS``; ``failures`` collects what was cut (give each
    parse its own list).
    """

    failures: list[str] | None = None

    def __init__(self, failures: list[str] | None = None, **settings: Any) -> None:
        super().__init__(**settings)
        # Policies refuse attribute assignment after construction; this is
        # construction, and clones share the list, which is the point.
        object.__setattr__(self, "failures", failures)

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name"):
            return value
        text, _ = raw_to_text(value)
        text = text.replace("\r", "").replace("\n", "")
        if len(text) > MAX_HEADER_CHARS:
            text = text[:MAX_HEADER_CHARS]
            problem = f"header {name} is longer than {MAX_HEADER_CHARS} characters; cut short"
            if self.failures is not None and problem not in self.failures:
                self.failures.append(problem)
        return text


def read_mime(raw: bytes) -> tuple[EmailMessage, list[str]]:
    """Parse ``raw``; returns the tree and message-level problems.

    Header problems found later, when the tree's headers are read, go to
    ``header_failures(message)``.
    """
    problems: list[str] = []
    data = bound_depth(raw)
    if data is not raw:
        problems.append(
            f"multipart nesting deeper than {MAX_MIME_DEPTH} levels; the inner parts were not read"
        )
    linesep = "\r\n" if b"\r\n" in raw[:4096] else "\n"
    policy = GuardedPolicy(failures=[], linesep=linesep)
    try:
        message = BytesParser(policy=policy).parsebytes(data)
    except RecursionError:
        problems.append("attached messages nested too deeply; the body was not read")
        message = BytesParser(policy=policy).parsebytes(data, headersonly=True)
    if not isinstance(message, EmailMessage):  # pragma: no cover - the policy guarantees it
        raise TypeError("the modern policy builds EmailMessage objects")
    return message, problems


def header_failures(message: Message) -> list[str]:
    """Problems the policy met while headers of ``message``'s tree were read."""
    failures = getattr(message.policy, "failures", None)
    return list(failures) if failures else []


def bound_depth(raw: bytes) -> bytes:
    """``raw`` with every multipart boundary nested deeper than
    ``MAX_MIME_DEPTH`` renamed to ``DEEP_BOUNDARY_PARAM``, or ``raw`` itself
    when nothing is that deep.

    One pass over Content-Type headers and ``--`` lines keeps a stack of open
    boundaries: a delimiter line closes the parts opened inside it, as the
    stdlib does, so a missing closing boundary does not inflate the depth.
    """
    stack: list[bytes] = []
    renames: list[tuple[int, int]] = []
    for mark in _MARKS_RE.finditer(raw):
        header = mark.group(1)
        if header is not None:
            params = list(_BOUNDARY_PARAM_RE.finditer(header))
            if not params:
                continue
            if len(stack) >= MAX_MIME_DEPTH:
                start = mark.start(1)
                renames.extend((start + p.start(1), start + p.end(1)) for p in params)
            else:
                first = params[0]
                stack.append(first.group(2) if first.group(2) is not None else first.group(3))
            continue
        line = mark.group(2).rstrip(b" \t")
        if line in stack:
            del stack[stack.index(line) + 1 :]
        elif line.endswith(b"--") and line[:-2] in stack:
            del stack[stack.index(line[:-2]) :]
    if not renames:
        return raw
    pieces: list[bytes] = []
    position = 0
    for start, end in renames:
        pieces += [raw[position:start], DEEP_BOUNDARY_PARAM]
        position = end
    pieces.append(raw[position:])
    return b"".join(pieces)


def describe_defects(found: list[errors.MessageDefect]) -> list[str]:
    """Human-readable text for the stdlib's defect objects."""
    texts = []
    for defect in found:
        text = _DEFECT_TEXT.get(type(defect))
        if text is None:
            doc = (type(defect).__doc__ or type(defect).__name__).strip().splitlines()[0]
            text = doc.rstrip(".")
        texts.append(text)
    return texts


def leaf_bytes(part: Message) -> tuple[bytes, list[errors.MessageDefect]]:
    """The decoded content of a non-multipart part (base64 and
    quoted-printable undone), with the defects decoding added."""
    before = len(part.defects)
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError, UnicodeError, AttributeError):
        data = None
    if not isinstance(data, bytes):
        payload = part.get_payload()
        data = payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""
    return data, list(part.defects[before:])


def message_bytes(part: Message) -> bytes | None:
    """The body of a ``message/*`` part (an attached message, a delivery
    status) written back out as bytes, or None when it cannot be written."""
    policy = part.policy
    if isinstance(policy, EmailPolicy):
        policy = policy.clone(refold_source="none")
    buffer = io.BytesIO()
    try:
        BytesGenerator(buffer, policy=policy).flatten(part, unixfrom=False)
    except (RecursionError, ValueError, TypeError, LookupError, UnicodeError, AttributeError):
        return None
    written = buffer.getvalue()
    linesep = str(getattr(policy, "linesep", "\n")).encode()
    _, separator, body = written.partition(linesep + linesep)
    return body if separator else b""
