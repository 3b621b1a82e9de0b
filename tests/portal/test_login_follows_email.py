"""A customer signs in to the portal with their email: when it changes, on
the portal or in the console, the login follows; an address that is already
another customer's login is refused with a clear error and nothing changes."""

from __future__ import annotations

import pytest

from agent_ui.console.i18n import Languages
from agent_ui.console.reasons import translate_reason
from crm_core.errors import ValidationFailed
from crm_core.portal_logins import LOGIN_TAKEN
from crm_core.settings import Settings
from tests.agent_ui.conftest import Hub
from tests.portal.conftest import Customers
from tests.portal.customers import with_access
from tests.smtp_relay import Relayed


@pytest.fixture
def hub_settings(settings: Settings, relay: tuple[Relayed, int]) -> Settings:
    mail = settings.mail.model_copy(
        update={"domain": "switchboard.example", "relay_host": "127.0.0.1", "relay_port": relay[1]}
    )
    portal = settings.portal.model_copy(
        update={"contact_fields": ["firstname", "lastname", "email"]}
    )
    return settings.model_copy(update={"mail": mail, "portal": portal})


def profile_form(email: str) -> dict[str, str]:
    return {"firstname": "Анна", "lastname": "Клиентова", "email": email}


async def test_a_customer_s_new_email_becomes_their_login(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    relayed, _ = relay
    login = await with_access(hub, relayed, customers.anna)
    assert login == "anna@acme.example"
    customer = browsers()
    assert await customer.sign_in(login) == 200
    status, page, url = await customer.post(
        "/portal/profile", profile_form("Anna.New@Acme.example"), token_from="/portal/profile"
    )
    assert status == 200 and url.endswith("/portal/profile?saved=1"), page
    assert "Вы входите как anna.new@acme.example." in page
    contact = await hub.runtime.records.get(hub.admin, "Contacts", customers.anna.id)
    assert contact.get("email") == "Anna.New@Acme.example"
    assert (await hub.runtime.portal_users.by_login("anna.new@acme.example")) is not None
    assert (await hub.runtime.portal_users.by_login("anna@acme.example")) is None
    assert await browsers().sign_in("anna@acme.example") == 401  # the old address no more
    fresh = browsers()
    assert await fresh.sign_in("anna.new@acme.example") == 200
    status, page = await fresh.get("/portal/profile")
    assert status == 200 and "Вы входите как anna.new@acme.example." in page


async def test_another_customer_s_login_is_refused_and_nothing_changes(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    relayed, _ = relay
    anna = await with_access(hub, relayed, customers.anna)
    carl = await with_access(hub, relayed, customers.carl)
    customer = browsers()
    assert await customer.sign_in(anna) == 200
    form = profile_form(carl.upper()) | {"firstname": "Аннушка"}
    status, page, _ = await customer.post("/portal/profile", form, token_from="/portal/profile")
    assert status == 422
    assert "Этот адрес уже служит для входа другому клиенту. Ничего не изменено." in page
    contact = await hub.runtime.records.get(hub.admin, "Contacts", customers.anna.id)
    assert contact.get("email") == "anna@acme.example"
    assert contact.get("firstname") == "Анна"  # the whole save was refused
    assert contact.version == customers.anna.version
    assert (await hub.runtime.portal_users.by_login(anna)) is not None
    found = await hub.runtime.portal_users.by_login(carl)
    assert found is not None and found.contact_id == customers.carl.id


async def test_staff_changing_the_email_move_the_login_too(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    relayed, _ = relay
    anna = await with_access(hub, relayed, customers.anna)
    carl = await with_access(hub, relayed, customers.carl)
    records = hub.runtime.records
    with pytest.raises(ValidationFailed) as refused:
        await records.update(hub.admin, "Contacts", customers.anna.id, {"email": carl})
    assert [(e.field, e.reason) for e in refused.value.errors] == [("email", LOGIN_TAKEN)]
    console = Languages("ru", "Europe/Moscow").translator("ru")  # as the edit form says it
    assert (
        translate_reason(console, LOGIN_TAKEN) == "уже служит другому клиенту для входа на портал"
    )
    assert (await records.get(hub.admin, "Contacts", customers.anna.id)).get("email") == anna

    await records.update(hub.admin, "Contacts", customers.anna.id, {"email": "anna@new.example"})
    moved = await hub.runtime.portal_users.by_login("anna@new.example")
    assert moved is not None and moved.contact_id == customers.anna.id
    customer = browsers()
    assert await customer.sign_in("anna@new.example") == 200

    # Emptying the email keeps the login (a login cannot be empty).
    await records.update(hub.admin, "Contacts", customers.anna.id, {"email": None})
    assert await hub.runtime.portal_users.by_login("anna@new.example") is not None


async def test_a_login_chosen_apart_from_the_email_stays(hub: Hub, customers: Customers) -> None:
    directory = hub.runtime.portal_users
    granted = await directory.grant(hub.admin, customers.boris.id, login="boris@portal.example")
    await hub.runtime.records.update(
        hub.admin, "Contacts", customers.boris.id, {"email": "boris@elsewhere.example"}
    )
    assert (await directory.get(granted.id)).login == "boris@portal.example"
