"""Getting into the portal: the emailed one-time link, signing in and out,
throttling, password reset, and sessions kept apart from staff's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from crm_core.storage.schema import portal_token
from tests.agent_ui.conftest import PASSWORD, Hub
from tests.portal.conftest import Customers
from tests.portal.customers import (
    CUSTOMER_PASSWORD,
    link_in,
    next_mail,
    with_access,
)
from tests.smtp_relay import Relayed


async def test_an_invitation_link_sets_the_password_once(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    relayed, _ = relay
    answer = await hub.runtime.hub.services.ask(
        "portal.access", hub.admin, {"op": "grant", "contact_id": customers.anna.id}
    )
    assert answer["portal_user"]["login"] == "anna@acme.example"
    assert answer["portal_user"]["has_password"] is False
    message = await next_mail(relayed, 1)
    assert relayed.messages[0][1] == ["anna@acme.example"]
    assert message["Subject"] == "Доступ к личному кабинету клиента"
    link = link_in(message)
    assert link.startswith(hub.runtime.base_url + "/portal/password/")
    # The CRM keeps that the invitation went out, not the link in it.
    stored = await hub.runtime.records.get(hub.admin, "Emails", answer["email_id"])
    assert stored.get("parent_id") == customers.anna.id
    assert not stored.get("description")

    browser = browsers()
    path = link.removeprefix(hub.runtime.base_url)
    status, page = await browser.get(path)
    assert status == 200 and "anna@acme.example" in page
    assert await browser.sign_in("anna@acme.example") == 401  # no password yet

    status, page, _ = await browser.post(
        path, {"password": "short", "password_again": "short"}, token_from=path
    )
    assert status == 422 and "не короче 8 символов" in page
    status, page, _ = await browser.post(
        path, {"password": CUSTOMER_PASSWORD, "password_again": "other words"}, token_from=path
    )
    assert status == 422 and "Пароли не совпадают" in page
    status, page, _ = await browser.post(
        path,
        {"password": CUSTOMER_PASSWORD, "password_again": CUSTOMER_PASSWORD},
        token_from=path,
    )
    assert status == 200 and "Пароль задан" in page

    again = browsers()
    status, page = await again.get(path)
    assert status == 410 and "Ссылка больше не действует" in page
    status, _, _ = await again.post(
        path,
        {"password": "another password", "password_again": "another password"},
        token_from="/portal/reset",  # the used link's page has no form any more
    )
    assert status == 410
    assert await again.sign_in("anna@acme.example", "another password") == 401

    assert await browser.sign_in("ANNA@acme.example ") == 200
    status, page = await browser.get("/portal/tickets")
    assert status == 200 and "Мои обращения" in page


async def test_an_expired_or_replaced_link_does_not_work(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    relayed, _ = relay
    answer = await hub.runtime.hub.services.ask(
        "portal.access", hub.admin, {"op": "grant", "contact_id": customers.anna.id}
    )
    first = link_in(await next_mail(relayed, 1)).removeprefix(hub.runtime.base_url)
    await hub.runtime.hub.services.ask(
        "portal.access",
        hub.admin,
        {"op": "resend", "portal_user_id": answer["portal_user"]["id"], "language": "en"},
    )
    resent = await next_mail(relayed, 2)
    assert resent["Subject"] == "Your access to the customer portal"
    second = link_in(resent).removeprefix(hub.runtime.base_url)
    browser = browsers()
    assert (await browser.get(first))[0] == 410  # the new link voids the old one
    assert (await browser.get(second))[0] == 200
    async with hub.runtime.db.write() as conn:
        await conn.execute(
            update(portal_token).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(1))
        )
    assert (await browser.get(second))[0] == 410
    assert (await browser.get("/portal/password/not-a-real-token"))[0] == 410


async def test_sign_in_is_throttled(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    browser = browsers()
    for _ in range(hub.runtime.settings.portal.failed_signins_per_login):
        assert await browser.sign_in(login, "wrong password") == 401
    assert await browser.sign_in(login) == 429  # even the right password waits now
    _, page = await browser.get("/portal/signin")
    assert "Мои обращения" not in page


async def test_revoked_access_ends_the_session(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    browser = browsers()
    assert await browser.sign_in(login) == 200
    [listed] = (await hub.runtime.hub.services.ask("portal.access", hub.admin, {"op": "list"}))[
        "portal_users"
    ]
    assert listed["contact_name"] == "Анна Клиентова" and listed["has_password"] is True
    await hub.runtime.hub.services.ask(
        "portal.access", hub.admin, {"op": "revoke", "portal_user_id": listed["id"]}
    )
    status, page = await browser.get("/portal/tickets")
    assert "Мои обращения" not in page and "/portal/signin" in str(status) + page
    assert await browser.sign_in(login) == 401


async def test_password_reset_by_email(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    relayed, _ = relay
    login = await with_access(hub, relayed, customers.anna)
    browser = browsers("en")
    status, page, _ = await browser.post(
        "/portal/reset", {"login": "nobody@acme.example"}, token_from="/portal/reset"
    )
    assert status == 200 and "If this address has access" in page
    status, page, _ = await browser.post(
        "/portal/reset", {"login": login}, token_from="/portal/reset"
    )
    assert status == 200 and "If this address has access" in page  # the same answer
    message = await next_mail(relayed, 2)
    assert len(relayed.messages) == 2  # the stranger's address got nothing
    assert message["Subject"] == "Resetting your customer portal password"
    path = link_in(message).removeprefix(hub.runtime.base_url)
    status, page, _ = await browser.post(
        path, {"password": "a new password", "password_again": "a new password"},
        token_from=path,
    )  # fmt: skip
    assert status == 200
    assert await browser.sign_in(login) == 401
    assert await browser.sign_in(login, "a new password") == 200


async def test_portal_and_staff_sessions_do_not_open_each_other(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    customer = browsers()
    assert await customer.sign_in(login) == 200
    portal_cookie = next(c for c in customer.session.cookie_jar if c.key == "sb_portal")
    assert portal_cookie["path"] == "/portal" and portal_cookie["httponly"]
    async with customer.session.get(
        f"{hub.runtime.base_url}/api/v1/records/Contacts",
        cookies={"sb_session": portal_cookie.value},
    ) as response:
        assert response.status == 401
    staff = browsers()
    async with staff.session.post(
        f"{hub.runtime.base_url}/api/v1/session",
        json={"user_name": "agent1", "password": PASSWORD},
    ) as response:
        assert response.status in (200, 201)
    staff_cookie = next(c for c in staff.session.cookie_jar if c.key == "sb_session")
    async with staff.session.get(
        f"{hub.runtime.base_url}/portal/tickets",
        cookies={"sb_portal": staff_cookie.value},
        allow_redirects=False,
    ) as response:
        assert response.status == 303
        assert response.headers["Location"] == "/portal/signin"


async def test_signing_out_ends_the_session(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    browser = browsers()
    assert await browser.sign_in(login) == 200
    token = next(c for c in browser.session.cookie_jar if c.key == "sb_portal").value
    await browser.post("/portal/signout", {}, token_from="/portal/tickets")
    other = browsers()
    async with other.session.get(
        f"{hub.runtime.base_url}/portal/tickets",
        cookies={"sb_portal": token},
        allow_redirects=False,
    ) as response:
        assert response.status == 303  # the old cookie opens nothing
