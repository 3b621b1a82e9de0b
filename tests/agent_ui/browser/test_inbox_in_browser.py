"""The ticket inbox is live: a customer's email becomes a ticket, and it
appears on the agent's open inbox without a reload."""

from __future__ import annotations

import asyncio
import smtplib
import socket
from email.message import EmailMessage

import pytest

from crm_core.settings import Settings
from tests.agent_ui.browser.conftest import screenshot
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser

SUPPORT = "support@switchboard.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def hub_settings(settings: Settings) -> Settings:
    mail = settings.mail.model_copy(
        update={
            "domain": "switchboard.example",
            "smtp_port": free_port(),
            "mailboxes": {SUPPORT: "ticket"},
        }
    )
    return settings.model_copy(update={"mail": mail})


def send(port: int, subject: str) -> None:
    message = EmailMessage()
    message["From"] = "Мария Клиентова <maria@customer.example>"
    message["To"] = SUPPORT
    message["Subject"] = subject
    message.set_content("Здравствуйте! Заказ не пришёл.")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message)


async def test_an_emailed_ticket_appears_on_the_open_inbox_live(
    signed_in, hub: Hub, hub_settings: Settings
) -> None:
    await hub.runtime.records.create(hub.agent, "HelpDesk", {"ticket_title": "Старая заявка"})
    page = await signed_in("agent1")
    await page.click("nav.menu >> text=Открытые заявки")
    await page.wait_for_selector("#list-rows")
    rows = page.locator("#list-rows tbody tr[data-record-id]")
    assert await rows.count() == 1
    page_loads: list[str] = []
    page.on("load", lambda: page_loads.append(page.url))

    await asyncio.to_thread(send, hub_settings.mail.smtp_port, "Заказ не пришёл")
    fresh = page.locator("#list-rows tr.fresh", has_text="Заказ не пришёл")
    await fresh.wait_for(timeout=15_000)
    assert await rows.count() == 2
    assert await rows.first.inner_text() == await fresh.inner_text()  # newest first
    assert page_loads == []  # no reload: the rows came over the live channel
    await screenshot(page, "ticket-inbox")


def send_html(port: int, subject: str) -> None:
    message = EmailMessage()
    message["From"] = "Мария Клиентова <maria@customer.example>"
    message["To"] = SUPPORT
    message["Subject"] = subject
    message.set_content("Посылка не пришла.")
    message.add_alternative(
        "<p>Посылка <b>не пришла</b>.</p>"
        '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">',
        subtype="html",
    )
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message)


async def test_an_agent_reads_the_thread_replies_and_comments_on_the_ticket(
    signed_in, hub: Hub, hub_settings: Settings
) -> None:
    await asyncio.to_thread(send_html, hub_settings.mail.smtp_port, "Где посылка?")
    records = hub.runtime.records
    for _ in range(100):
        found = await records.list_records(hub.admin, "HelpDesk")
        if found.records:
            break
        await asyncio.sleep(0.1)
    [ticket] = found.records
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/HelpDesk/{ticket.id}")
    inbound = page.locator(".entry.emails.inbound")
    assert "Посылка не пришла." in await inbound.locator(".body").inner_text()
    frame_html = await inbound.locator("iframe.email-html").get_attribute("srcdoc")
    assert frame_html is not None and "<b>не пришла</b>" in frame_html
    assert "<script" not in frame_html and "onerror" not in frame_html
    assert await inbound.locator("iframe.email-html").get_attribute("sandbox") == ""
    await inbound.locator("summary").click()
    assert await page.title() != "pwned"

    await page.fill("#reply-body", "")
    await page.click("#reply button[type=submit]")
    assert await page.locator("#reply-error").is_visible()  # an empty reply is refused

    await page.fill("#reply-body", "Посылка в пути, придёт завтра.")
    await page.click("#reply button[type=submit]")
    # The acknowledgement sent when the ticket opened is there too; ours is newest.
    outbound = page.locator(".entry.emails.outbound")
    await outbound.first.wait_for()
    assert "придёт завтра" in await outbound.first.locator(".body").inner_text()
    assert await outbound.count() == 2

    await page.fill("#comment-body", "Проверить склад в Подольске")
    await page.click("#comment button[type=submit]")
    note = page.locator(".entry.comments", has_text="Проверить склад")
    await note.wait_for()
    assert "внутренний" in await note.inner_text()
    await screenshot(page, "ticket-thread")
    assert page.script_errors == []
