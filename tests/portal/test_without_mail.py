"""With email switched off, granting portal access fails clearly and grants
nothing: a customer with access they never hear of would be a silent failure.
A password reset says it cannot send mail now; an invitation the mail
channel refuses withdraws the grant."""

from __future__ import annotations

from typing import Any

import pytest

from crm_core.access import Actor
from crm_core.errors import ServiceUnavailable, UpstreamRefused
from crm_core.settings import Settings
from tests.agent_ui.conftest import Hub
from tests.portal.conftest import Customers


@pytest.fixture
def hub_settings(settings: Settings) -> Settings:
    channels = settings.channels.model_copy(update={"mail": False, "pbx": False})
    return settings.model_copy(update={"channels": channels})


async def test_granting_without_email_grants_nothing(hub: Hub, customers: Customers) -> None:
    with pytest.raises(ServiceUnavailable) as raised:
        await hub.runtime.hub.services.ask(
            "portal.access", hub.admin, {"op": "grant", "contact_id": customers.anna.id}
        )
    assert raised.value.params["service"] == "mail.send"
    listed = await hub.runtime.hub.services.ask("portal.access", hub.admin, {"op": "list"})
    assert listed["portal_users"] == []
    assert await hub.runtime.portal_users.by_login("anna@acme.example") is None


async def test_a_reset_request_says_mail_is_off(hub: Hub, browsers) -> None:
    browser = browsers("en")
    status, page, _ = await browser.post(
        "/portal/reset", {"login": "anna@acme.example"}, token_from="/portal/reset"
    )
    assert status == 503 and "We cannot send email right now" in page


async def test_an_invitation_that_cannot_be_sent_withdraws_the_grant(
    hub: Hub, customers: Customers
) -> None:
    async def refusing(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        raise UpstreamRefused(detail="relay said no")

    withdraw = hub.runtime.hub.services.provide("mail.send", refusing)
    try:
        with pytest.raises(UpstreamRefused):
            await hub.runtime.hub.services.ask(
                "portal.access", hub.admin, {"op": "grant", "contact_id": customers.anna.id}
            )
    finally:
        withdraw()
    user = await hub.runtime.portal_users.by_login("anna@acme.example")
    assert user is not None and user.active is False
    assert await hub.runtime.portal_users.authenticate("anna@acme.example", "anything") is None
