"""An administrator at the portal pages in Chromium: a web form made in the
console takes a visitor's submission on its public page and the lead is
there; a contact picked by name gets portal access and the invitation
reaches the SMTP relay. Screenshots of each page."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from crm_core.settings import Settings
from tests.agent_ui.browser.conftest import screenshot
from tests.agent_ui.conftest import Hub
from tests.portal.customers import link_in, next_mail
from tests.smtp_relay import Relayed, start_relay

pytestmark = pytest.mark.browser


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
    channels = settings.channels.model_copy(
        update={"pbx": False, "workflows": False, "portal": True, "mail": True}
    )
    mail = settings.mail.model_copy(update={"relay_host": "127.0.0.1", "relay_port": relay[1]})
    return settings.model_copy(update={"channels": channels, "mail": mail})


async def test_a_web_form_made_in_the_console_takes_a_visitors_lead(
    signed_in, chromium, hub: Hub
) -> None:
    page = await signed_in("admin")
    await page.click("nav.menu >> text=Настройки")
    await page.click(".admin-sections >> text=Веб-формы")
    await page.click("text=Новая веб-форма")
    await page.select_option("#a-choose-module", "Leads")
    await page.click("text=Показать поля")
    await page.fill("#a-name", "Обратный звонок")
    await page.check("#use-lastname")
    await page.fill("input[name='label.lastname']", "Как к вам обращаться")
    await page.check("#use-phone")
    await page.check("input[name='required.phone']")
    await page.check("#use-leadsource")
    await page.check("input[name='hidden.leadsource']")
    await page.click("#webform button.primary")
    # A hidden field without its value is refused beside its row, nothing lost.
    await page.wait_for_selector("#row-leadsource-error")
    assert "значение по умолчанию" in await page.inner_text("#row-leadsource-error")
    assert await page.input_value("#a-name") == "Обратный звонок"
    assert await page.input_value("input[name='label.lastname']") == "Как к вам обращаться"
    await screenshot(page, "admin-webform-refused")
    await page.select_option("select[name='default.leadsource']", "Web Site")
    await page.fill("#a-thank_you", "Спасибо! Мы перезвоним.")
    await page.click("#webform button.primary")
    await page.wait_for_selector("p.notice")
    url = await page.input_value("#form-url")
    assert url.startswith(hub.runtime.base_url + "/portal/forms/")
    assert 'action="' + url in await page.input_value("#form-html")
    await page.click("button.copy[data-copy=form-url]")
    await page.wait_for_selector("button.copy[data-copy=form-url]:has-text('Скопировано')")
    await screenshot(page, "admin-webform")
    await page.goto(f"{hub.url}/admin/webforms")
    assert "Обратный звонок" in await page.locator("table.webforms").inner_text()
    await screenshot(page, "admin-webforms")
    assert page.script_errors == []

    context = await chromium.new_context(locale="ru-RU")
    visitor = await context.new_page()
    await visitor.goto(url)
    assert "Как к вам обращаться" in await visitor.inner_text("label[for=sb-lastname]")
    await visitor.fill("#sb-lastname", "Петрова")
    await visitor.fill("#sb-phone", "8 (495) 123-45-67")
    await visitor.click("button[type=submit]")
    await visitor.wait_for_selector(".sb-thanks")
    assert "Мы перезвоним" in await visitor.inner_text(".sb-thanks")
    await context.close()

    [lead] = (await hub.runtime.records.list_records(hub.admin, "Leads")).records
    assert (lead.get("lastname"), lead.get("phone")) == ("Петрова", "+74951234567")
    assert lead.get("leadsource") == "Web Site"


async def test_a_contact_picked_by_name_gets_portal_access_and_the_invitation(
    signed_in, hub: Hub, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    anna = await hub.runtime.records.create(
        hub.admin,
        "Contacts",
        {"firstname": "Анна", "lastname": "Клиентова", "email": "anna@client.example"},
    )
    page = await signed_in("admin")
    await page.goto(f"{hub.url}/admin/portal")
    await page.fill("#a-contact_id-search", "Клиентова")
    await page.click(f".picker-results button[data-id='{anna.id}']")
    assert await page.input_value("#a-contact_id") == str(anna.id)
    await page.select_option("#a-language", "ru")
    await page.click("#grant-access button.primary")
    await page.wait_for_selector("p.notice")
    message = await next_mail(relayed, 1)
    assert relayed.messages[0][1] == ["anna@client.example"]
    assert "/portal/password/" in link_in(message)
    row = page.locator(f"tr[data-contact-id='{anna.id}']")
    assert "Приглашён" in await row.inner_text()
    await screenshot(page, "admin-portal")

    # The contact's page leads to the same row.
    await page.goto(f"{hub.url}/m/Contacts/{anna.id}")
    await page.click(".page-head .actions >> text=Доступ в кабинет")
    await page.wait_for_selector(f"tr.highlight[data-contact-id='{anna.id}']")
    page.once("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
    await row.locator("button:has-text('Выключить')").click()
    await page.wait_for_selector(f"tr[data-contact-id='{anna.id}'][data-state=disabled]")
    assert page.script_errors == []
