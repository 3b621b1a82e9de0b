"""One customer cannot read, reply to, change or download anything of
another's by changing ids or paths; a coordinator sees their organisation's;
forms without the session's token are refused; what customers type is text."""

from __future__ import annotations

import aiohttp
import pytest
from yarl import URL

from crm_core.records.documents import Upload
from crm_core.records.model import Condition, Op
from tests.agent_ui.conftest import Hub
from tests.portal.conftest import Customers
from tests.portal.customers import token_in, with_access
from tests.smtp_relay import Relayed


@pytest.fixture
async def others(hub: Hub, customers: Customers) -> dict[str, int]:
    """Boris's things, made by staff: a ticket with a file, a shared
    document, an invoice, a quote and an order."""
    rec, admin = hub.runtime.records, hub.admin
    ticket = await rec.create(
        admin,
        "HelpDesk",
        {"ticket_title": "Тайна Бориса", "contact_id": customers.boris.id,
         "parent_id": customers.other.id},
    )  # fmt: skip
    on_ticket = await rec.create_document(
        admin, {"notes_title": "скан"}, Upload("scan.png", "image/png", b"\x89PNG secret"),
        attach_to=("HelpDesk", ticket.id),
    )  # fmt: skip
    shared = await rec.create_document(
        admin, {"notes_title": "договор Бориса"}, Upload("b.txt", "text/plain", b"boris"),
        attach_to=("Contacts", customers.boris.id),
    )  # fmt: skip
    product = await rec.create(admin, "Products", {"productname": "Кабель", "unit_price": "10"})
    ids = {"ticket": ticket.id, "on_ticket": on_ticket.id, "shared": shared.id}
    for kind, module in (("invoices", "Invoice"), ("quotes", "Quotes"), ("orders", "SalesOrder")):
        values = {
            "subject": f"{module} Бориса",
            "account_id": customers.other.id,
            "contact_id": customers.boris.id,
            "bill_street": "a",
            "ship_street": "b",
        }
        record = await rec.create(
            admin,
            module,
            values,
            line_items=[{"productid": product.id, "quantity": "1", "listprice": "10"}],
        )
        ids[kind] = record.id
    return ids


async def test_another_customers_things_are_not_found(
    hub: Hub, customers: Customers, others: dict[str, int], relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    anna = browsers()
    assert await anna.sign_in(login) == 200
    for path in (
        f"/portal/tickets/{others['ticket']}",
        f"/portal/documents/{others['on_ticket']}/file",
        f"/portal/documents/{others['shared']}/file",
        f"/portal/invoices/{others['invoices']}",
        f"/portal/quotes/{others['quotes']}",
        f"/portal/orders/{others['orders']}",
        f"/portal/faq/{others['ticket']}",
        "/portal/tickets/99999999999999999999999",
    ):
        status, page = await anna.get(path)
        assert status == 404, path
        assert "Тайна" not in page and "secret" not in page and "Бориса" not in page
    for raw in ("/portal/static/%2E%2E/site.py", "/portal/static/..%2Fconst.py"):
        async with anna.session.get(URL(anna.base + raw, encoded=True)) as response:
            assert response.status in (403, 404), raw
            assert "PORTAL_PREFIX" not in await response.text()
    _, page = await anna.get("/portal/tickets?q=Тайна")
    assert "Тайна Бориса" not in page and 'id="tickets"' not in page
    _, page = await anna.get("/portal/documents")
    assert "договор Бориса" not in page and "скан" not in page
    for kind in ("invoices", "quotes", "orders"):
        _, page = await anna.get(f"/portal/{kind}")
        assert "Бориса" not in page

    # Writing to it is "not found" too, and changes nothing.
    token_page = "/portal/tickets"
    status, _, _ = await anna.post(
        f"/portal/tickets/{others['ticket']}/reply",
        {"commentcontent": "подсмотрел"},
        token_from=token_page,
    )
    assert status == 404
    status, _, _ = await anna.post(
        f"/portal/tickets/{others['ticket']}/status", {"action": "close"}, token_from=token_page
    )
    assert status == 404
    rec = hub.runtime.records
    ticket = await rec.get(hub.admin, "HelpDesk", others["ticket"])
    assert ticket.get("ticketstatus") == "Open" and ticket.version == 1
    comments = await rec.list_records(
        hub.admin, "Comments", conditions=[Condition("related_to", Op.EQ, others["ticket"])]
    )
    assert comments.records == []


async def test_a_coordinator_sees_the_organisations_tickets_only(
    hub: Hub, customers: Customers, others: dict[str, int], relay: tuple[Relayed, int], browsers
) -> None:
    colleague = await hub.runtime.records.create(
        hub.admin,
        "HelpDesk",
        {"ticket_title": "Заявка Анны", "contact_id": customers.anna.id,
         "parent_id": customers.acme.id},
    )  # fmt: skip
    login = await with_access(hub, relay[0], customers.carl, account_wide=True)
    carl = browsers()
    assert await carl.sign_in(login) == 200
    _, page = await carl.get("/portal/tickets")
    assert "Заявка Анны" in page and "Тайна Бориса" not in page
    assert (await carl.get(f"/portal/tickets/{colleague.id}"))[0] == 200
    assert (await carl.get(f"/portal/tickets/{others['ticket']}"))[0] == 404


async def test_forms_without_the_sessions_token_are_refused(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    anna = browsers()
    assert await anna.sign_in(login) == 200
    ticket = await hub.runtime.records.create(
        hub.admin,
        "HelpDesk",
        {"ticket_title": "Моя заявка", "contact_id": customers.anna.id},
    )
    url = f"{anna.base}/portal/tickets/{ticket.id}/reply"
    for data in ({"commentcontent": "без токена"},
                 {"commentcontent": "чужой токен", "csrf_token": "forged"}):  # fmt: skip
        async with anna.session.post(url, data=data) as response:
            assert response.status == 403
            assert "Форма устарела" in await response.text()
    form = aiohttp.FormData()
    form.add_field("ticket_title", "Подделка")
    form.add_field("ticketpriorities", "Low")
    async with anna.session.post(f"{anna.base}/portal/tickets/new", data=form) as response:
        assert response.status == 403
    async with anna.session.post(
        f"{anna.base}/portal/profile", data={"lastname": "Взломанная"}
    ) as response:
        assert response.status == 403
    # The sign-in form has its own token, doubled in a cookie.
    stranger = browsers()
    async with stranger.session.post(
        f"{stranger.base}/portal/signin", data={"login": login, "password": "my portal secret"}
    ) as response:
        assert response.status == 403
    rec = hub.runtime.records
    assert (await rec.list_records(hub.admin, "Comments")).records == []
    assert [t.id for t in (await rec.list_records(hub.admin, "HelpDesk")).records] == [ticket.id]
    contact = await rec.get(hub.admin, "Contacts", customers.anna.id)
    assert contact.get("lastname") == "Клиентова"


async def test_what_customers_type_is_shown_as_text(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    anna = browsers()
    assert await anna.sign_in(login) == 200
    form = aiohttp.FormData()
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    _, html = await anna.get("/portal/tickets/new")
    form.add_field("csrf_token", token_in(html))
    form.add_field("ticket_title", evil)
    form.add_field("ticketpriorities", "Low")
    form.add_field("description", evil)
    async with anna.session.post(f"{anna.base}/portal/tickets/new", data=form) as response:
        page = await response.text()
        assert response.status == 200
        assert "<script>alert(1)" not in page and 'onerror="alert' not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert "script-src" not in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
