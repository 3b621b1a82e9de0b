"""The bounded MIME reader: depth limit, guarded header parsing."""

from __future__ import annotations

import pytest

from mail.const import MAX_HEADER_CHARS, MAX_MIME_DEPTH
from mail.mime import DEEP_BOUNDARY_PARAM, bound_depth, header_failures, read_mime


def _nested(depth: int, newline: bytes = b"\r\n") -> bytes:
    lines = []
    for level in range(depth):
        lines.append(b'Content-Type: multipart/mixed; boundary="b%d"' % level)
        lines += [b"", b"--b%d" % level]
    lines += [b"Content-Type: text/plain", b"", b"deepest"]
    lines += [b"--b%d--" % level for level in reversed(range(depth))]
    return newline.join(lines) + newline


def test_shallow_messages_pass_unchanged() -> None:
    raw = _nested(MAX_MIME_DEPTH)
    assert bound_depth(raw) is raw


def test_boundaries_past_the_limit_are_renamed() -> None:
    raw = _nested(MAX_MIME_DEPTH + 5)
    bounded = bound_depth(raw)
    assert bounded.count(DEEP_BOUNDARY_PARAM) == 5
    assert bounded.count(b"boundary=") == MAX_MIME_DEPTH + 5


def test_bare_cr_line_ends_are_seen_too() -> None:
    raw = _nested(MAX_MIME_DEPTH + 3, newline=b"\r")
    assert bound_depth(raw).count(DEEP_BOUNDARY_PARAM) == 3


def test_siblings_do_not_add_up_to_depth() -> None:
    part = b'--top\r\nContent-Type: multipart/alternative; boundary="s%d"\r\n\r\n--s%d\r\n\r\nx\r\n'
    body = b"".join(part % (n, n) + b"--s%d--\r\n" % n for n in range(MAX_MIME_DEPTH * 3))
    raw = b'Content-Type: multipart/mixed; boundary="top"\r\n\r\n' + body + b"--top--\r\n"
    assert bound_depth(raw) is raw


def test_missing_closing_boundaries_are_closed_by_the_parent() -> None:
    part = b'--top\r\nContent-Type: multipart/alternative; boundary="s%d"\r\n\r\n--s%d\r\n\r\nx\r\n'
    body = b"".join(part % (n, n) for n in range(MAX_MIME_DEPTH * 3))
    raw = b'Content-Type: multipart/mixed; boundary="top"\r\n\r\n' + body + b"--top--\r\n"
    assert bound_depth(raw) is raw


def test_too_deep_parts_are_reported() -> None:
    _, problems = read_mime(_nested(MAX_MIME_DEPTH + 1))
    assert problems


def test_crafted_header_is_cut_and_recorded() -> None:
    raw = b"Content-Type: text/plain" + b"; a=b" * MAX_HEADER_CHARS + b"\r\n\r\nbody"
    message, _ = read_mime(raw)
    assert message.get_content_type() == "text/plain"
    assert any("Content-Type" in failure for failure in header_failures(message))


@pytest.mark.parametrize(
    "header",
    [
        b"Message-ID: <<<<<",
        b"Content-Type: ((((((((((",
        b'Content-Type: text/plain; a="' + b";" * 5000,
    ],
)
def test_headers_read_back_as_text_without_raising(header: bytes) -> None:
    message, _ = read_mime(header + b"\r\n\r\nbody")
    name = header.partition(b":")[0].decode()
    assert message[name] == header.partition(b": ")[2].decode()
    assert message.get_content_type() == "text/plain"


def test_raw_8bit_header_reads_back_decoded() -> None:
    message, _ = read_mime("Subject: Привет\r\n\r\nbody".encode("cp1251"))
    assert message["Subject"] == "Привет"
