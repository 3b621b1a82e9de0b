"""Submissions over real HTTP into real records: leads created through the
record service, duplicates found by email and phone, tickets filed under
their contact, JSON for developers and pages for browsers."""

from __future__ import annotations

from typing import Any

from crm_core.records.model import Condition, Op
from tests.portal.webforms.conftest import FormsHub

VISITOR = {
    "lastname": "Петрова",
    "firstname": "Мария",
    "company": "ООО Ромашка",
    "email": "maria@romashka.example",
    "phone": "8 (495) 123-45-67",
    "description": "Нужна телефония на 20 операторов.",
}


async def leads(hub: FormsHub) -> list[Any]:
    page = await hub.runtime.records.list_records(hub.admin, "Leads")
    return page.records


async def test_a_browser_submission_creates_a_lead_owned_by_the_form_owner(
    forms_hub: FormsHub,
) -> None:
    form = await forms_hub.make_form()
    status, body, response = await forms_hub.post(form, data=VISITOR)
    assert (status, response.content_type) == (200, "text/html"), body
    assert "Спасибо" in body or "Thank you" in body
    [lead] = await leads(forms_hub)
    assert lead.get("lastname") == "Петрова"
    assert lead.get("phone") == "+74951234567"
    assert lead.get("leadsource") == "Web Site"
    assert lead.get("source") == "webform"
    assert lead.get("assigned_user_id") == forms_hub.admin.user_id
    [logged] = (await forms_hub.ask("submissions", form_id=form["id"]))["submissions"]
    assert (logged["outcome"], logged["record_id"]) == ("created", lead.id)


async def test_the_hub_publishes_the_new_lead_to_subscribers(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    seen: list[Any] = []

    async def subscriber(event: Any) -> None:
        seen.append(event)

    unsubscribe = forms_hub.runtime.hub.subscribe(subscriber)
    try:
        status, _, _ = await forms_hub.post(form, data=VISITOR)
    finally:
        unsubscribe()
    assert status == 200
    created = [e for e in seen if e.module == "Leads" and e.op == "create"]
    assert len(created) == 1


async def test_a_json_client_gets_json_and_no_record_ids(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form(thank_you="Спасибо, мы перезвоним.")
    status, body, _ = await forms_hub.post(form, json=VISITOR)
    assert (status, body) == (200, {"status": "accepted", "message": "Спасибо, мы перезвоним."})
    assert len(await leads(forms_hub)) == 1


async def test_multipart_is_accepted_like_urlencoded(forms_hub: FormsHub) -> None:
    import aiohttp

    form = await forms_hub.make_form()
    data = aiohttp.FormData()
    for name, value in VISITOR.items():
        data.add_field(name, value)
    status, body, response = await forms_hub.post(form, data=data)
    assert status == 200, body
    assert response.content_type == "text/html"
    assert len(await leads(forms_hub)) == 1


async def test_the_same_email_fills_the_existing_lead_and_never_overwrites(
    forms_hub: FormsHub,
) -> None:
    form = await forms_hub.make_form()
    first = {k: v for k, v in VISITOR.items() if k != "phone"}
    assert (await forms_hub.post(form, data=first))[0] == 200
    again = VISITOR | {"company": "ООО Другая", "email": "MARIA@romashka.example"}
    assert (await forms_hub.post(form, data=again))[0] == 200
    [lead] = await leads(forms_hub)
    assert lead.get("company") == "ООО Ромашка"  # kept
    assert lead.get("phone") == "+74951234567"  # filled in
    log = (await forms_hub.ask("submissions", form_id=form["id"]))["submissions"]
    assert [(s["outcome"], s["record_id"]) for s in log] == [
        ("updated", lead.id),
        ("created", lead.id),
    ]
    assert log[0]["detail"] == {"matched_by": "email", "filled": ["phone"]}
    comments = await forms_hub.runtime.records.related(
        forms_hub.admin, "Leads", lead.id, "Comments"
    )
    [note] = comments.records
    assert "ООО Другая" in note.get("commentcontent")
    assert "Заявка с сайта" in note.get("commentcontent")


async def test_a_known_contact_is_linked_not_duplicated_as_a_lead(forms_hub: FormsHub) -> None:
    records = forms_hub.runtime.records
    contact = await records.create(
        forms_hub.admin, "Contacts", {"lastname": "Петрова", "mobile": "+7 495 123 45 67"}
    )
    form = await forms_hub.make_form()
    visitor = VISITOR | {"email": "other@romashka.example"}
    assert (await forms_hub.post(form, data=visitor))[0] == 200
    assert await leads(forms_hub) == []
    [logged] = (await forms_hub.ask("submissions", form_id=form["id"]))["submissions"]
    assert (logged["outcome"], logged["module"], logged["record_id"]) == (
        "linked",
        "Contacts",
        contact.id,
    )
    assert logged["detail"]["matched_by"] == "phone"
    comments = await records.related(forms_hub.admin, "Contacts", contact.id, "Comments")
    assert "Нужна телефония" in comments.records[0].get("commentcontent")


TICKET_FORM: dict[str, Any] = {
    "name": "Обращение в поддержку",
    "module": "HelpDesk",
    "fields": [
        {"field": "ticket_title", "label": "Тема"},
        {"field": "description", "label": "Что случилось?", "required": True},
        {"field": "ticketpriorities", "hidden": True, "default": "High"},
    ],
}


async def test_a_ticket_is_filed_under_the_contact_with_that_email(forms_hub: FormsHub) -> None:
    form = await forms_hub.ask("create", **TICKET_FORM)
    visitor = {
        "contact_email": "ivan@client.example",
        "contact_name": "Иван Сидоров",
        "ticket_title": "Не работает АТС",
        "description": "С утра нет входящих.",
    }
    assert (await forms_hub.post(form, data=visitor))[0] == 200
    assert (await forms_hub.post(form, data=visitor | {"ticket_title": "Ещё"}))[0] == 200
    records = forms_hub.runtime.records
    [contact] = (await records.list_records(forms_hub.admin, "Contacts")).records
    assert (contact.get("firstname"), contact.get("lastname")) == ("Иван", "Сидоров")
    tickets = (
        await records.list_records(
            forms_hub.admin, "HelpDesk", conditions=[Condition("contact_id", Op.EQ, contact.id)]
        )
    ).records
    assert sorted(t.get("ticket_title") for t in tickets) == ["Ещё", "Не работает АТС"]
    assert {t.get("ticketpriorities") for t in tickets} == {"High"}
    log = (await forms_hub.ask("submissions", form_id=form["id"]))["submissions"]
    assert [s["detail"]["contact"] for s in log] == ["found", "created"]


async def test_a_ticket_form_needs_the_visitors_email(forms_hub: FormsHub) -> None:
    form = await forms_hub.ask("create", **TICKET_FORM)
    status, body, _ = await forms_hub.post(
        form, json={"contact_email": "не почта", "description": "Помогите"}
    )
    assert status == 422
    fields = [e["field"] for e in body["error"]["errors"]]
    assert fields == ["ticket_title", "contact_email"]


async def test_a_hidden_default_cannot_be_replaced_by_the_visitor(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    status, body, _ = await forms_hub.post(form, json=VISITOR | {"leadsource": "Cold Call"})
    assert status == 422
    assert body["error"]["errors"] == [{"field": "leadsource", "reason": "unknown field"}]
    assert await leads(forms_hub) == []


async def test_a_form_with_a_return_address_redirects_the_browser(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form(return_url="https://www.example.com/thanks")
    status, _, response = await forms_hub.post(form, data=VISITOR)
    assert (status, response.headers["Location"]) == (303, "https://www.example.com/thanks")


async def test_a_switched_off_or_unknown_form_is_not_found(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    await forms_hub.ask("update", form_id=form["id"], enabled=False)
    status, body, _ = await forms_hub.post(form, json=VISITOR)
    assert (status, body["error"]["code"]) == (404, "not_found")
    async with forms_hub.http.get(form["url"]) as response:
        assert response.status == 404
    async with forms_hub.http.get(f"{forms_hub.base}/portal/forms/{'0' * 24}") as response:
        assert response.status == 404
    assert await leads(forms_hub) == []


async def test_pages_follow_the_browsers_language(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    async with forms_hub.http.get(form["url"], headers={"Accept-Language": "en-GB"}) as r:
        english = await r.text()
    async with forms_hub.http.get(form["url"], headers={"Accept-Language": "ru-RU,en;q=0.5"}) as r:
        russian = await r.text()
    assert ">Send</button>" in english and 'lang="en"' in english
    assert ">Отправить</button>" in russian and 'lang="ru"' in russian


async def test_a_contact_form_takes_checkboxes_choices_and_dates(forms_hub: FormsHub) -> None:
    fields = [
        {"field": "salutationtype", "label": "Обращение"},
        {"field": "lastname", "label": "Фамилия"},
        {"field": "email", "label": "Email"},
        {"field": "birthday", "label": "День рождения"},
        {"field": "emailoptout", "label": "Не присылать рассылку"},
        {"field": "donotcall", "label": "Не звонить"},
    ]
    form = await forms_hub.ask("create", name="Подписка", module="Contacts", fields=fields)
    async with forms_hub.http.get(form["url"]) as response:
        page = await response.text()
    assert '<select id="sb-salutationtype" name="salutationtype">' in page
    assert '<option value="Mrs.">' in page
    assert 'type="date" id="sb-birthday"' in page
    assert 'type="checkbox" id="sb-emailoptout" name="emailoptout" value="1"' in page
    visitor = {
        "salutationtype": "Mrs.",
        "lastname": "Орлова",
        "email": "orlova@example.com",
        "birthday": "1990-04-12",
        "emailoptout": "1",
    }
    assert (await forms_hub.post(form, data=visitor))[0] == 200
    [contact] = (await forms_hub.runtime.records.list_records(forms_hub.admin, "Contacts")).records
    assert str(contact.get("birthday")) == "1990-04-12"
    assert (contact.get("emailoptout"), contact.get("donotcall")) == (True, False)
    status, body, _ = await forms_hub.post(form, json=visitor | {"salutationtype": "Sir"})
    assert (status, body["error"]["errors"][0]["field"]) == (422, "salutationtype")


async def test_a_stopped_channel_serves_no_forms(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    for name, stop in forms_hub.runtime.channel_stops:
        if name == "portal":
            await stop()
    forms_hub.runtime.channel_stops = [
        (n, s) for n, s in forms_hub.runtime.channel_stops if n != "portal"
    ]
    status, _, _ = await forms_hub.post(form, json=VISITOR)
    assert status == 404
    assert not forms_hub.runtime.hub.services.provides("portal.webforms")
    assert await leads(forms_hub) == []
