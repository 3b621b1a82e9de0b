"""The poller over TLS to a dovecot with a self-signed certificate made for
the test: IMAPS and STARTTLS both bring the mail once the certificate is
trusted; an untrusted certificate, or a server without STARTTLS when it is
asked for, means no login at all, so the password never goes out in clear."""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dovecot_server import (
    USER,
    Certificate,
    Dovecot,
    RecordingSpool,
    letter,
    make_poller,
    running,
    settled_titles,
    titles,
    until,
)

from mail.imap import ImapAccount
from mail.system import MailSystem


@pytest.fixture
def certificate(tmp_path: Path) -> Certificate:
    return Certificate.make(tmp_path)


@pytest.fixture
def tls_dovecot(tmp_path: Path, certificate: Certificate) -> Iterator[Dovecot]:
    """A dovecot offering IMAPS on ``ssl_port`` and STARTTLS on ``port``."""
    with running(tmp_path, certificate=certificate) as server:
        yield server


def tls_account(dovecot: Dovecot, mode: str) -> ImapAccount:
    if mode == "ssl":
        return dovecot.account(port=dovecot.ssl_port, ssl=True)
    return dovecot.account(starttls=True)


@pytest.mark.parametrize("mode", ["ssl", "starttls"])
async def test_mail_comes_over_tls_with_a_trusted_certificate(
    crm: Any, tls_dovecot: Dovecot, certificate: Certificate, system: MailSystem, mode: str
) -> None:
    tls_dovecot.append(letter("Шифровано", f"{mode}@client"))
    trusting = ssl.create_default_context(cafile=str(certificate.cert))
    poller = make_poller(
        crm, system, RecordingSpool(system), tls_account(tls_dovecot, mode), tls_context=trusting
    )
    poller.start()
    try:
        await settled_titles(crm, system, ["Шифровано"])
    finally:
        await poller.stop()
    # The test's own sessions are plain; dovecot marks the poller's as TLS.
    assert any(f"user=<{USER}>" in line and ", TLS," in line for line in tls_dovecot.logins())


@pytest.mark.parametrize("mode", ["ssl", "starttls"])
async def test_an_untrusted_certificate_gets_no_login(
    crm: Any,
    tls_dovecot: Dovecot,
    system: MailSystem,
    caplog: pytest.LogCaptureFixture,
    mode: str,
) -> None:
    caplog.set_level(logging.WARNING, logger="mail.imap")
    tls_dovecot.append(letter("Не дойдёт", f"untrusted-{mode}@client"))
    logins_before = len(tls_dovecot.logins())
    poller = make_poller(crm, system, RecordingSpool(system), tls_account(tls_dovecot, mode))
    poller.start()  # with the system's CAs, which never signed this certificate
    try:

        async def refused() -> bool:
            return "CERTIFICATE_VERIFY_FAILED" in caplog.text

        await until(refused)
        assert not poller.connected.is_set()
    finally:
        await poller.stop()
    await asyncio.sleep(0.2)  # dovecot writes its log a moment after the session ends
    assert len(tls_dovecot.logins()) == logins_before
    assert await titles(crm) == []
    assert b"\\Seen" not in tls_dovecot.flags()[1]


async def test_starttls_is_required_once_asked_for(
    crm: Any, dovecot: Dovecot, system: MailSystem, caplog: pytest.LogCaptureFixture
) -> None:
    """A server (or a man in the middle) that offers no STARTTLS gets no
    password in clear: the poller stops before logging in and tries again."""
    caplog.set_level(logging.WARNING, logger="mail.imap")
    dovecot.append(letter("В открытую", "plain@client"))
    logins_before = len(dovecot.logins())
    poller = make_poller(crm, system, RecordingSpool(system), dovecot.account(starttls=True))
    poller.start()
    try:

        async def retried() -> bool:
            return sum("STARTTLS" in message for message in caplog.messages) >= 2

        await until(retried)
        assert not poller.connected.is_set()
    finally:
        await poller.stop()
    await asyncio.sleep(0.2)  # dovecot writes its log a moment after the session ends
    assert len(dovecot.logins()) == logins_before
    assert await titles(crm) == []
