"""A customer's requests without scripts: opening one with a file, the
thread with the agents' answers, replying (the agent hears of it live),
closing and reopening, searching."""

from __future__ import annotations

import asyncio

import aiohttp

from crm_core.hub import LiveEvent
from crm_core.records.model import Condition, Op
from tests.agent_ui.conftest import Hub
from tests.portal.conftest import Customers
from tests.portal.customers import with_access
from tests.smtp_relay import Relayed


def ticket_form(title: str, *, file: tuple[str, bytes, str] | None = None) -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("ticket_title", title)
    form.add_field("description", "Телефон не звонит с утра.")
    form.add_field("ticketpriorities", "High")
    form.add_field("ticketcategories", "Small Problem")
    if file is not None:
        name, data, content_type = file
        form.add_field("attachment", data, filename=name, content_type=content_type)
    return form


async def open_ticket(browser, title: str, **kwargs) -> int:  # type: ignore[no-untyped-def]
    status, page, url = await browser.post(
        "/portal/tickets/new", ticket_form(title, **kwargs), token_from="/portal/tickets/new"
    )
    assert status == 200, page
    return int(url.rsplit("/", 1)[1])


async def test_a_customer_opens_a_ticket_with_a_file(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    browser = browsers()
    assert await browser.sign_in(login) == 200
    ticket_id = await open_ticket(
        browser, "Не работает телефон", file=("схема.pdf", b"%PDF-1.4 plan", "application/pdf")
    )
    ticket = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket_id)
    assert ticket.get("contact_id") == customers.anna.id
    assert ticket.get("parent_id") == customers.acme.id
    assert ticket.get("ticketpriorities") == "High"
    assert ticket.get("ticketcategories") == "Small Problem"
    assert ticket.get("ticketstatus") == "Open"
    assert ticket.get("from_portal") is True
    assert ticket.get("assigned_user_id") == customers.anna.get("assigned_user_id")
    assert ticket.get("source") == "portal"
    status, page = await browser.get(f"/portal/tickets/{ticket_id}")
    assert status == 200
    assert "Не работает телефон" in page and "Телефон не звонит с утра." in page
    assert "Высокий" in page and "Небольшая проблема" in page  # in the reader's language
    [document] = (
        await hub.runtime.records.related(hub.admin, "HelpDesk", ticket_id, "Documents")
    ).records
    assert document.get("filename") == "схема.pdf"
    async with browser.session.get(
        f"{browser.base}/portal/documents/{document.id}/file"
    ) as response:
        assert response.status == 200
        assert await response.read() == b"%PDF-1.4 plan"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]

    status, page, _ = await browser.post(
        "/portal/tickets/new", ticket_form(""), token_from="/portal/tickets/new"
    )
    assert status == 422 and "Озаглавьте обращение" in page
    empty = ticket_form("Пустой файл", file=("empty.txt", b"", "text/plain"))
    status, page, _ = await browser.post(
        "/portal/tickets/new", empty, token_from="/portal/tickets/new"
    )
    assert status == 422 and "Файл пустой или слишком большой" in page
    titles = [
        t.get("ticket_title")
        for t in (await hub.runtime.records.list_records(hub.admin, "HelpDesk")).records
    ]
    assert titles == ["Не работает телефон"]  # the refused forms stored nothing


async def test_the_thread_shows_agents_answers_and_the_reply_reaches_the_agent(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    relayed, _ = relay
    login = await with_access(hub, relayed, customers.anna)
    browser = browsers()
    assert await browser.sign_in(login) == 200
    ticket_id = await open_ticket(browser, "Счёт не пришёл")
    records = hub.runtime.records
    await records.update(
        hub.admin,
        "HelpDesk",
        ticket_id,
        {"assigned_user_id": hub.agent.user_id, "ticketstatus": "Wait For Response"},
    )
    await hub.runtime.hub.services.ask(
        "mail.reply", hub.agent, {"ticket_id": ticket_id, "body": "Отправили счёт повторно."}
    )
    await records.create(
        hub.agent,
        "Comments",
        {"commentcontent": "Проверить адрес в карточке", "related_to": ticket_id,
         "is_private": True},
    )  # fmt: skip
    status, page = await browser.get(f"/portal/tickets/{ticket_id}")
    assert "Отправили счёт повторно." in page
    assert "Проверить адрес" not in page  # internal comments stay internal
    assert "Ждём вашего ответа" in page

    notices: list[LiveEvent] = []
    noticed = asyncio.Event()

    def heard(ev: object) -> None:
        if isinstance(ev, LiveEvent):
            notices.append(ev)
            noticed.set()

    unsubscribe = hub.runtime.hub.subscribe(heard, types=["notice"])
    try:
        status, page, _ = await browser.post(
            f"/portal/tickets/{ticket_id}/reply",
            {"commentcontent": "Спасибо, пришёл!"},
            token_from=f"/portal/tickets/{ticket_id}",
        )
        assert status == 200 and "Спасибо, пришёл!" in page
        async with asyncio.timeout(10):
            await noticed.wait()
    finally:
        unsubscribe()
    [notice] = notices
    assert notice.audience == frozenset({hub.agent.user_id})
    assert notice.payload["kind"] == "customer_wrote"
    assert notice.payload["record_id"] == ticket_id
    [comment] = (
        await records.list_records(
            hub.agent,
            "Comments",
            conditions=[Condition("commentcontent", Op.EQ, "Спасибо, пришёл!")],
        )
    ).records
    assert comment.get("customer") == customers.anna.id
    assert comment.get("related_to") == ticket_id
    assert not comment.get("is_private")
    # A reply puts a waiting ticket back in the agents' hands.
    assert (await records.get(hub.admin, "HelpDesk", ticket_id)).get("ticketstatus") == "Open"

    status, page, _ = await browser.post(
        f"/portal/tickets/{ticket_id}/reply",
        {"commentcontent": "   "},
        token_from=f"/portal/tickets/{ticket_id}",
    )
    assert status == 422 and "Сначала напишите ответ" in page


async def test_close_reopen_and_search(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    browser = browsers("en")
    assert await browser.sign_in(login) == 200
    first = await open_ticket(browser, "Printer jams")
    second = await open_ticket(browser, "Invoice question")
    status, _, _ = await browser.post(
        f"/portal/tickets/{first}/status",
        {"action": "close"},
        token_from=f"/portal/tickets/{first}",
    )
    assert status == 200
    records = hub.runtime.records
    assert (await records.get(hub.admin, "HelpDesk", first)).get("ticketstatus") == "Closed"
    _, page = await browser.get("/portal/tickets?status=open")
    assert "Invoice question" in page and "Printer jams" not in page
    _, page = await browser.get("/portal/tickets?status=Closed")
    assert "Printer jams" in page and "Invoice question" not in page
    _, page = await browser.get("/portal/tickets?q=printer")
    assert "Printer jams" in page and "Invoice question" not in page
    number = (await records.get(hub.admin, "HelpDesk", second)).get("ticket_no")
    _, page = await browser.get(f"/portal/tickets?q={number}")
    assert "Invoice question" in page and "Printer jams" not in page
    _, page = await browser.get("/portal/tickets?q=nothing+like+this")
    assert "No requests match." in page
    status, page, _ = await browser.post(
        f"/portal/tickets/{first}/status", {"action": "reopen"},
        token_from=f"/portal/tickets/{first}",
    )  # fmt: skip
    assert status == 200 and "Close the request" in page
    assert (await records.get(hub.admin, "HelpDesk", first)).get("ticketstatus") == "Open"
    status, _, _ = await browser.post(
        f"/portal/tickets/{first}/status", {"action": "delete"},
        token_from=f"/portal/tickets/{first}",
    )  # fmt: skip
    assert status == 400


async def test_a_reply_carries_a_file_and_a_broken_form_is_refused(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    browser = browsers()
    assert await browser.sign_in(login) == 200
    ticket_id = await open_ticket(browser, "Шумит линия")
    form = aiohttp.FormData()
    form.add_field("commentcontent", "Запись шума во вложении")
    form.add_field("attachment", b"RIFF....WAVE", filename="noise.wav", content_type="audio/wav")
    status, page, _ = await browser.post(
        f"/portal/tickets/{ticket_id}/reply", form, token_from=f"/portal/tickets/{ticket_id}"
    )
    assert status == 200 and "noise.wav" in page
    [document] = (
        await hub.runtime.records.related(hub.admin, "HelpDesk", ticket_id, "Documents")
    ).records
    assert (document.get("filename"), document.get("filetype")) == ("noise.wav", "audio/wav")

    async with browser.session.post(
        f"{browser.base}/portal/tickets/{ticket_id}/reply",
        data=b"--x\r\nContent-Disposition: form-data; name=\r\n",
        headers={"Content-Type": "multipart/form-data"},
    ) as response:
        assert response.status == 400
    comments = await hub.runtime.records.list_records(
        hub.admin, "Comments", conditions=[Condition("related_to", Op.EQ, ticket_id)]
    )
    assert len(comments.records) == 1
