"""The administration pages over plain HTTP, through a running hub: each
area's round trip (create, change, remove), the services' refusals shown
beside the field with what was typed kept, the pages closed to everyone
without the administer tool, forms refused without the session's token, and
names that stay text."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import pytest

from crm_core.access import FieldAccess, Operation, Tool
from crm_core.settings import Settings
from tests.agent_ui.conftest import PASSWORD, Hub
from tests.agent_ui.test_console_pages import browser_for, csrf_of

SCRIPT = '<script>alert("x")</script>'
PAGES = (
    "/admin/users",
    "/admin/users/new",
    "/admin/roles",
    "/admin/roles/H2",
    "/admin/profiles",
    "/admin/profiles/1",
    "/admin/profiles/1/fields/Contacts",
    "/admin/groups",
    "/admin/sharing",
    "/admin/fields",
    "/admin/fields/Contacts",
    "/admin/numbering",
    "/admin/mail",
)


@pytest.fixture
def hub_settings(settings: Settings) -> Settings:
    """The email channel (for mailboxes) and the console; nothing else."""
    channels = settings.channels.model_copy(
        update={"pbx": False, "portal": False, "workflows": False}
    )
    return settings.model_copy(update={"channels": channels})


class Admin:
    """An administrator's browser: GET a page, POST a form from it with the
    session's CSRF token, and read the answer."""

    def __init__(self, hub: Hub, session: aiohttp.ClientSession) -> None:
        self.hub = hub
        self.session = session
        self.token = ""

    async def get(self, path: str) -> tuple[int, str]:
        async with self.session.get(f"{self.hub.url}{path}", allow_redirects=False) as r:
            body = await r.text()
        if r.status == 200:
            self.token = csrf_of(body)
        return r.status, body

    async def post(self, path: str, data: Any, *, follow: bool = False) -> tuple[int, str, str]:
        if not self.token:
            await self.get("/admin/users")
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        async with self.session.post(
            f"{self.hub.url}{path}",
            data=[("csrf_token", self.token), *fields],
            allow_redirects=follow,
        ) as r:
            return r.status, await r.text(), r.headers.get("Location", "")


@pytest.fixture
async def admin(hub: Hub) -> Any:
    session = await browser_for(hub, "admin")
    async with session:
        yield Admin(hub, session)


def error_beside(body: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-error">([^<]*)<', body)
    assert found is not None, f"no error beside {field_id}"
    return found[1]


async def test_every_page_opens_for_an_administrator_in_both_languages(admin: Admin) -> None:
    for path in PAGES:
        status, body = await admin.get(path)
        assert status == 200, (path, body[:2000])
        assert 'class="admin-sections"' in body
    await admin.session.get(f"{admin.hub.url}/language/en")
    status, body = await admin.get("/admin/users")
    assert status == 200
    assert ">Users<" in body


@pytest.mark.parametrize("path", PAGES)
async def test_agents_may_not_open_the_pages(hub: Hub, path: str) -> None:
    async with await browser_for(hub, "agent1") as agent:
        async with agent.get(f"{hub.url}{path}") as response:
            assert response.status == 403
        async with agent.get(f"{hub.url}/m/Contacts") as response:
            assert "/console/admin/" not in await response.text()


async def test_form_inputs_carry_their_attributes(admin: Admin) -> None:
    _, page = await admin.get("/admin/groups")
    assert re.search(r'<input id="a-groupname"[^>]* maxlength="100"', page)
    _, page = await admin.get("/admin/users/new")
    assert re.search(r'<input id="a-password"[^>]* autocomplete="new-password"', page)


async def test_the_menu_leads_administrators_to_the_pages(admin: Admin) -> None:
    _, body = await admin.get("/m/Contacts")
    assert 'href="/console/admin/users"' in body


async def test_a_page_without_the_session_token_changes_nothing(admin: Admin) -> None:
    before = await admin.hub.runtime.access.role_ids()
    for token in (None, "forged"):
        data = {"rolename": "Подделка", "parent": "H2"} | ({"csrf_token": token} if token else {})
        async with admin.session.post(f"{admin.hub.url}/admin/roles", data=data) as response:
            assert response.status == 403
        async with admin.session.post(
            f"{admin.hub.url}/admin/users/new",
            data={"user_name": "forged", "last_name": "X", "password": PASSWORD}
            | ({"csrf_token": token} if token else {}),
        ) as response:
            assert response.status == 403
    assert await admin.hub.runtime.access.role_ids() == before
    assert await admin.hub.runtime.users.by_name("forged") is None


# -- users ---------------------------------------------------------------------


async def test_a_user_is_created_changed_deactivated_and_given_a_new_password(
    admin: Admin,
) -> None:
    rt = admin.hub.runtime
    status, _, location = await admin.post(
        "/admin/users/new",
        {
            "user_name": "operator7",
            "first_name": "Олег",
            "last_name": "Операторов",
            "email1": "oleg@example.com",
            "phone_extension": "107",
            "language": "en",
            "role": "H2",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert status == 303
    user = await rt.users.by_name("operator7")
    assert user is not None and user.phone_extension == "107" and user.language == "en"
    assert location == f"/console/admin/users/{user.id}?saved=1"
    assert rt.access.policy.snapshot.user_roles[user.id] == "H2"
    _, listing = await admin.get("/admin/users")
    assert "operator7" in listing and "Олег Операторов" in listing

    status, _, _ = await admin.post(
        f"/admin/users/{user.id}",
        {"role": "H3", "language": "ru", "phone_extension": "117", "is_admin": "on"},
    )
    assert status == 303
    changed = await rt.users.get(user.id)
    assert (changed.phone_extension, changed.language, changed.is_admin) == ("117", "ru", True)
    assert rt.access.policy.snapshot.user_roles[user.id] == "H3"

    new_password = "another long secret"
    status, _, _ = await admin.post(
        f"/admin/users/{user.id}/password",
        {"password": new_password, "password_again": new_password},
    )
    assert status == 303
    assert await rt.users.authenticate("operator7", new_password) is not None

    status, _, _ = await admin.post(f"/admin/users/{user.id}/status", {"status": "Inactive"})
    assert status == 303
    assert not (await rt.users.get(user.id)).active
    assert await rt.users.authenticate("operator7", new_password) is None
    _, page = await admin.get(f"/admin/users/{user.id}")
    assert "Активировать" in page


async def test_a_refused_new_user_comes_back_with_reasons_and_what_was_typed(
    admin: Admin,
) -> None:
    status, body, _ = await admin.post(
        "/admin/users/new",
        {
            "user_name": "x",
            "first_name": "Пётр",
            "last_name": "",
            "email1": "not-an-address",
            "phone_extension": "12345678",
            "language": "ru",
            "role": "H2",
            "password": "short",
            "password_again": "short",
        },
    )
    assert status == 422
    assert "обязательно" in error_beside(body, "a-last_name")
    assert error_beside(body, "a-user_name")
    assert error_beside(body, "a-email1")
    assert "2–6" in error_beside(body, "a-phone_extension")
    assert "8" in error_beside(body, "a-password")
    assert 'value="Пётр"' in body and 'value="not-an-address"' in body
    assert 'value="short"' not in body  # passwords are never sent back
    status, body, _ = await admin.post(
        "/admin/users/new",
        {
            "user_name": "petr",
            "last_name": "Петров",
            "language": "ru",
            "role": "H2",
            "password": PASSWORD,
            "password_again": PASSWORD + "!",
        },
    )
    assert status == 422
    assert error_beside(body, "a-password_again")
    assert await admin.hub.runtime.users.by_name("petr") is None


# -- roles ---------------------------------------------------------------------


async def test_roles_are_added_renamed_moved_and_deleted_with_a_transfer(admin: Admin) -> None:
    rt = admin.hub.runtime
    status, _, location = await admin.post("/admin/roles", {"rolename": "Отдел А", "parent": "H2"})
    assert status == 303
    dept = location.rsplit("/", 1)[1]
    status, _, location = await admin.post("/admin/roles", {"rolename": "Группа 1", "parent": dept})
    team = location.rsplit("/", 1)[1]
    paths = {r["id"]: r["path"] for r in (await rt.access.describe(admin.hub.admin))["roles"]}
    assert paths[team] == ["H1", "H2", dept, team]

    assert (await admin.post(f"/admin/roles/{dept}/rename", {"rolename": "Отдел Б"}))[0] == 303
    assert (await rt.access.role_ids())["Отдел Б"] == dept

    assert (await admin.post(f"/admin/roles/{dept}/move", {"parent": "H3"}))[0] == 303
    paths = {r["id"]: r["path"] for r in (await rt.access.describe(admin.hub.admin))["roles"]}
    assert paths[team] == [*paths["H3"], dept, team]

    status, body, _ = await admin.post(f"/admin/roles/{dept}/move", {"parent": team})
    assert status == 422
    assert "ниже" in error_beside(body, "a-parent")

    user = await rt.users.by_name("agent1")
    assert user is not None
    await admin.post(f"/admin/users/{user.id}", {"role": team, "language": "ru"})
    status, body, _ = await admin.post(f"/admin/roles/{dept}/delete", {"transfer_to": team})
    assert status == 422
    assert error_beside(body, "a-transfer_to")

    assert (await admin.post(f"/admin/roles/{team}/delete", {"transfer_to": "H4"}))[0] == 303
    assert rt.access.policy.snapshot.user_roles[user.id] == "H4"
    assert team not in await rt.access.role_ids()


async def test_a_refused_role_name_is_shown_beside_the_field(admin: Admin) -> None:
    status, body, _ = await admin.post("/admin/roles", {"rolename": "   ", "parent": "H2"})
    assert status == 422
    assert "от 1 до 100" in error_beside(body, "a-rolename")
    status, body, _ = await admin.post("/admin/roles", {"rolename": "Склад", "parent": "H999"})
    assert status == 422
    assert 'value="Склад"' in body
    assert "нет такой роли" in error_beside(body, "a-parent")


async def test_a_profile_is_linked_to_a_role(admin: Admin) -> None:
    rt = admin.hub.runtime
    profile = (await rt.access.profile_ids())["Supervisor Profile"]
    assert (await admin.post("/admin/roles/H5/profiles", {"profile": str(profile)}))[0] == 303
    assert profile in rt.access.policy.snapshot.role_profiles["H5"]


# -- profiles ------------------------------------------------------------------


async def test_a_profile_gets_module_rights_field_access_and_tools(admin: Admin) -> None:
    rt = admin.hub.runtime
    status, _, location = await admin.post(
        "/admin/profiles", {"profilename": "Склад", "description": "Только товары"}
    )
    assert status == 303
    profile_id = int(location.rsplit("/", 1)[1])

    status, _, _ = await admin.post(
        f"/admin/profiles/{profile_id}/modules",
        {"Products:view": "on", "Products:edit": "on", "Vendors:view": "on"},
    )
    assert status == 303
    rights = rt.access.policy.snapshot.profiles[profile_id].modules
    assert rights["Products"] == {Operation.VIEW, Operation.EDIT}
    assert rights["Vendors"] == {Operation.VIEW}

    status, body, _ = await admin.post(
        f"/admin/profiles/{profile_id}/modules",
        {"Products:view": "on", "Products:edit": "on", "Vendors:view": "on", "Leads:edit": "on"},
    )
    assert status == 422
    assert "нужен" in body
    assert 'name="Leads:edit" checked' in body  # the refused row keeps its ticks

    status, _, _ = await admin.post(
        f"/admin/profiles/{profile_id}/fields/Products",
        {"unit_price": "readonly", "description": "hidden"},
    )
    assert status == 303
    fields = rt.access.policy.snapshot.profiles[profile_id].fields["Products"]
    assert fields == {"unit_price": FieldAccess.READONLY, "description": FieldAccess.HIDDEN}
    status, body, _ = await admin.post(
        f"/admin/profiles/{profile_id}/fields/Products", {"productname": "hidden"}
    )
    assert status == 422
    assert "обязательное поле" in body

    status, _, _ = await admin.post(
        f"/admin/profiles/{profile_id}/tools", {"tool:export": "on", "tool:merge": "on"}
    )
    assert status == 303
    assert rt.access.policy.snapshot.profiles[profile_id].tools == {Tool.EXPORT, Tool.MERGE}

    status, body, _ = await admin.post("/admin/profiles", {"profilename": "Склад"})
    assert status == 422
    assert "занято" in error_beside(body, "a-profilename")


# -- groups --------------------------------------------------------------------


async def test_a_group_gains_and_loses_users_and_roles(admin: Admin) -> None:
    rt = admin.hub.runtime
    status, _, location = await admin.post("/admin/groups", {"groupname": "Дежурные"})
    assert status == 303
    group_id = int(location.rsplit("/", 1)[1])
    agent = await rt.users.by_name("agent1")
    assert agent is not None
    assert (await admin.post(f"/admin/groups/{group_id}/users", {"user": str(agent.id)}))[0] == 303
    status, _, _ = await admin.post(
        f"/admin/groups/{group_id}/roles", {"role": "H3", "subordinates": "on"}
    )
    assert status == 303
    snap = rt.access.policy.snapshot
    assert agent.id in snap.group_users[group_id]
    assert ("H3", True) in snap.group_roles[group_id]
    _, page = await admin.get(f"/admin/groups/{group_id}")
    assert "Звонков" in page

    await admin.post(f"/admin/groups/{group_id}/users/{agent.id}/remove", {})
    await admin.post(f"/admin/groups/{group_id}/roles/H3/remove", {})
    snap = rt.access.policy.snapshot
    assert agent.id not in snap.group_users.get(group_id, ())
    assert not snap.group_roles.get(group_id)

    status, body, _ = await admin.post(f"/admin/groups/{group_id}/users", {"user": "99999"})
    assert status == 422
    assert "нет такого пользователя" in body


# -- sharing -------------------------------------------------------------------


async def test_sharing_defaults_and_rules_round_trip(admin: Admin) -> None:
    rt = admin.hub.runtime
    status, _, _ = await admin.post(
        "/admin/sharing", {"Leads": "private", "Contacts": "public_read"}
    )
    assert status == 303
    levels = rt.access.policy.snapshot.org_levels
    assert (levels["Leads"], levels["Contacts"]) == ("private", "public_read")

    status, _, _ = await admin.post(
        "/admin/sharing/rules",
        {"module": "Leads", "source": "role_sub:H3", "target": "role:H4", "access": "read"},
    )
    assert status == 303
    (rule,) = (await rt.access.describe(admin.hub.admin))["rules"]
    assert (rule["source"], rule["target"]) == (
        {"kind": "role_sub", "id": "H3"},
        {"kind": "role", "id": "H4"},
    )
    status, body, _ = await admin.post(
        "/admin/sharing/rules",
        {"module": "Leads", "source": "role:H77", "target": "role:H4", "access": "read"},
    )
    assert status == 422
    assert error_beside(body, "a-source")
    assert (await admin.post(f"/admin/sharing/rules/{rule['id']}/remove", {}))[0] == 303
    assert (await rt.access.describe(admin.hub.admin))["rules"] == []


# -- custom fields and picklists -----------------------------------------------


async def test_a_custom_picklist_is_added_changed_and_removed(admin: Admin) -> None:
    rt = admin.hub.runtime
    status, _, _ = await admin.post(
        "/admin/fields/Contacts",
        {"label": "Канал", "type": "picklist", "picklist": "Телефон\r\nПочта\r\n\r\n"},
    )
    assert status == 303
    (field,) = [f for f in rt.records.catalog.module("Contacts").fields if f.custom]
    assert field.picklist == ("Телефон", "Почта")
    contact = await rt.records.create(
        admin.hub.admin, "Contacts", {"lastname": "Орлова", field.name: "Почта"}
    )

    status, _, _ = await admin.post(
        f"/admin/fields/Contacts/{field.name}/picklist", {"picklist": "Телефон\nПочта\nПортал"}
    )
    assert status == 303
    assert rt.records.catalog.module("Contacts").field(field.name).picklist == (
        "Телефон",
        "Почта",
        "Портал",
    )
    status, body, _ = await admin.post(
        f"/admin/fields/Contacts/{field.name}/picklist", {"picklist": "Да\nДа"}
    )
    assert status == 422
    assert "Да\nДа" in body
    assert error_beside(body, "a-picklist")

    assert (await admin.post(f"/admin/fields/Contacts/{field.name}/remove", {}))[0] == 303
    assert rt.records.catalog.module("Contacts").field(field.name) is None
    again = await rt.records.get(admin.hub.admin, "Contacts", contact.id)
    assert again.get("lastname") == "Орлова"
    status, body, _ = await admin.post("/admin/fields/Contacts/lastname/remove", {})
    assert status == 422
    assert rt.records.catalog.module("Contacts").field("lastname") is not None


async def test_a_refused_field_keeps_what_was_typed(admin: Admin) -> None:
    status, body, _ = await admin.post(
        "/admin/fields/Leads", {"label": "Источник", "type": "picklist", "picklist": ""}
    )
    assert status == 422
    assert 'value="Источник"' in body
    assert error_beside(body, "a-picklist")
    status, body, _ = await admin.post(
        "/admin/fields/Leads", [("label", "Партнёр"), ("type", "reference")]
    )
    assert status == 422
    assert error_beside(body, "a-targets")
    status, _, _ = await admin.post(
        "/admin/fields/Leads",
        [("label", "Партнёр"), ("type", "reference"), ("targets", "Accounts")],
    )
    assert status == 303
    (field,) = [f for f in admin.hub.runtime.records.catalog.module("Leads").fields if f.custom]
    assert field.targets == ("Accounts",)


# -- numbering -----------------------------------------------------------------


async def test_numbering_changes_and_refuses_a_smaller_next_number(admin: Admin) -> None:
    rt = admin.hub.runtime
    status, _, _ = await admin.post(
        "/admin/numbering/HelpDesk", {"prefix": "ЗВ-", "width": "5", "next_number": "100"}
    )
    assert status == 303
    ticket = await rt.records.create(
        admin.hub.admin, "HelpDesk", {"ticket_title": "Нет связи", "ticketstatus": "Open"}
    )
    assert ticket.get("ticket_no") == "ЗВ-00100"
    status, body, _ = await admin.post(
        "/admin/numbering/HelpDesk", {"prefix": "TT", "width": "x", "next_number": "5"}
    )
    assert status == 422
    assert error_beside(body, "n-HelpDesk-next")
    assert error_beside(body, "n-HelpDesk-width")
    assert 'value="x"' in body
    assert (await rt.records.numbering(admin.hub.admin, "HelpDesk"))["prefix"] == "ЗВ-"


# -- mail ----------------------------------------------------------------------


async def test_mailboxes_and_rules_round_trip(admin: Admin) -> None:
    rt = admin.hub.runtime
    status, _, _ = await admin.post(
        "/admin/mail", {"address": "Sales@Example.com", "creates": "lead", "owner_id": ""}
    )
    assert status == 303
    status, _, _ = await admin.post(
        "/admin/mail/rules",
        {
            "address": "sales@example.com",
            "part0": "subject",
            "test0": "contains",
            "value0": "счёт",
            "part1": "from",
            "test1": "ends_with",
            "value1": "@partner.ru",
            "match": "any",
            "action": "create_ticket",
        },
    )
    assert status == 303
    listed = await rt.hub.services.ask("mail.admin", admin.hub.admin, {"op": "list"})
    (box,) = listed["mailboxes"]
    (rule,) = box["rules"]
    assert rule["conditions"] == ["subject contains 'счёт'", "from ends_with '@partner.ru'"]
    assert (rule["match"], rule["action"]) == ("any", "create_ticket")
    _, page = await admin.get("/admin/mail")
    assert "subject contains &#39;счёт&#39;" in page

    status, body, _ = await admin.post(
        "/admin/mail/rules",
        {"address": "sales@example.com", "part0": "body", "test0": "regex", "value0": "(["},
    )
    assert status == 422
    assert "регулярное выражение" in body
    assert 'value="(["' in body

    assert (await admin.post(f"/admin/mail/rules/{rule['id']}/remove", {}))[0] == 303
    status, body, _ = await admin.post(
        "/admin/mail", {"address": "sales@example.com", "creates": "lead"}
    )
    assert status == 422
    assert "уже" in error_beside(body, "a-address")
    assert (await admin.post("/admin/mail/remove", {"address": "sales@example.com"}))[0] == 303
    assert (await rt.hub.services.ask("mail.admin", admin.hub.admin, {"op": "list"}))[
        "mailboxes"
    ] == []


# -- markup stays text ---------------------------------------------------------


async def test_names_with_markup_are_shown_as_text(admin: Admin) -> None:
    rt = admin.hub.runtime
    role_id = await rt.access.add_role(admin.hub.admin, SCRIPT, "H2")
    group_id = await rt.access.add_group(admin.hub.admin, SCRIPT)
    profile_id = await rt.access.add_profile(admin.hub.admin, SCRIPT, description=SCRIPT)
    await rt.records.add_custom_field(
        admin.hub.admin, "Contacts", {"label": SCRIPT, "type": "picklist", "picklist": [SCRIPT]}
    )
    for path in (
        "/admin/roles",
        f"/admin/roles/{role_id}",
        "/admin/groups",
        f"/admin/groups/{group_id}",
        "/admin/profiles",
        f"/admin/profiles/{profile_id}",
        "/admin/sharing",
        "/admin/fields/Contacts",
        "/admin/users",
    ):
        status, body = await admin.get(path)
        assert status == 200, path
        assert SCRIPT not in body, path
    _, body = await admin.get("/admin/roles")
    assert "&lt;script&gt;" in body


async def test_missing_things_are_not_found_and_bad_choices_are_refused(admin: Admin) -> None:
    for path in (
        "/admin/roles/H999",
        "/admin/profiles/999",
        "/admin/groups/999",
        "/admin/users/999",
        "/admin/fields/NoSuchModule",
        "/admin/fields/Contacts/lastname/picklist",
        "/admin/profiles/1/fields/NoSuchModule",
    ):
        status, body = await admin.get(path)
        assert status == 404, path
        assert "Не найдено" in body
    agent = await admin.hub.runtime.users.by_name("agent1")
    assert agent is not None
    status, body, _ = await admin.post(
        f"/admin/users/{agent.id}", {"role": "H999", "language": "xx", "phone_extension": "1"}
    )
    assert status == 422
    assert error_beside(body, "a-language") and error_beside(body, "a-phone_extension")
    assert admin.hub.runtime.access.policy.snapshot.user_roles[agent.id] != "H999"
