"""Who may get an automatic reply, and how often."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from mail_corpus import Case, mutated_corpus_message

from mail.loop_guard import (
    ALLOWED,
    REASON_CODES,
    AutoReplyLimiter,
    auto_reply_allowed,
    reason_code,
)
from mail.parsing import ParsedMessage, parse_message

OWN = ["support@switchboard.example", "Sales@Switchboard.example"]


def _msg(*headers: str, sender: str = "Customer <customer@example.com>") -> ParsedMessage:
    lines = [f"From: {sender}", "To: support@switchboard.example", "Subject: question", *headers]
    return parse_message(("\r\n".join(lines) + "\r\n\r\nHello\r\n").encode("utf-8"))


def test_corpus(case: Case, own_addresses: list[str]) -> None:
    allowed, reason = auto_reply_allowed(parse_message(case.raw), own_addresses)
    expected = case.expected["auto_reply"]
    assert allowed is expected["allowed"]
    assert reason_code(reason) == expected["reason"]


def test_an_ordinary_customer_message_is_answered() -> None:
    assert auto_reply_allowed(_msg(), OWN) == (True, ALLOWED)


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Auto-Submitted: auto-replied", "auto-submitted"),
        ("Auto-Submitted: auto-generated", "auto-submitted"),
        ("Auto-Submitted: Auto-Notified; owner-email=x@example.com", "auto-submitted"),
        ("X-Autoreply: yes", "auto-reply-header"),
        ("X-Autorespond: vacation", "auto-reply-header"),
        ("X-Auto-Response-Suppress: All", "response-suppressed"),
        ("X-Auto-Response-Suppress: DR, OOF", "response-suppressed"),
        ("X-Auto-Response-Suppress: AutoReply", "response-suppressed"),
        ("Precedence: bulk", "bulk"),
        ("Precedence: JUNK", "bulk"),
        ("Precedence: list", "bulk"),
        ("List-Id: <news.example.com>", "mailing-list"),
        ("List-Unsubscribe: <https://example.com/u>", "mailing-list"),
        ("Return-Path: <>", "no-sender"),
        ("Return-Path: < >", "no-sender"),
        (
            "Content-Type: multipart/report; report-type=delivery-status; boundary=x",
            "delivery-report",
        ),
        ("Content-Type: message/delivery-status", "delivery-report"),
        ("Sender: MAILER-DAEMON@relay.example.com", "system-sender"),
        ("Reply-To: no_reply@example.com", "no-reply-sender"),
        ("Reply-To: Support <SUPPORT@switchboard.example>", "own-address"),
    ],
)
def test_header_that_forbids_a_reply(header: str, code: str) -> None:
    allowed, reason = auto_reply_allowed(_msg(header), OWN)
    assert not allowed
    assert reason_code(reason) == code


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: no",
        "Auto-Submitted: No (written by a person)",
        "X-Auto-Response-Suppress: DR, RN, NRN",
        "Precedence: first-class",
        "Return-Path: <customer@example.com>",
        "Reply-To: customer.private@example.com",
    ],
)
def test_header_that_still_allows_a_reply(header: str) -> None:
    assert auto_reply_allowed(_msg(header), OWN) == (True, ALLOWED)


@pytest.mark.parametrize(
    ("sender", "code"),
    [
        ("MAILER-DAEMON@mx.example.com", "system-sender"),
        ("Mailer-Daemon <mailer-daemon@mx.example.com>", "system-sender"),
        ("postmaster@example.com", "system-sender"),
        ("noreply@example.com", "no-reply-sender"),
        ("No Reply <no-reply@example.com>", "no-reply-sender"),
        ("do-not-reply@example.com", "no-reply-sender"),
        ("DoNotReply@example.com", "no-reply-sender"),
        ("noreply+bounce-123@example.com", "no-reply-sender"),
        ("support@switchboard.example", "own-address"),
        ("SUPPORT+ticket-42@Switchboard.Example", "own-address"),
        ("sales@switchboard.example", "own-address"),
        ("", "no-sender"),
        ("<>", "no-sender"),
    ],
)
def test_senders_that_get_no_reply(sender: str, code: str) -> None:
    allowed, reason = auto_reply_allowed(_msg(sender=sender), OWN)
    assert not allowed
    assert reason_code(reason) == code


def test_a_customer_whose_name_looks_like_a_robot_is_still_answered() -> None:
    msg = _msg(sender='"Noreply Fan" <anna.postmasterova@example.com>')
    assert auto_reply_allowed(msg, OWN) == (True, ALLOWED)


def test_every_refusal_names_a_known_code_and_says_why() -> None:
    for header in ("Precedence: bulk", "X-Autoreply: yes", "List-Id: <x>"):
        allowed, reason = auto_reply_allowed(_msg(header), OWN)
        assert not allowed
        assert reason_code(reason) in REASON_CODES
        assert len(reason) > len(reason_code(reason)) + 2


def test_the_first_matching_check_gives_the_reason() -> None:
    msg = _msg("Precedence: bulk", "Auto-Submitted: auto-generated", sender="noreply@example.com")
    assert reason_code(auto_reply_allowed(msg, OWN)[1]) == "auto-submitted"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_allows_up_to_the_limit_in_a_window() -> None:
    clock = FakeClock()
    limiter = AutoReplyLimiter(max_per_window=3, window_s=60, clock=clock)
    assert [limiter.allow("a@example.com") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b@example.com")


def test_limiter_window_slides() -> None:
    clock = FakeClock()
    limiter = AutoReplyLimiter(max_per_window=2, window_s=60, clock=clock)
    assert limiter.allow("a@example.com")
    clock.now += 30
    assert limiter.allow("a@example.com")
    assert not limiter.allow("a@example.com")
    clock.now += 30
    assert limiter.allow("a@example.com")
    assert not limiter.allow("a@example.com")
    clock.now += 31
    assert limiter.allow("a@example.com")


def test_limiter_counts_one_mailbox_however_it_is_written() -> None:
    limiter = AutoReplyLimiter(max_per_window=1, window_s=60, clock=FakeClock())
    assert limiter.allow("Anna@Example.com")
    assert not limiter.allow("<anna+tickets@example.com>")


def test_limiter_with_zero_allows_nothing() -> None:
    assert not AutoReplyLimiter(max_per_window=0, window_s=60, clock=FakeClock()).allow("a@b.c")


@pytest.mark.parametrize(("limit", "window"), [(-1, 60), (1, 0), (1, -5)])
def test_limiter_refuses_nonsense_settings(limit: int, window: float) -> None:
    with pytest.raises(ValueError, match="must be"):
        AutoReplyLimiter(max_per_window=limit, window_s=window, clock=FakeClock())


def test_limiter_forgets_senders_of_past_windows() -> None:
    clock = FakeClock()
    limiter = AutoReplyLimiter(max_per_window=1, window_s=10, clock=clock)
    for number in range(20_000):
        clock.now += 1
        assert limiter.allow(f"sender{number}@example.com")
    assert len(limiter._sent) < 3000


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_corpus_message())
def test_damaged_messages_never_raise(raw: bytes) -> None:
    allowed, reason = auto_reply_allowed(parse_message(raw), OWN)
    assert allowed == (reason == ALLOWED)
    assert allowed or reason_code(reason) in REASON_CODES
