"""A hub with the portal, the console's API and email on, a capturing SMTP
relay for the invitations it sends, and customers of two organisations.

Customers are real HTTP clients (each with its own cookie jar) against the
hub's web server; staff use the API with their own session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from crm_core.records.model import Record
from crm_core.settings import Settings
from tests.agent_ui.conftest import PASSWORD, Hub, hub  # noqa: F401  (fixture)
from tests.portal.customers import Browser
from tests.smtp_relay import Relayed, start_relay


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
def hub_settings(settings: Settings, relay: tuple[Relayed, int]) -> Settings:
    mail = settings.mail.model_copy(
        update={"domain": "switchboard.example", "relay_host": "127.0.0.1", "relay_port": relay[1]}
    )
    portal = settings.portal.model_copy(
        update={"contact_fields": ["firstname", "lastname", "mobile", "mailingcity", "donotcall"]}
    )
    return settings.model_copy(update={"mail": mail, "portal": portal})


@dataclass
class Customers:
    anna: Record
    carl: Record
    boris: Record
    acme: Record
    other: Record


@pytest.fixture
async def customers(hub: Hub) -> Customers:  # noqa: F811
    rec, admin = hub.runtime.records, hub.admin
    acme = await rec.create(admin, "Accounts", {"accountname": "Акме"})
    other = await rec.create(admin, "Accounts", {"accountname": "Другая фирма"})

    async def contact(first: str, last: str, email: str, account: Record) -> Record:
        return await rec.create(
            admin,
            "Contacts",
            {"firstname": first, "lastname": last, "email": email, "account_id": account.id},
        )

    return Customers(
        anna=await contact("Анна", "Клиентова", "anna@acme.example", acme),
        carl=await contact("Карл", "Коллегин", "carl@acme.example", acme),
        boris=await contact("Борис", "Чужов", "boris@other.example", other),
        acme=acme,
        other=other,
    )


@pytest.fixture
async def browsers(hub: Hub) -> AsyncIterator[Any]:  # noqa: F811
    opened: list[Browser] = []

    def open_browser(language: str = "ru") -> Browser:
        browser = Browser(hub.runtime.base_url, language)
        opened.append(browser)
        return browser

    yield open_browser
    for browser in opened:
        await browser.close()


__all__ = ["PASSWORD", "Customers"]
