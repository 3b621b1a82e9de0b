"""Bounce recognition: RFC 3464 reports and plain-text mailer-daemon mail."""

from __future__ import annotations

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from mail_corpus import Case, corpus_case, mutated_corpus_message

from mail.bounces import Bounce, BounceRecipient, read_bounce
from mail.parsing import parse_message


def _bounce(raw: bytes) -> Bounce | None:
    return read_bounce(parse_message(raw), raw)


def test_corpus(case: Case) -> None:
    found = _bounce(case.raw)
    expected = case.expected["bounce"]
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert found.kind == expected["kind"]
    assert found.original_message_id == expected["original_message_id"]
    recipients = [
        {"address": r.address, "action": r.action, "status": r.status, "permanent": r.permanent}
        for r in found.recipients
    ]
    assert recipients == expected["recipients"]


def test_dsn_details() -> None:
    found = _bounce(corpus_case("17_dsn_bounce.eml").raw)
    assert found is not None
    assert found.reporting_mta == "mx.switchboard.example"
    (recipient,) = found.recipients
    assert recipient.diagnostic is not None
    assert recipient.diagnostic.startswith(
        "550 5.1.1 <p.ivanov@gone.example.ru>: Recipient address"
    )
    assert recipient.diagnostic.endswith("User unknown in virtual mailbox table")


def _report(status_part: bytes, original: bytes, outer: str = "") -> bytes:
    report = (
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n'
        b"--r\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n"
        b"--r\r\n" + status_part + b"--r\r\n" + original + b"--r--\r\n"
    )
    head = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: Undeliverable\r\n"
    if not outer:
        return head + report
    return (
        head + b'Content-Type: multipart/mixed; boundary="o"\r\n\r\n--o\r\n' + report + b"--o--\r\n"
    )


STATUS = (
    b"Reporting-MTA: dns; mx.example.net\r\n\r\n"
    b"Final-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
)
ORIGINAL = (
    b"Content-Type: message/rfc822\r\n\r\nMessage-ID: <sent-1@switchboard.example>\r\n\r\nhi\r\n"
)


def test_base64_encoded_delivery_status_is_read() -> None:
    part = (
        b"Content-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(STATUS).replace(b"\n", b"\r\n")
    )
    found = _bounce(_report(part, ORIGINAL))
    assert found is not None
    assert [r.address for r in found.recipients] == ["gone@example.org"]
    assert found.reporting_mta == "mx.example.net"


def test_report_wrapped_in_a_mixed_part_is_found() -> None:
    part = b"Content-Type: message/delivery-status\r\n\r\n" + STATUS
    found = _bounce(_report(part, ORIGINAL, outer="mixed"))
    assert found is not None
    assert found.original_message_id == "sent-1@switchboard.example"


def test_original_id_falls_back_to_the_quoted_headers_in_the_text() -> None:
    part = b"Content-Type: message/delivery-status\r\n\r\n" + STATUS
    raw = _report(part, b"Content-Type: text/plain\r\n\r\nnothing here\r\n").replace(
        b"Not delivered.", b"Not delivered.\r\n> Message-ID: <quoted-7@switchboard.example>"
    )
    found = _bounce(raw)
    assert found is not None
    assert found.original_message_id == "quoted-7@switchboard.example"


def test_read_receipts_and_feedback_reports_are_not_bounces() -> None:
    raw = (
        b"From: MAILER-DAEMON@mx.example.net\r\nSubject: report\r\n"
        b'Content-Type: multipart/report; report-type=feedback-report; boundary="f"\r\n\r\n'
        b"--f\r\nContent-Type: text/plain\r\n\r\nabuse report\r\n"
        b"--f\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\n\r\n--f--\r\n"
    )
    assert _bounce(raw) is None


def test_mail_from_a_mail_system_that_is_not_about_delivery() -> None:
    raw = b"From: postmaster@example.com\r\nSubject: New spam filter\r\n\r\nWe set up a filter.\r\n"
    assert _bounce(raw) is None


def test_ordinary_mail_is_not_parsed_again() -> None:
    msg = parse_message(b"From: anna@example.com\r\nSubject: Undeliverable?\r\n\r\nhello")
    assert read_bounce(msg, b"\xff garbage that is never read") is None


def test_delayed_plain_text_bounce() -> None:
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@relay.example.net>\r\n"
        b"Subject: Warning: message delayed\r\n\r\n"
        b"Delivery to the following recipient has been delayed:\r\n\r\n"
        b"     slow@example.org\r\n\r\n"
        b"Message will be retried for 2 more days.\r\n"
        b"Technical details: 451 4.4.1 Connection timed out\r\n"
    )
    found = _bounce(raw)
    assert found is not None
    assert found.kind == "heuristic"
    assert found.recipients == (
        BounceRecipient(
            address="slow@example.org",
            action="delayed",
            status="4.4.1",
            diagnostic="Technical details: 451 4.4.1 Connection timed out",
        ),
    )
    assert not found.recipients[0].permanent


def test_russian_plain_text_bounce() -> None:
    text = (
        "Ваше сообщение не доставлено следующим адресатам:\r\n\r\n"
        "ivanov@closed.example.ru: 550 Mailbox not found\r\n\r\n"
        "----- Исходное сообщение -----\r\n"
        "Message-ID: <offer-9@switchboard.example>\r\n"
    )
    raw = (
        b"From: postmaster@mail.example.ru\r\n"
        b"Subject: =?utf-8?B?" + base64.b64encode("Недоставленное сообщение".encode()) + b"?=\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + text.encode()
    )
    found = _bounce(raw)
    assert found is not None
    assert found.original_message_id == "offer-9@switchboard.example"
    (recipient,) = found.recipients
    assert (recipient.address, recipient.status, recipient.permanent) == (
        "ivanov@closed.example.ru",
        "5.0.0",
        True,
    )


@pytest.mark.parametrize(
    ("action", "status", "permanent"),
    [
        ("failed", "5.1.1", True),
        ("failed", None, True),
        ("failed", "4.2.2", False),
        ("delayed", "4.4.7", False),
        ("delivered", "2.0.0", False),
    ],
)
def test_permanent(action: str, status: str | None, permanent: bool) -> None:
    assert BounceRecipient("a@b.c", action, status, None).permanent is permanent


def test_many_addresses_in_a_bounce_stay_fast_and_bounded() -> None:
    lines = b"".join(b"user%d@example.org: 550 5.1.1 unknown\r\n" % n for n in range(20_000))
    raw = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: failure notice\r\n\r\n" + lines
    found = _bounce(raw)
    assert found is not None
    assert 0 < len(found.recipients) <= 1000


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_corpus_message())
def test_damaged_messages_never_raise(raw: bytes) -> None:
    found = _bounce(raw)
    assert found is None or all(r.address for r in found.recipients)
