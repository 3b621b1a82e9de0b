"""The portal in a real browser (Debian's Chromium, driven by Playwright):
a customer invited by staff sets a password, opens a ticket with a file,
replies, sees the agent's answer, and reads an invoice. Screenshots go to
artifacts/screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_core.records.model import Condition, Op
from tests.agent_ui.browser.conftest import (  # noqa: F401  (fixtures)
    chromium,
    screenshot,
    signed_in,
)
from tests.agent_ui.conftest import Hub
from tests.portal.conftest import Customers
from tests.portal.customers import CUSTOMER_PASSWORD, link_in, next_mail, with_access
from tests.smtp_relay import Relayed

pytestmark = pytest.mark.browser


async def test_a_customer_walks_through_the_portal(
    chromium,  # noqa: F811
    hub: Hub,
    customers: Customers,
    relay: tuple[Relayed, int],
    tmp_path: Path,
) -> None:
    relayed, _ = relay
    rec, admin = hub.runtime.records, hub.admin
    product = await rec.create(
        admin, "Products", {"productname": "IP-телефон", "unit_price": "4200"}
    )
    invoice = await rec.create(
        admin,
        "Invoice",
        {"subject": "Оборудование для офиса", "account_id": customers.acme.id,
         "contact_id": customers.anna.id, "bill_street": "Тверская, 7",
         "ship_street": "Тверская, 7", "invoicestatus": "Sent"},
        line_items=[{"productid": product.id, "quantity": "2", "listprice": "4200"}],
    )  # fmt: skip
    await hub.runtime.hub.services.ask(
        "portal.access", hub.agent, {"op": "grant", "contact_id": customers.anna.id}
    )
    link = link_in(await next_mail(relayed, 1))

    context = await chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 860})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(link)
    await page.get_by_label("Новый пароль").fill(CUSTOMER_PASSWORD)
    await page.get_by_label("Повторите пароль").fill(CUSTOMER_PASSWORD)
    await screenshot(page, "portal-set-password")
    await page.get_by_role("button", name="Сохранить пароль").click()
    await page.get_by_text("Пароль задан").wait_for()
    assert await page.get_by_label("Эл. почта").input_value() == "anna@acme.example"
    await page.get_by_label("Пароль", exact=True).fill(CUSTOMER_PASSWORD)
    await page.get_by_role("button", name="Вход").click()
    await page.get_by_role("heading", name="Мои обращения").wait_for()

    await page.get_by_role("link", name="Новое обращение").click()
    await page.get_by_label("Заголовок").fill("Не включается телефон")
    await page.get_by_label("Категория").select_option("Big Problem")
    await page.get_by_label("Приоритет").select_option("Urgent")
    await page.get_by_label("Что случилось?").fill("После обновления телефон не включается.")
    photo = tmp_path / "фото.txt"
    photo.write_text("мигает красный индикатор", encoding="utf-8")
    await page.get_by_label("Приложить файл").set_input_files(str(photo))
    await screenshot(page, "portal-new-ticket")
    await page.get_by_role("button", name="Отправить обращение").click()
    await page.get_by_role("heading", name="Не включается телефон").wait_for()
    assert await page.locator("#ticket-status").inner_text() == "Открыто"
    assert await page.get_by_role("link", name="фото.txt").count() == 1
    ticket_id = int(page.url.rsplit("/", 1)[1])

    await page.get_by_label("Ваш ответ").fill("Модель — Yealink T46.")
    await page.get_by_role("button", name="Отправить ответ").click()
    await page.locator(".message.mine", has_text="Yealink T46").wait_for()

    await hub.runtime.hub.services.ask(
        "mail.reply",
        hub.agent,
        {"ticket_id": ticket_id, "body": "Зажмите кнопку питания на 10 секунд."},
    )
    await page.reload()
    answer = page.locator(".message.support", has_text="Зажмите кнопку питания")
    await answer.wait_for()
    assert "Поддержка" in await answer.inner_text()
    await screenshot(page, "portal-ticket-thread")

    await page.get_by_role("link", name="Счета").click()
    await page.get_by_role("link", name="Оборудование для офиса").click()
    await page.get_by_role("heading", name="Оборудование для офиса").wait_for()
    assert "IP-телефон" in await page.locator("#lines tbody").inner_text()
    assert await page.locator("#tax").count() == 1  # the organisation's default taxes
    stored = await rec.get(admin, "Invoice", invoice.id)
    total = f"{stored.get('hdnGrandTotal'):,.2f}".replace(",", "\xa0").replace(".", ",")
    assert await page.locator("#grand-total").inner_text() == total
    await screenshot(page, "portal-invoice")

    await page.get_by_role("link", name="Мои обращения").click()
    await screenshot(page, "portal-tickets")
    assert errors == []
    await context.close()

    comments = await rec.list_records(
        admin, "Comments", conditions=[Condition("related_to", Op.EQ, ticket_id)]
    )
    assert [c.get("customer") for c in comments.records] == [customers.anna.id]


async def test_the_portal_speaks_english_to_an_english_browser(
    chromium,  # noqa: F811
    hub: Hub,
) -> None:
    context = await chromium.new_context(locale="en-GB", viewport={"width": 1024, "height": 700})
    page = await context.new_page()
    await page.goto(f"{hub.runtime.base_url}/portal/tickets")
    await page.get_by_role("heading", name="Sign in").wait_for()
    assert await page.evaluate("document.documentElement.lang") == "en"
    assert await page.evaluate("document.activeElement.id") == "login"  # focus where one types
    assert await page.get_by_role("link", name="Skip to content").count() == 1
    await screenshot(page, "portal-signin-en")
    await page.get_by_role("link", name="Русский").click()
    await page.get_by_role("heading", name="Вход").wait_for()
    await context.close()


async def test_an_agent_sees_the_customers_reply_live(
    signed_in,  # noqa: F811
    hub: Hub,
    customers: Customers,
    relay: tuple[Relayed, int],
    browsers,
) -> None:
    ticket = await hub.runtime.records.create(
        hub.admin,
        "HelpDesk",
        {"ticket_title": "Нет гудка", "contact_id": customers.anna.id,
         "assigned_user_id": hub.agent.user_id},
    )  # fmt: skip
    login = await with_access(hub, relay[0], customers.anna)
    agent = await signed_in("agent1")
    customer = browsers()
    assert await customer.sign_in(login) == 200
    status, _, _ = await customer.post(
        f"/portal/tickets/{ticket.id}/reply",
        {"commentcontent": "Гудка всё ещё нет"},
        token_from=f"/portal/tickets/{ticket.id}",
    )
    assert status == 200
    notice = agent.locator("#notifications .notice", has_text="Нет гудка")
    await notice.wait_for(timeout=15_000)
    await screenshot(agent, "portal-reply-noticed-by-agent")
    await notice.click()
    await agent.locator(".entry.comments", has_text="Гудка всё ещё нет").wait_for()
    await screenshot(agent, "portal-reply-in-console")
    assert agent.script_errors == []
