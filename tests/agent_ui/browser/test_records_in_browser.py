"""An agent's everyday moves in the console, in Chromium: signing in, a
contact form that refuses bad values and then saves, a conflict with a
colleague's save, a filter on a custom field, search as you type, and
switching the language."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.agent_ui.browser.conftest import screenshot
from tests.agent_ui.conftest import PASSWORD, Hub

pytestmark = pytest.mark.browser


async def test_a_wrong_password_is_refused_and_the_right_one_lets_in(chromium, hub: Hub) -> None:
    page = await (await chromium.new_context(locale="en-US")).new_page()
    await page.goto(f"{hub.url}/m/Contacts")
    assert page.url.startswith(f"{hub.url}/signin?next=")
    await page.fill("input[name=user_name]", "agent1")
    await page.fill("input[name=password]", "wrong")
    await page.click("form button[type=submit]")
    assert "wrong" in await page.locator("p.error").inner_text()
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form button[type=submit]")
    await page.wait_for_selector("h1")
    assert page.url == f"{hub.url}/m/Contacts"  # back where the agent was going
    assert await page.locator("h1").inner_text() == "Contacts"
    await page.click("text=Sign out")
    await page.goto(f"{hub.url}/m/Contacts")
    assert "/signin" in page.url


async def test_a_contact_form_keeps_what_was_typed_and_names_each_bad_field(
    signed_in, hub: Hub
) -> None:
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/Contacts/new")
    await page.fill("#f-firstname", "Пётр")
    await page.fill("#f-email", "not-an-address")
    await page.click("button.primary[type=submit]")
    assert await page.locator("#form-errors").is_visible()
    assert await page.input_value("#f-firstname") == "Пётр"  # nothing typed is lost
    assert await page.locator("[data-field=lastname] .field-error").inner_text() == (
        "обязательно для заполнения"
    )
    assert "не адрес" in await page.locator("[data-field=email] .field-error").inner_text()
    assert await page.get_attribute("#f-email", "aria-invalid") == "true"
    await screenshot(page, "contact-form-errors")
    await page.fill("#f-lastname", "Иванов")
    await page.fill("#f-email", "petr@example.ru")
    await page.click("button.primary[type=submit]")
    await page.wait_for_selector(".page-head[data-record-id]")
    assert await page.locator("h1").inner_text() == "Пётр Иванов"
    assert "petr@example.ru" in await page.locator("[data-field=email] dd").inner_text()
    found = await hub.runtime.records.list_records(hub.agent, "Contacts")
    assert [r.get("email") for r in found.records] == ["petr@example.ru"]
    assert page.script_errors == []


async def test_a_save_that_lost_the_race_shows_both_versions_and_overwrites_only_when_asked(
    signed_in, hub: Hub
) -> None:
    contact = await hub.runtime.records.create(
        hub.agent, "Contacts", {"lastname": "Смирнова", "title": "Инженер"}
    )
    mine = await signed_in("agent1")
    await mine.goto(f"{hub.url}/m/Contacts/{contact.id}/edit")
    # A colleague saves first, from another browser.
    theirs = await signed_in("admin")
    await theirs.goto(f"{hub.url}/m/Contacts/{contact.id}/edit")
    await theirs.fill("#f-title", "Главный инженер")
    await theirs.click("button.primary[type=submit]")
    await theirs.wait_for_selector(".page-head[data-record-id]")

    await mine.fill("#f-title", "Ведущий инженер")
    await mine.click("button.primary[type=submit]")
    conflict = mine.locator("#conflict")
    await conflict.wait_for()
    text = await conflict.inner_text()
    assert "Главный инженер" in text and "Ведущий инженер" in text
    assert await mine.input_value("#f-title") == "Ведущий инженер"  # kept
    stored = await hub.runtime.records.get(hub.admin, "Contacts", contact.id)
    assert stored.get("title") == "Главный инженер"  # nothing overwritten yet
    await screenshot(mine, "contact-conflict")

    await mine.click("button.primary[type=submit]")  # deliberately, again
    await mine.wait_for_selector(".page-head[data-record-id]")
    stored = await hub.runtime.records.get(hub.admin, "Contacts", contact.id)
    assert stored.get("title") == "Ведущий инженер"


async def test_a_list_filters_on_a_custom_field_through_the_filter_builder(
    signed_in, hub: Hub
) -> None:
    records = hub.runtime.records
    tier = await records.add_custom_field(
        hub.admin,
        "Contacts",
        {"label": "Уровень клиента", "type": "picklist", "picklist": ["Gold", "Silver"]},
    )
    for name, level in (("Золотова", "Gold"), ("Серебрякова", "Silver"), ("Голдман", "Gold")):
        await records.create(hub.agent, "Contacts", {"lastname": name, tier.name: level})
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/Contacts?columns=lastname,{tier.name}")
    assert await page.locator("table.records tbody tr").count() == 3
    await page.select_option("#filter-field", tier.name)
    await page.select_option("#filter-op", "eq")
    await page.fill("#filter-value", "Gold")
    await page.click("button[name=add_filter]")
    await page.wait_for_selector(".filter")
    names = await page.locator("table.records tbody td[data-field=lastname]").all_inner_texts()
    assert sorted(names) == ["Голдман", "Золотова"]
    assert f"filter={tier.name}:eq:Gold" in unquote(page.url)  # a link that can be shared
    assert f"columns=lastname,{tier.name}" in unquote(page.url)  # the chosen columns stay
    await page.click(".filter .remove-filter")
    await page.wait_for_load_state()
    assert await page.locator("table.records tbody tr").count() == 3


async def test_search_shows_results_as_the_agent_types(signed_in, hub: Hub) -> None:
    await hub.runtime.records.create(
        hub.agent, "Contacts", {"lastname": "Громова", "firstname": "Вера"}
    )
    await hub.runtime.records.create(hub.agent, "Accounts", {"accountname": "Гром и Молния"})
    page = await signed_in("agent1")
    await page.keyboard.press("/")
    assert await page.evaluate("document.activeElement.id") == "global-search"
    await page.keyboard.type("гром")
    results = page.locator("#search-results a")
    await results.first.wait_for()
    texts = await results.all_inner_texts()
    assert any("Вера Громова" in t and "Контакты" in t for t in texts)
    assert any("Гром и Молния" in t for t in texts)
    await screenshot(page, "global-search")
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("Enter")
    await page.wait_for_selector(".page-head[data-record-id]")
    assert "/m/" in page.url


async def test_the_language_follows_the_browser_until_the_agent_picks_one(
    signed_in, hub: Hub
) -> None:
    page = await signed_in("agent1", locale="en-US")
    await page.goto(f"{hub.url}/m/Contacts")
    assert await page.locator("h1").inner_text() == "Contacts"
    await page.click("nav.languages a[lang=ru]")
    await page.wait_for_load_state()
    assert page.url.endswith("/m/Contacts")
    assert await page.locator("h1").inner_text() == "Контакты"
    await page.goto(f"{hub.url}/m/HelpDesk")
    assert await page.locator("h1").inner_text() == "Заявки"  # the choice sticks
    assert await page.get_attribute("html", "lang") == "ru"


async def test_an_open_record_page_learns_that_someone_else_changed_it(signed_in, hub: Hub) -> None:
    contact = await hub.runtime.records.create(hub.agent, "Contacts", {"lastname": "Лебедева"})
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/Contacts/{contact.id}")
    await page.wait_for_selector("#live-status[data-state=online]")
    notice = page.locator("#stale-notice")
    assert not await notice.is_visible()
    await hub.runtime.records.update(
        hub.admin, "Contacts", contact.id, {"title": "Бухгалтер"}, expected_version=contact.version
    )
    await notice.wait_for(state="visible", timeout=5000)


async def test_a_list_assigns_and_deletes_chosen_records_in_bulk(signed_in, hub: Hub) -> None:
    records = hub.runtime.records
    made = [
        await records.create(hub.agent, "Contacts", {"lastname": name})
        for name in ("Первая", "Вторая", "Третья")
    ]
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/Contacts?sort=lastname")
    for record in made[:2]:
        await page.check(f"input[name=ids][value='{record.id}']")
    await page.select_option("#bulk-action", "assign")
    assert await page.locator("#bulk select[name=field]").is_hidden()
    await page.select_option("#bulk select[name=owner]", str(hub.other_agent.user_id))
    await page.click("#bulk button[type=submit]")
    await page.locator("#bulk-report").wait_for()
    assert "Изменены 2 записи" in await page.locator("#bulk-report").inner_text()
    assert "sort=lastname" in page.url  # back on the same list
    owners = {
        r.get("lastname"): r.get("assigned_user_id")
        for r in (await records.list_records(hub.admin, "Contacts")).records
    }
    assert owners == {
        "Первая": hub.other_agent.user_id,
        "Вторая": hub.other_agent.user_id,
        "Третья": hub.agent.user_id,
    }

    await page.click("summary:has-text('Столбцы')")
    await page.check("input[name=column][value=title]")
    await page.click("text=Показать эти столбцы")
    await page.wait_for_selector("th:has-text('Заголовок')")
    assert "columns=" in page.url and "title" in unquote(page.url)

    page.on("dialog", lambda dialog: dialog.accept())
    await page.check(f"input[name=ids][value='{made[2].id}']")
    await page.select_option("#bulk-action", "delete")
    await page.click("#bulk button[type=submit]")
    await page.locator("#bulk-report").wait_for()
    left = [r.get("lastname") for r in (await records.list_records(hub.admin, "Contacts")).records]
    assert sorted(left) == ["Вторая", "Первая"]


async def test_an_agent_is_told_live_when_a_ticket_is_assigned_to_them(signed_in, hub: Hub) -> None:
    page = await signed_in("agent1")
    ticket = await hub.runtime.records.create(
        hub.admin,
        "HelpDesk",
        {"ticket_title": "Перезвонить клиенту", "assigned_user_id": hub.agent.user_id},
    )
    notice = page.locator("#notifications a.note", has_text="Вам назначено: Перезвонить клиенту")
    await notice.wait_for(timeout=10_000)
    assert await notice.get_attribute("href") == f"/console/m/HelpDesk/{ticket.id}"
    other = await signed_in("agent2")
    await hub.runtime.records.create(
        hub.admin, "HelpDesk", {"ticket_title": "Ещё одна", "assigned_user_id": hub.agent.user_id}
    )
    await page.locator("#notifications a.note", has_text="Ещё одна").wait_for(timeout=10_000)
    assert await other.locator("#notifications .note").count() == 0  # not theirs


async def test_a_reference_is_picked_by_name_not_by_number(signed_in, hub: Hub) -> None:
    contact = await hub.runtime.records.create(
        hub.agent, "Contacts", {"firstname": "Вера", "lastname": "Громова"}
    )
    await hub.runtime.records.create(hub.agent, "Accounts", {"accountname": "Громкий звук"})
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/HelpDesk/new")
    await page.fill("#f-ticket_title", "Вопрос о заказе")
    await page.fill("#f-contact_id-search", "Громова")
    choice = page.locator("[data-field=contact_id] .picker-results button", has_text="Вера Громова")
    await choice.wait_for()
    # Only contacts are offered for a contact field.
    assert await page.locator("[data-field=contact_id] .picker-results button").count() == 1
    await choice.click()
    await page.click("button.primary[type=submit]")
    await page.wait_for_selector(".page-head[data-record-id]")
    assert await page.locator("[data-field=contact_id] dd a").inner_text() == "Вера Громова"
    tickets = await hub.runtime.records.list_records(hub.agent, "HelpDesk")
    assert [t.get("contact_id") for t in tickets.records] == [contact.id]
