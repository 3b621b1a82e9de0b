"""Paths the portal does not have, and methods its pages do not take, answer
with the portal's own page in the visitor's language, signed in or not."""

from __future__ import annotations

import aiohttp
import pytest

from tests.agent_ui.conftest import Hub
from tests.portal.conftest import Customers
from tests.portal.customers import with_access
from tests.smtp_relay import Relayed

PORTAL_PAGE = 'href="/portal/static/portal.css"'


@pytest.mark.parametrize(
    ("language", "title"), [("ru", "Не найдено"), ("en", "Not found")], ids=["ru", "en"]
)
async def test_an_unknown_path_gets_the_portal_s_404_page(
    hub: Hub, browsers, language: str, title: str
) -> None:
    stranger = browsers(language)
    for path in ("/portal/no-such-page", "/portal/tickets/abc", "/portal/tickets/1/nothing"):
        status, page = await stranger.get(path, allow_redirects=False)
        assert status == 404, path
        assert PORTAL_PAGE in page and f"<h1>{title}</h1>" in page, path
        assert f'lang="{language}"' in page


async def test_a_signed_in_customer_gets_the_same_pages(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    relayed, _ = relay
    login = await with_access(hub, relayed, customers.anna)
    customer = browsers("ru")
    assert await customer.sign_in(login) == 200
    status, page = await customer.get("/portal/nothing/here")
    assert status == 404
    assert "Не найдено" in page and "Мои данные" in page  # the signed-in layout
    status, page, _ = await customer.post("/portal/tickets", {"q": "x"}, token_from="/portal/")
    assert status == 405
    assert PORTAL_PAGE in page and "Эту страницу нельзя открыть таким способом" in page


async def test_a_method_a_page_does_not_take_gets_the_portal_s_405_page(hub: Hub, browsers) -> None:
    stranger = browsers("en")
    async with stranger.session.delete(stranger.base + "/portal/signin") as response:
        assert response.status == 405
        assert set(response.headers["Allow"].split(",")) >= {"GET", "POST"}
        page = await response.text()
    assert PORTAL_PAGE in page and "This page cannot be used that way" in page
    async with stranger.session.put(
        stranger.base + "/portal/tickets", data=aiohttp.FormData({"x": "1"})
    ) as response:
        assert response.status == 405
        assert "This page cannot be used that way" in await response.text()
