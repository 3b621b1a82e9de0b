"""A test that takes ``case`` runs once per corpus message (see mail_corpus);
the IMAP tests share a dovecot and the email channel's parts (see dovecot_server);
``mail`` is the channel's parts sending through a real relay (``relay``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from dovecot_server import SUPPORT, Dovecot, running
from mail_corpus import corpus_cases, expected_facts

from mail.outbox import Relay
from mail.system import MailSystem
from tests.smtp_relay import Relayed, start_relay


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", corpus_cases(), ids=lambda case: case.name)


@pytest.fixture
def own_addresses() -> list[str]:
    return list(expected_facts()["own_addresses"])


@pytest.fixture
def dovecot(tmp_path: Path) -> Iterator[Dovecot]:
    """A dovecot with one user (crm), announcing what dovecot does."""
    with running(tmp_path) as server:
        yield server


@pytest.fixture
async def system(crm: Any) -> AsyncIterator[MailSystem]:
    """The email channel's parts with the support mailbox, processing mail."""
    system = MailSystem.build(crm.runtime)
    await system.mailboxes.add(SUPPORT, "ticket")
    system.processor.start()
    try:
        yield system
    finally:
        await system.processor.stop()


@pytest.fixture
async def relay() -> AsyncIterator[tuple[Relayed, int]]:
    relayed = Relayed()
    server = await start_relay(relayed)
    try:
        yield relayed, server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
async def mail(crm: Any, relay: tuple[Relayed, int]) -> AsyncIterator[MailSystem]:
    """The channel's parts with the support mailbox, sending through ``relay``."""
    system = MailSystem.build(crm.runtime)
    system.outbox.relay = Relay("127.0.0.1", relay[1])
    await system.mailboxes.add(SUPPORT, "ticket")
    system.outbox.start()
    try:
        yield system
    finally:
        await system.outbox.stop()
