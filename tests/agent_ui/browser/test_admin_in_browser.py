"""An administrator at work in Chromium: a custom picklist added to contacts
shows up on the contact form; a role built under another gets a user; and
every administration page opens cleanly (screenshots of each)."""

from __future__ import annotations

import pytest

from crm_core.settings import Settings
from tests.agent_ui.browser.conftest import screenshot
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser


@pytest.fixture
def hub_settings(settings: Settings) -> Settings:
    channels = settings.channels.model_copy(
        update={"pbx": False, "portal": False, "workflows": False}
    )
    return settings.model_copy(update={"channels": channels})


async def test_a_custom_picklist_appears_on_the_contact_form(signed_in, hub: Hub) -> None:
    page = await signed_in("admin")
    await page.click("nav.menu >> text=Настройки")
    await page.click(".admin-sections >> text=Свои поля")
    await page.click(".module-grid >> text=Контакты")
    assert not await page.locator("#a-picklist").is_visible()  # only for picklists
    await page.fill("#a-label", "Канал связи")
    await page.select_option("#a-type", "picklist")
    assert await page.locator("#a-picklist").is_visible()
    await page.fill("#a-picklist", "Телефон\nТелефон")
    await page.click("#new-field button[type=submit]")
    assert await page.locator("#a-picklist-error").is_visible()
    assert await page.input_value("#a-label") == "Канал связи"  # nothing typed is lost
    assert await page.input_value("#a-picklist") == "Телефон\nТелефон"
    await screenshot(page, "admin-field-refused")
    await page.fill("#a-picklist", "Телефон\nПочта\nМессенджер")
    await page.click("#new-field button[type=submit]")
    await page.wait_for_selector("p.notice")
    row = page.locator("#module-fields tr.custom")
    assert "Канал связи" in await row.inner_text()
    assert "Мессенджер" in await row.inner_text()
    await screenshot(page, "admin-fields")

    (field,) = [f for f in hub.runtime.records.catalog.module("Contacts").fields if f.custom]
    await page.goto(f"{hub.url}/m/Contacts/new")
    choices = await page.locator(f"#f-{field.name} option").all_inner_texts()
    assert choices == ["", "Телефон", "Почта", "Мессенджер"]
    await page.fill("#f-lastname", "Белова")
    await page.select_option(f"#f-{field.name}", "Почта")
    await page.click("button.primary[type=submit]")
    await page.wait_for_selector(".page-head[data-record-id]")
    assert "Почта" in await page.locator(f"[data-field={field.name}] dd").inner_text()
    assert page.script_errors == []


async def test_a_role_built_under_another_gets_a_user(signed_in, hub: Hub) -> None:
    page = await signed_in("admin")
    await page.goto(f"{hub.url}/admin/roles")
    roles = await hub.runtime.access.role_ids()
    await page.fill("#a-rolename", "Вторая линия")
    await page.select_option("#a-parent", roles["Supervisor"])
    await page.click("form.admin-form button[type=submit]")
    await page.wait_for_selector("h1:has-text('Вторая линия')")
    crumbs = await page.locator(".crumbs").inner_text()
    assert "Supervisor" in crumbs
    second_line = (await hub.runtime.access.role_ids())["Вторая линия"]

    agent = await hub.runtime.users.by_name("agent2")
    assert agent is not None
    await page.goto(f"{hub.url}/admin/users")
    await page.click("text=agent2")
    await page.select_option("#a-role", second_line)
    await page.click(f"form[action$='/users/{agent.id}'] button[type=submit]")
    await page.wait_for_selector("p.notice")
    assert hub.runtime.access.policy.snapshot.user_roles[agent.id] == second_line

    await page.goto(f"{hub.url}/admin/roles/{second_line}")
    assert "Ответова" in await page.locator("section.block:has-text('Пользователи')").inner_text()
    await page.goto(f"{hub.url}/admin/roles")
    item = page.locator(f"#role-tree li[data-role-id='{second_line}']")
    assert "1 пользователь" in await item.inner_text()
    parent_indent = await page.locator(
        f"#role-tree li[data-role-id='{roles['Supervisor']}']"
    ).evaluate("e => e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft)")
    child_indent = await item.evaluate(
        "e => e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft)"
    )
    assert child_indent > parent_indent  # drawn under its parent
    await screenshot(page, "admin-role-tree")
    assert page.script_errors == []


async def test_every_administration_page_opens_cleanly(signed_in, hub: Hub) -> None:
    await hub.runtime.access.add_sharing_rule(
        hub.admin, "HelpDesk", source=("role", "H3"), target=("role_sub", "H4"), access="read"
    )
    await hub.runtime.hub.services.ask(
        "mail.admin",
        hub.admin,
        {"op": "add", "address": "support@example.com", "creates": "ticket"},
    )
    await hub.runtime.hub.services.ask(
        "mail.admin",
        hub.admin,
        {
            "op": "add_rule",
            "address": "support@example.com",
            "conditions": ["subject contains счёт"],
            "action": "create_lead",
        },
    )
    page = await signed_in("admin")
    for name in ("users", "roles", "profiles", "groups", "sharing", "fields", "numbering", "mail"):
        await page.goto(f"{hub.url}/admin/{name}")
        current = page.locator(".admin-sections a[aria-current=page]")
        assert await current.get_attribute("href") == f"/console/admin/{name}"
        await screenshot(page, f"admin-{name}")
    group = await hub.runtime.access.add_group(hub.admin, "Дежурные")
    await hub.runtime.access.add_group_user(hub.admin, group, hub.agent.user_id)
    await hub.runtime.access.add_group_role(hub.admin, group, "H3", subordinates=True)
    for path, name in (
        ("/admin/profiles/1", "admin-profile"),
        ("/admin/profiles/1/fields/Contacts", "admin-profile-fields"),
        ("/admin/roles/H3", "admin-role"),
        (f"/admin/groups/{group}", "admin-group"),
        (f"/admin/users/{hub.agent.user_id}", "admin-user"),
        ("/admin/fields", "admin-field-modules"),
    ):
        response = await page.goto(f"{hub.url}{path}")
        assert response is not None and response.status == 200, path
        await screenshot(page, name)
    await page.goto(f"{hub.url}/admin/users/new")
    await page.click("form.admin-form button[type=submit]")
    assert await page.locator("#a-last_name-error").is_visible()
    await screenshot(page, "admin-user-refused")
    assert page.script_errors == []

    agent = await signed_in("agent1")
    assert await agent.locator("nav.menu >> text=Настройки").count() == 0
    response = await agent.goto(f"{hub.url}/admin/users")
    assert response is not None and response.status == 403
