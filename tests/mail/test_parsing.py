"""parse_message over the corpus (each file's facts in expected.json), over
arbitrary and mutated bytes, and over large or hostile messages."""

from __future__ import annotations

import base64
import hashlib
import os
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mail_corpus import (
    MIME_PIECES,
    Case,
    corpus_case,
    corpus_cases,
    expected_facts,
    mutated_corpus_message,
)

from mail.const import MAX_MIME_DEPTH
from mail.parsing import Attachment, ParsedMessage, parse_message


def test_corpus_has_thirty_messages_each_described() -> None:
    cases = corpus_cases()
    assert len(cases) >= 30
    undescribed = [case.name for case in cases if not case.expected]
    assert undescribed == []


def test_every_description_has_its_file() -> None:
    described = set(expected_facts()["messages"])
    assert described == {case.name for case in corpus_cases()}


def test_subject_and_sender(case: Case) -> None:
    msg = parse_message(case.raw)
    assert msg.subject == case.expected["subject"]
    sender = case.expected["from"]
    if sender is None:
        assert msg.from_addr is None
    else:
        assert msg.from_addr is not None
        assert (msg.from_addr.name, msg.from_addr.address) == (sender["name"], sender["address"])


def test_ids_and_threading(case: Case) -> None:
    msg = parse_message(case.raw)
    expected = case.expected
    if "message_id" in expected:
        assert msg.message_id == expected["message_id"]
    assert list(msg.in_reply_to) == expected.get("in_reply_to", [])
    assert list(msg.references) == expected.get("references", [])
    for field in ("to", "cc"):
        if field in expected:
            found = [{"name": a.name, "address": a.address} for a in getattr(msg, field)]
            assert found == expected[field]
    if "date" in expected:
        assert msg.date == datetime.fromisoformat(expected["date"])


def test_text(case: Case) -> None:
    msg = parse_message(case.raw)
    for snippet in case.expected["text_contains"]:
        assert snippet in msg.text
    for snippet in case.expected.get("text_excludes", []):
        assert snippet not in msg.text
    if "text_equals" in case.expected:
        assert msg.text == case.expected["text_equals"]


def test_html(case: Case) -> None:
    msg = parse_message(case.raw)
    facts = case.expected["html"]
    if facts is None:
        assert msg.html is None
        return
    assert msg.html is not None
    for snippet in facts["contains"]:
        assert snippet in msg.html
    for snippet in facts["excludes"]:
        assert snippet.lower() not in msg.html.lower()


def test_attachments(case: Case) -> None:
    msg = parse_message(case.raw)
    found = [
        {"filename": a.filename, "content_type": a.content_type, "inline": a.inline}
        for a in msg.attachments
    ]
    assert found == case.expected["attachments"]
    assert all(a.size == len(a.data) for a in msg.attachments)


def test_defects_flag(case: Case) -> None:
    msg = parse_message(case.raw)
    assert bool(msg.defects) is case.expected["defects"], msg.defects


def test_content_hash_is_sha256_of_the_raw_bytes(case: Case) -> None:
    msg = parse_message(case.raw)
    assert msg.content_hash == hashlib.sha256(case.raw).hexdigest()
    assert msg.size == len(case.raw)


def test_parsing_twice_gives_equal_results(case: Case) -> None:
    assert parse_message(case.raw) == parse_message(case.raw)


def test_duplicate_message_ids_keep_distinct_hashes() -> None:
    first = parse_message(corpus_case("27_duplicate_id_a.eml").raw)
    second = parse_message(corpus_case("28_duplicate_id_b.eml").raw)
    assert first.message_id == second.message_id
    assert first.content_hash != second.content_hash


def test_attachment_bytes_are_decoded() -> None:
    msg = parse_message(corpus_case("16_exe_and_html_attachments.eml").raw)
    exe = next(a for a in msg.attachments if a.filename == "invoice_88231.exe")
    assert exe.data.startswith(b"MZ\x90\x00")
    page = next(a for a in msg.attachments if a.filename == "invoice.html")
    assert b"<script>" in page.data


def test_attached_message_keeps_its_headers_and_body() -> None:
    msg = parse_message(corpus_case("39_forwarded_as_attachment.eml").raw)
    inner = parse_message(msg.attachments[0].data)
    assert inner.message_id == "inner-1@client.example.ru"
    assert "dropped after 30 seconds" in inner.text


def test_headers_are_found_without_regard_to_case() -> None:
    msg = parse_message(corpus_case("24_mailing_list.eml").raw)
    assert msg.headers.get("list-id") == msg.headers.get("LIST-ID")
    assert "precedence" in msg.headers
    assert msg.headers.get_all("received") == ()


def test_alternative_keeps_only_the_last_version_of_each_kind() -> None:
    raw = (
        b'From: a@example.com\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n'
        b"--alt\r\nContent-Type: text/plain\r\n\r\nplain version\r\n"
        b"--alt\r\nContent-Type: text/plain; format=flowed\r\n\r\nbetter version\r\n"
        b"--alt\r\nContent-Type: text/html\r\n\r\n<p>html version</p>\r\n"
        b"--alt\r\nContent-Type: text/enriched\r\n\r\n<bold>rich</bold>\r\n--alt--\r\n"
    )
    msg = parse_message(raw)
    assert msg.text == "better version"
    assert msg.html == "<p>html version</p>"


def test_text_parts_around_an_attachment_are_joined() -> None:
    raw = (
        b'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n'
        b"--m\r\nContent-Type: text/plain\r\n\r\nbefore\r\n"
        b'--m\r\nContent-Type: image/png\r\nContent-Disposition: inline; filename="a.png"\r\n\r\n'
        b"PNG\r\n--m\r\nContent-Type: text/plain\r\n\r\nafter\r\n--m--\r\n"
    )
    msg = parse_message(raw)
    assert msg.text == "before\n\nafter"
    assert [(a.filename, a.inline) for a in msg.attachments] == [("a.png", True)]


def test_date_without_zone_is_utc() -> None:
    msg = parse_message(b"From: a@example.com\r\nDate: Mon, 3 Jun 2024 10:00:00 -0000\r\n\r\nx")
    assert msg.date == datetime(2024, 6, 3, 10, 0, tzinfo=UTC)


def test_unreadable_date_is_none_with_a_defect() -> None:
    msg = parse_message(b"From: a@example.com\r\nDate: the day after tomorrow\r\n\r\nx")
    assert msg.date is None
    assert any("Date" in defect for defect in msg.defects)


# Large and hostile messages. Each bound below is generous for linear work
# and far too small for the quadratic behaviour it guards against.


def _timed(raw: bytes) -> tuple[ParsedMessage, float]:
    start = time.perf_counter()
    msg = parse_message(raw)
    return msg, time.perf_counter() - start


def _with_attachment(data: bytes) -> bytes:
    encoded = base64.encodebytes(data)
    return (
        b"From: big@example.com\r\nSubject: large\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="big"\r\n\r\n'
        b"--big\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
        b"--big\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="dump.bin"\r\n\r\n' + encoded + b"--big--\r\n"
    )


def test_large_attachment_is_read_whole() -> None:
    data = os.urandom(12 * 1024 * 1024)
    msg, elapsed = _timed(_with_attachment(data))
    (attachment,) = msg.attachments
    assert attachment.filename == "dump.bin"
    assert attachment.size == len(data)
    assert attachment.data == data
    assert msg.text == "see attached"
    assert elapsed < 20


def test_deep_multipart_nesting_is_bounded() -> None:
    depth = 900
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (n, n)
        for n in range(depth)
    )
    raw = b"From: deep@example.com\r\n" + opening + b"Content-Type: text/plain\r\n\r\n"
    raw += b"x\r\n" * 200_000
    msg, elapsed = _timed(raw)
    assert any("nesting deeper than" in defect for defect in msg.defects)
    assert elapsed < 20


def test_parts_nested_too_deeply_are_kept_unread_as_an_attachment() -> None:
    depth = MAX_MIME_DEPTH + 3
    raw = b"From: deep@example.com\r\n" + b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (n, n)
        for n in range(depth)
    )
    msg = parse_message(raw + b"Content-Type: text/plain\r\n\r\ndeepest words\r\n")
    (unread,) = msg.attachments
    assert unread.content_type == "multipart/mixed"
    assert b"deepest words" in unread.data
    assert "deepest words" not in msg.text


def test_deep_attached_message_nesting_does_not_raise() -> None:
    raw = b"From: deep@example.com\r\n" + b"Content-Type: message/rfc822\r\n\r\n" * 5000
    msg, elapsed = _timed(raw + b"Subject: inner\r\n\r\nhello")
    assert msg.from_addr is not None
    assert msg.content_type == "message/rfc822"
    assert msg.defects
    assert elapsed < 20


def test_long_crafted_content_type_is_cut_short() -> None:
    params = b"".join(b"; note*%d*=%%D0%%9F" % n for n in range(40_000))
    raw = b"From: a@example.com\r\nContent-Type: text/plain" + params + b"\r\n\r\nbody text"
    msg, elapsed = _timed(raw)
    assert msg.text == "body text"
    assert any("Content-Type" in defect for defect in msg.defects)
    assert elapsed < 20


def test_many_encoded_words_in_subject() -> None:
    raw = b"From: a@example.com\r\nSubject: " + b"=?utf-8?q?ab?= " * 100_000 + b"\r\n\r\nx"
    msg, elapsed = _timed(raw)
    assert msg.subject == "ab" * 100_000
    assert elapsed < 20


def test_huge_html_of_unclosed_tags() -> None:
    html = b"<a " * 300_000 + b"<div>" * 100_000 + b"end"
    raw = b"From: a@example.com\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    msg, elapsed = _timed(raw)
    assert msg.text.endswith("end")
    assert elapsed < 20


def test_many_parts_each_with_broken_base64_keep_the_defect_list_short() -> None:
    parts = b"".join(
        b"--p\r\nContent-Type: application/pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nQUJD=A\r\n"
        for _ in range(2000)
    )
    raw = b'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n'
    msg, _ = _timed(raw + parts + b"--p--\r\n")
    assert len(msg.attachments) == 2000
    assert len(msg.defects) <= 101
    assert msg.defects[-1].startswith("and ")


# Properties: never raises, and what it returns is safe to store and show.


def _check_invariants(raw: bytes, msg: Any) -> None:
    assert isinstance(msg, ParsedMessage)
    assert msg.content_hash == hashlib.sha256(raw).hexdigest()
    texts = [msg.text, msg.subject, *msg.defects, msg.html or ""]
    texts += [a.name + a.address for a in (msg.from_addr, *msg.to, *msg.cc) if a is not None]
    texts += [a.filename or "" for a in msg.attachments]
    for text in texts:
        assert "\x00" not in text
        text.encode("utf-8")  # no lone surrogates
    if msg.html is not None:
        assert "<script" not in msg.html.lower()
        assert "javascript:" not in msg.html.lower()
    assert all(isinstance(a, Attachment) and a.size == len(a.data) for a in msg.attachments)


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    _check_invariants(raw, parse_message(raw))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_corpus_message())
def test_mutated_corpus_messages_never_raise(raw: bytes) -> None:
    _check_invariants(raw, parse_message(raw))


@settings(max_examples=1000, deadline=None)
@given(st.lists(MIME_PIECES | st.binary(max_size=20), max_size=60).map(b"".join))
def test_mime_like_bytes_never_raise(raw: bytes) -> None:
    _check_invariants(raw, parse_message(raw))


@pytest.mark.parametrize("raw", [b"", b"\r\n", b" \t", b"\x00" * 10, b":", b"From:"])
def test_degenerate_inputs(raw: bytes) -> None:
    msg = parse_message(raw)
    _check_invariants(raw, msg)
    assert msg.defects or raw.strip()
