"""Customers as the tests see them: a browser without scripts (plain GETs
and form posts, its own cookies), the mail the relay got, and access granted
the way staff grant it."""

from __future__ import annotations

import asyncio
import re
from email.message import Message
from typing import Any

import aiohttp

from crm_core.records.model import Record
from tests.agent_ui.conftest import Hub
from tests.smtp_relay import Relayed

LINK_RE = re.compile(r"(https?://\S+/portal/password/[A-Za-z0-9_-]+)")
CUSTOMER_PASSWORD = "my portal secret"
FORM_TOKEN_RE = re.compile(r'name="(?:form_token|csrf_token)" value="([^"]+)"')


async def next_mail(relayed: Relayed, count: int) -> Message:
    """The ``count``-th message the relay got (1-based), once it is there."""
    async with asyncio.timeout(15):
        while len(relayed.messages) < count:
            relayed.arrived.clear()
            await relayed.arrived.wait()
    return relayed.messages[count - 1][2]


def link_in(message: Message) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    found = LINK_RE.search(body.get_content())
    assert found is not None, body.get_content()
    return found.group(1)


def token_in(html: str) -> str:
    found = FORM_TOKEN_RE.search(html)
    assert found is not None, "the page has no form token"
    return found.group(1)


class Browser:
    """A customer's browser without scripts: plain GETs and form posts."""

    def __init__(self, base: str, language: str = "ru") -> None:
        self.base = base
        self.session = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            headers={"Accept-Language": language},
        )

    async def close(self) -> None:
        await self.session.close()

    async def get(self, path: str, **kwargs: Any) -> tuple[int, str]:
        async with self.session.get(self.base + path, **kwargs) as response:
            return response.status, await response.text()

    async def post(
        self, path: str, data: dict[str, Any] | aiohttp.FormData, *, token_from: str | None = None
    ) -> tuple[int, str, str]:
        """Post a form; ``token_from`` is a page whose form token goes along,
        as a browser's form would carry it."""
        if token_from is not None:
            _, html = await self.get(token_from)
            token = token_in(html)
            if isinstance(data, aiohttp.FormData):
                data.add_field("csrf_token", token)
                data.add_field("form_token", token)
            else:
                data = data | {"csrf_token": token, "form_token": token}
        async with self.session.post(self.base + path, data=data) as response:
            return response.status, await response.text(), str(response.url)

    async def sign_in(self, login: str, password: str = CUSTOMER_PASSWORD) -> int:
        status, _, _ = await self.post(
            "/portal/signin", {"login": login, "password": password}, token_from="/portal/signin"
        )
        return status


async def with_access(
    hub: Hub,
    relayed: Relayed,
    contact: Record,
    *,
    account_wide: bool = False,
) -> str:
    """Grant ``contact`` access as staff, set the password through the
    emailed link; returns the login."""
    before = len(relayed.messages)
    answer = await hub.runtime.hub.services.ask(
        "portal.access",
        hub.admin,
        {"op": "grant", "contact_id": contact.id, "account_wide": account_wide},
    )
    link = link_in(await next_mail(relayed, before + 1))
    secret = link.rsplit("/", 1)[1]
    sessions_user = await hub.runtime.portal_users.get(answer["portal_user"]["id"])
    browser = Browser(hub.runtime.base_url)
    try:
        path = f"/portal/password/{secret}"
        status, _, _ = await browser.post(
            path,
            {"password": CUSTOMER_PASSWORD, "password_again": CUSTOMER_PASSWORD},
            token_from=path,
        )
        assert status == 200
    finally:
        await browser.close()
    return sessions_user.login
