"""What a customer reads: the published FAQ, documents shared with them,
their quotes, orders and invoices with line items and totals; and the
details of their own they may change."""

from __future__ import annotations

from crm_core.records.documents import Upload
from tests.agent_ui.conftest import Hub
from tests.portal.conftest import Customers
from tests.portal.customers import with_access
from tests.smtp_relay import Relayed


async def test_the_faq_shows_published_answers_only(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    rec = hub.runtime.records
    published = await rec.create(
        hub.admin,
        "Faq",
        {"question": "Как сменить тариф?", "faq_answer": "В разделе «Мои данные».",
         "faqstatus": "Published"},
    )  # fmt: skip
    draft = await rec.create(
        hub.admin,
        "Faq",
        {"question": "Как сменить тариф бесплатно?", "faq_answer": "Черновик",
         "faqstatus": "Draft"},
    )  # fmt: skip
    login = await with_access(hub, relay[0], customers.anna)
    browser = browsers()
    assert await browser.sign_in(login) == 200
    _, page = await browser.get("/portal/faq")
    assert "Как сменить тариф?" in page and "бесплатно" not in page
    _, page = await browser.get("/portal/faq?q=тарифы")
    assert "Как сменить тариф?" in page and "бесплатно" not in page
    status, page = await browser.get(f"/portal/faq/{published.id}")
    assert status == 200 and "В разделе «Мои данные»." in page
    assert (await browser.get(f"/portal/faq/{draft.id}"))[0] == 404


async def test_documents_and_an_invoice_with_its_lines(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    rec, admin = hub.runtime.records, hub.admin
    shared = await rec.create_document(
        admin,
        {"notes_title": "Договор"},
        Upload("договор.txt", "text/plain", b"contract"),
        attach_to=("Contacts", customers.anna.id),
    )
    product = await rec.create(
        admin, "Products", {"productname": "Гарнитура", "unit_price": "1500"}
    )
    invoice = await rec.create(
        admin,
        "Invoice",
        {"subject": "Счёт за гарнитуры", "account_id": customers.acme.id,
         "contact_id": customers.anna.id, "bill_street": "Ленина, 1", "ship_street": "Ленина, 1",
         "invoicestatus": "Sent"},
        line_items=[{"productid": product.id, "quantity": "3", "listprice": "1500"}],
    )  # fmt: skip
    quote = await rec.create(
        admin,
        "Quotes",
        {"subject": "Предложение на связь", "account_id": customers.acme.id,
         "contact_id": customers.anna.id, "bill_street": "a", "ship_street": "b"},
        line_items=[{"productid": product.id, "quantity": "1", "listprice": "1500"}],
    )  # fmt: skip
    login = await with_access(hub, relay[0], customers.anna)
    browser = browsers()
    assert await browser.sign_in(login) == 200
    _, page = await browser.get("/portal/documents")
    assert "Договор" in page and f"/portal/documents/{shared.id}/file" in page
    _, page = await browser.get("/portal/invoices")
    assert "Счёт за гарнитуры" in page and "Отправлен" in page
    status, page = await browser.get(f"/portal/invoices/{invoice.id}")
    assert status == 200
    assert "Гарнитура" in page and "4\xa0500,00" in page  # 3 × 1 500, in Russian figures
    stored = await rec.get(admin, "Invoice", invoice.id)
    total = f"{stored.get('hdnGrandTotal'):,.2f}".replace(",", "\xa0").replace(".", ",")
    assert f'id="grand-total">{total}<' in page
    _, page = await browser.get(f"/portal/quotes/{quote.id}")
    assert "Предложение на связь" in page
    # Each kind of document under its own address only.
    assert (await browser.get(f"/portal/orders/{invoice.id}"))[0] == 404
    assert (await browser.get(f"/portal/quotes/{invoice.id}"))[0] == 404


async def test_a_customer_edits_the_fields_allowed_and_no_others(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    login = await with_access(hub, relay[0], customers.anna)
    browser = browsers()
    assert await browser.sign_in(login) == 200
    status, page = await browser.get("/portal/profile")
    assert status == 200 and 'name="mobile"' in page and 'name="email"' not in page
    status, page, _ = await browser.post(
        "/portal/profile",
        {
            "firstname": "Анна",
            "lastname": "Клиентова-Новая",
            "mobile": "+7 912 345-67-89",
            "mailingcity": "Казань",
            "donotcall": "on",
            "email": "stolen@evil.example",
            "account_id": str(customers.other.id),
            "assigned_user_id": str(hub.agent.user_id),
        },
        token_from="/portal/profile",
    )
    assert status == 200 and "Ваши данные сохранены." in page
    contact = await hub.runtime.records.get(hub.admin, "Contacts", customers.anna.id)
    assert contact.get("lastname") == "Клиентова-Новая"
    assert contact.get("mailingcity") == "Казань"
    assert contact.get("donotcall") is True
    assert contact.get("email") == "anna@acme.example"
    assert contact.get("account_id") == customers.acme.id
    assert contact.get("assigned_user_id") != hub.agent.user_id
    status, page, _ = await browser.post(
        "/portal/profile",
        {"firstname": "Анна", "lastname": "", "mobile": "", "mailingcity": ""},
        token_from="/portal/profile",
    )
    assert status == 422 and "Это значение не принято." in page
    unchanged = await hub.runtime.records.get(hub.admin, "Contacts", customers.anna.id)
    assert unchanged.get("lastname") == "Клиентова-Новая"
