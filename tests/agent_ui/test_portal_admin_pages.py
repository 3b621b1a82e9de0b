"""The portal access and web form administration pages over plain HTTP,
with the portal and email channels running and a real SMTP relay: granting
access sends the invitation, which goes again on request; access is
switched off and on and widened to the organisation; a customer's sign-in
shows; web forms are created, changed and removed, with the service's
refusals beside the row they name and what was typed kept; the pages are
closed to agents and to posts without the session's token; names stay text.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from markupsafe import escape

from crm_core.records.model import Record
from crm_core.settings import Settings
from tests.agent_ui.conftest import Hub
from tests.agent_ui.test_admin_pages import SCRIPT, Admin, error_beside
from tests.agent_ui.test_console_pages import browser_for
from tests.portal.customers import CUSTOMER_PASSWORD, Browser, link_in, next_mail
from tests.smtp_relay import Relayed, start_relay


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


@pytest.fixture
async def admin(hub: Hub) -> AsyncIterator[Admin]:
    session = await browser_for(hub, "admin")
    async with session:
        yield Admin(hub, session)


@pytest.fixture
async def anna(hub: Hub) -> Record:
    return await hub.runtime.records.create(
        hub.admin,
        "Contacts",
        {"firstname": "Анна", "lastname": "Клиентова", "email": "anna@client.example"},
    )


def row_of(body: str, attribute: str, value: object) -> str:
    found = re.search(rf'<tr [^>]*{attribute}="{value}".*?</tr>', body, re.S)
    assert found is not None, f"no row with {attribute}={value}"
    return found[0]


# -- portal access ---------------------------------------------------------------


async def test_access_is_granted_reinvited_widened_switched_off_and_on(
    admin: Admin, anna: Record, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    rt = admin.hub.runtime
    _, detail = await admin.get(f"/m/Contacts/{anna.id}")
    assert f'href="/console/admin/portal?contact={anna.id}"' in detail

    status, body = await admin.get(f"/admin/portal?contact={anna.id}")
    assert status == 200
    assert 'data-label="Анна Клиентова"' in body  # the picker starts on her
    status, _, location = await admin.post(
        "/admin/portal", {"contact_id": str(anna.id), "language": "en"}
    )
    assert (status, location) == (303, "/console/admin/portal?done=invited")
    first = await next_mail(relayed, 1)
    assert relayed.messages[0][1] == ["anna@client.example"]
    assert "/portal/password/" in link_in(first)

    _, body = await admin.get("/admin/portal?done=invited")
    assert "приглашение отправлено" in body
    row = row_of(body, "data-contact-id", anna.id)
    assert 'data-state="invited"' in row and "Приглашён" in row and "ни разу" in row
    (user,) = [u for u, _ in await rt.portal_users.listing(admin.hub.admin)]

    status, _, location = await admin.post(f"/admin/portal/{user.id}/invitation", {})
    assert (status, location) == (303, "/console/admin/portal?done=resent")
    second = await next_mail(relayed, 2)
    assert link_in(second) != link_in(first)

    await admin.post(f"/admin/portal/{user.id}/account-wide", {"account_wide": "1"})
    assert (await rt.portal_users.get(user.id)).account_wide is True
    _, body = await admin.get("/admin/portal")
    assert "вся организация" in row_of(body, "data-contact-id", anna.id)

    status, _, location = await admin.post(f"/admin/portal/{user.id}/active", {"active": "0"})
    assert location == "/console/admin/portal?done=disabled"
    assert (await rt.portal_users.get(user.id)).active is False
    _, body = await admin.get("/admin/portal")
    row = row_of(body, "data-contact-id", anna.id)
    assert 'data-state="disabled"' in row and "Включить" in row

    status, body, _ = await admin.post(f"/admin/portal/{user.id}/invitation", {})
    assert status == 422  # no invitation to switched-off access
    assert "доступ выключен" in body
    await admin.post(f"/admin/portal/{user.id}/active", {"active": "1"})
    again = await rt.portal_users.get(user.id)
    assert (again.active, again.account_wide) == (True, True)


async def test_a_customer_sign_in_shows_in_the_list(
    admin: Admin, anna: Record, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    await admin.post("/admin/portal", {"contact_id": str(anna.id), "language": "ru"})
    secret = link_in(await next_mail(relayed, 1)).rsplit("/", 1)[1]
    customer = Browser(admin.hub.runtime.base_url)
    try:
        path = f"/portal/password/{secret}"
        password = {"password": CUSTOMER_PASSWORD, "password_again": CUSTOMER_PASSWORD}
        status, _, _ = await customer.post(path, password, token_from=path)
        assert status == 200
        assert await customer.sign_in("anna@client.example") == 200
    finally:
        await customer.close()
    _, body = await admin.get("/admin/portal")
    row = row_of(body, "data-contact-id", anna.id)
    assert 'data-state="active"' in row and "ни разу" not in row


async def test_granting_refusals_are_shown_beside_the_contact(
    admin: Admin, anna: Record, relay: tuple[Relayed, int]
) -> None:
    relayed, _ = relay
    rt = admin.hub.runtime
    no_email = await rt.records.create(admin.hub.admin, "Contacts", {"lastname": "Безпочтова"})
    status, body, _ = await admin.post(
        "/admin/portal", {"contact_id": str(no_email.id), "account_wide": "on"}
    )
    assert status == 422
    assert "нет адреса почты" in error_beside(body, "a-contact_id")
    assert 'data-label="Безпочтова"' in body  # what was chosen stays chosen
    assert 'name="account_wide" checked' in body

    for typed, reason in (
        ("", "обязательно для заполнения"),
        ("Анна", "выберите контакт из списка"),
    ):
        status, body, _ = await admin.post("/admin/portal", {"contact_id": typed})
        assert status == 422 and reason in error_beside(body, "a-contact_id")
    status, body, _ = await admin.post("/admin/portal", {"contact_id": "999999"})
    assert status == 422 and "нет такого контакта" in error_beside(body, "a-contact_id")

    await admin.post("/admin/portal", {"contact_id": str(anna.id)})
    status, body, _ = await admin.post("/admin/portal", {"contact_id": str(anna.id)})
    assert status == 422 and "уже есть доступ" in error_beside(body, "a-contact_id")
    status, body, _ = await admin.post(
        "/admin/portal", {"contact_id": str(no_email.id), "language": "de"}
    )
    assert status == 422 and "портал не говорит" in body
    assert len(await rt.portal_users.listing(admin.hub.admin)) == 1
    assert len(relayed.messages) == 1


async def test_contact_names_in_the_list_stay_text(
    admin: Admin, relay: tuple[Relayed, int]
) -> None:
    rt = admin.hub.runtime
    evil = await rt.records.create(
        admin.hub.admin, "Contacts", {"lastname": SCRIPT, "email": "evil@client.example"}
    )
    await admin.post("/admin/portal", {"contact_id": str(evil.id)})
    _, body = await admin.get("/admin/portal")
    assert SCRIPT not in body
    assert str(escape(SCRIPT)) in body
    _, body = await admin.get(f"/admin/portal?contact={evil.id}")
    assert SCRIPT not in body


# -- web forms -------------------------------------------------------------------


def form_data(name: str, *rows: dict[str, str], **settings: str) -> list[tuple[str, str]]:
    """The editor as a browser posts it: every shown row's name, then the
    chosen rows' boxes and values."""
    data = [("name", name), *settings.items()]
    for row in rows:
        field = row["field"]
        data.append(("row", field))
        if row.get("use", "on") == "on":
            data.append(("use", field))
        for key in ("label", "required", "hidden", "default"):
            if key in row:
                data.append((f"{key}.{field}", row[key]))
    return data


async def test_a_web_form_is_created_changed_and_removed(admin: Admin) -> None:
    rt = admin.hub.runtime
    status, body = await admin.get("/admin/webforms/new?module=Leads")
    assert status == 200
    assert (
        'name="row" value="lastname"' in body and 'name="row" value="assigned_user_id"' not in body
    )
    await rt.records.add_custom_field(
        admin.hub.admin, "Leads", {"label": "Бюджет", "type": "integer"}
    )
    (budget,) = [f for f in rt.records.catalog.module("Leads").fields if f.custom]
    _, body = await admin.get("/admin/webforms/new?module=Leads")
    assert f'name="row" value="{budget.name}"' in body  # custom fields too

    status, _, location = await admin.post(
        "/admin/webforms/new",
        form_data(
            "Обратный звонок",
            {"field": "lastname", "label": "Как вас зовут", "required": "on"},
            {"field": "phone", "required": "on"},
            {"field": budget.name},
            {"field": "leadsource", "hidden": "on", "default": "Web Site"},
            module="Leads",
            enabled="on",
            thank_you="Мы перезвоним.",
        ),
    )
    assert status == 303 and location.endswith("?saved=1")
    form_id = int(location.split("/")[-1].split("?")[0])
    _, body = await admin.get(f"/admin/webforms/{form_id}")
    assert "/portal/forms/" in body and "&lt;form" in body  # the HTML to paste, as text
    stored = await rt.hub.services.ask(
        "portal.webforms", admin.hub.admin, {"op": "get", "form_id": form_id}
    )
    assert [f["field"] for f in stored["fields"]] == [
        "lastname",
        "phone",
        budget.name,
        "leadsource",
    ]
    assert stored["fields"][0]["label"] == "Как вас зовут"
    assert (stored["fields"][3]["hidden"], stored["fields"][3]["default"]) == (True, "Web Site")
    assert stored["url"] in body

    group = await rt.access.add_group(admin.hub.admin, "Продажи")
    status, _, _ = await admin.post(
        f"/admin/webforms/{form_id}",
        form_data(
            "Обратный звонок",
            {"field": "phone"},
            {"field": "lastname", "required": "on"},
            {"field": "email"},
            owner_id=str(group),
            return_url="https://example.com/thanks",
            challenge="on",
        ),
    )
    assert status == 303
    changed = await rt.hub.services.ask(
        "portal.webforms", admin.hub.admin, {"op": "get", "form_id": form_id}
    )
    assert [f["field"] for f in changed["fields"]] == ["phone", "lastname", "email"]
    assert (changed["owner_id"], changed["challenge"], changed["enabled"]) == (group, True, False)
    _, body = await admin.get(f"/admin/webforms/{form_id}")
    assert re.search(r'<input type="checkbox" name="use" value="phone"[^>]*checked', body)
    assert "<iframe" not in body and "&lt;iframe" in body  # a challenge form is framed

    _, listing = await admin.get("/admin/webforms")
    assert changed["url"] in listing
    status, _, location = await admin.post(f"/admin/webforms/{form_id}/remove", {})
    assert location == "/console/admin/webforms?removed=1"
    answer = await rt.hub.services.ask("portal.webforms", admin.hub.admin, {"op": "list"})
    assert answer["forms"] == []


async def test_web_form_refusals_are_shown_beside_the_row_with_the_input_kept(
    admin: Admin,
) -> None:
    rows = (
        {"field": "lastname", "label": "Имя <b>жирно</b>"},
        {"field": "leadsource", "hidden": "on"},
        {"field": "phone", "use": "off", "label": "Телефон для связи"},
    )
    status, body, _ = await admin.post(
        "/admin/webforms/new",
        form_data("", *rows, module="Leads", return_url="ftp://example.com"),
    )
    assert status == 422  # the settings are checked first
    assert "обязательно для заполнения" in error_beside(body, "a-name")
    assert "http:// или https://" in error_beside(body, "a-return_url")
    assert 'value="ftp://example.com"' in body
    status, body, _ = await admin.post(
        "/admin/webforms/new", form_data("Заявка", *rows, module="Leads")
    )
    assert status == 422
    assert "без &lt;тегов&gt;" in error_beside(body, "row-lastname")
    assert "нужно значение по умолчанию" in error_beside(body, "row-leadsource")
    assert 'value="Имя &lt;b&gt;жирно&lt;/b&gt;"' in body  # kept, as text
    assert 'value="Заявка"' in body and 'value="Телефон для связи"' in body
    assert re.search(r'name="use" value="lastname"[^>]*checked', body)
    assert not re.search(r'name="use" value="phone"[^>]*checked', body)

    status, body, _ = await admin.post(
        "/admin/webforms/new", form_data("Пустая", {"field": "email"}, module="Leads")
    )
    assert status == 422
    assert "Leads records need the field lastname" not in body
    assert "поле lastname" in error_beside(body, "a-fields")
    answer = await admin.hub.runtime.hub.services.ask(
        "portal.webforms", admin.hub.admin, {"op": "list"}
    )
    assert answer["forms"] == []


async def test_web_form_names_stay_text(admin: Admin) -> None:
    made = await admin.hub.runtime.hub.services.ask(
        "portal.webforms",
        admin.hub.admin,
        {
            "op": "create",
            "name": "Форма & ко",
            "module": "Leads",
            "fields": [{"field": "lastname"}],
        },
    )
    status, body, _ = await admin.post(
        f"/admin/webforms/{made['id']}", form_data(SCRIPT, {"field": "lastname"})
    )
    assert status == 422  # the service refuses markup in a name
    assert SCRIPT not in body and str(escape(SCRIPT)) in body
    _, listing = await admin.get("/admin/webforms")
    assert "Форма &amp; ко" in listing


# -- who may ---------------------------------------------------------------------

PAGES = ("/admin/portal", "/admin/webforms", "/admin/webforms/new")


@pytest.mark.parametrize("path", PAGES)
async def test_agents_may_not_open_or_use_the_pages(hub: Hub, anna: Record, path: str) -> None:
    async with await browser_for(hub, "agent1") as agent:
        async with agent.get(f"{hub.url}{path}") as response:
            assert response.status == 403
        async with agent.get(f"{hub.url}/m/Contacts/{anna.id}") as response:
            assert "/admin/portal" not in await response.text()
        async with agent.get(f"{hub.url}/m/Contacts") as response:
            body = await response.text()
        token = re.search(r'name="csrf_token" value="([^"]+)"', body)
        assert token is not None  # a valid token: the pages themselves refuse
        data: dict[str, Any] = {"csrf_token": token[1], "contact_id": anna.id}
        async with agent.post(f"{hub.url}/admin/portal", data=data) as response:
            assert response.status == 403
        form = [("csrf_token", data["csrf_token"]), *form_data("Чужая", {"field": "lastname"})]
        async with agent.post(
            f"{hub.url}/admin/webforms/new", data=[*form, ("module", "Leads")]
        ) as response:
            assert response.status == 403
    assert await hub.runtime.portal_users.listing(hub.admin) == []
    answer = await hub.runtime.hub.services.ask("portal.webforms", hub.admin, {"op": "list"})
    assert answer["forms"] == []


async def test_a_post_without_the_session_token_changes_nothing(
    admin: Admin, anna: Record, relay: tuple[Relayed, int]
) -> None:
    for token in (None, "forged"):
        extra = {"csrf_token": token} if token else {}
        async with admin.session.post(
            f"{admin.hub.url}/admin/portal", data={"contact_id": anna.id} | extra
        ) as response:
            assert response.status == 403
        async with admin.session.post(
            f"{admin.hub.url}/admin/webforms/new",
            data=form_data("Подделка", {"field": "lastname"}, module="Leads") + list(extra.items()),
        ) as response:
            assert response.status == 403
    assert await admin.hub.runtime.portal_users.listing(admin.hub.admin) == []
    assert relay[0].messages == []
    answer = await admin.hub.runtime.hub.services.ask(
        "portal.webforms", admin.hub.admin, {"op": "list"}
    )
    assert answer["forms"] == []


async def test_the_pages_open_in_both_languages_from_the_admin_menu(admin: Admin) -> None:
    for path, russian, english in (
        ("/admin/portal", "Доступ в кабинет", "Portal access"),
        ("/admin/webforms", "Веб-формы", "Web forms"),
        ("/admin/webforms/new?module=HelpDesk", "Новая веб-форма", "New web form"),
    ):
        await admin.session.get(f"{admin.hub.url}/language/ru")
        status, body = await admin.get(path)
        assert status == 200 and f"<h1>{russian}</h1>" in body
        assert f'href="/console/admin/{path.split("/")[2].split("?")[0]}" aria-current' in body
        await admin.session.get(f"{admin.hub.url}/language/en")
        status, body = await admin.get(path)
        assert status == 200 and f"<h1>{english}</h1>" in body
    assert "asks the visitor&#39;s email address" in body  # a ticket form's own fields come first
    assert 'name="row" value="ticket_title"' in body
    for filled_by_the_form in ("contact_id", "parent_id", "assigned_user_id"):
        assert f'name="row" value="{filled_by_the_form}"' not in body


class TestWithEmailOff:
    @pytest.fixture
    def hub_settings(self, settings: Settings) -> Settings:
        channels = settings.channels.model_copy(
            update={"pbx": False, "workflows": False, "portal": True, "mail": False}
        )
        return settings.model_copy(update={"channels": channels})

    async def test_granting_says_no_invitation_can_go_and_grants_nothing(
        self, admin: Admin, anna: Record
    ) -> None:
        status, body, _ = await admin.post("/admin/portal", {"contact_id": str(anna.id)})
        assert status == 503
        assert "Почта выключена" in body
        assert 'data-label="Анна Клиентова"' in body
        assert await admin.hub.runtime.portal_users.listing(admin.hub.admin) == []


class TestWithThePortalOff:
    @pytest.fixture
    def hub_settings(self, settings: Settings) -> Settings:
        channels = settings.channels.model_copy(
            update={"pbx": False, "workflows": False, "portal": False}
        )
        return settings.model_copy(update={"channels": channels})

    async def test_the_pages_say_the_portal_is_off(self, admin: Admin, anna: Record) -> None:
        status, body = await admin.get("/admin/portal")
        assert status == 200 and "Кабинет клиента выключен" in body
        assert 'id="grant-access"' not in body
        status, body = await admin.get("/admin/webforms")
        assert status == 200 and "веб-формы здесь не изменить" in body
        status, body = await admin.get("/admin/webforms/new")
        assert status == 503 and "веб-формы здесь не изменить" in body
        status, body, _ = await admin.post("/admin/portal", {"contact_id": str(anna.id)})
        assert status == 503 and "Кабинет клиента выключен" in body
