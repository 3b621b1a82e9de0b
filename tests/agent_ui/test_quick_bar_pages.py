"""The ticket quick bar over plain HTTP: status, priority and assignee changed
from the ticket's page through the record service, with the user's rights,
the page's version and the session's form token."""

from __future__ import annotations

import html
import re

import aiohttp

from crm_core.access import Actor
from crm_core.records.model import Record
from tests.agent_ui.conftest import PASSWORD, Hub
from tests.agent_ui.test_console_pages import browser_for, csrf_of


def bar_of(page: str) -> str:
    """The quick bar's form as the page has it, or "" when there is none."""
    found = re.search(r'<form[^>]*id="quick-bar".*?</form>', page, re.S)
    return found[0] if found else ""


def selected(bar: str, name: str) -> str:
    select = re.search(rf'<select id="quick-{name}".*?</select>', bar, re.S)
    assert select is not None, name
    chosen = re.search(r'<option value="([^"]*)"\s+selected', select[0])
    assert chosen is not None, name
    return html.unescape(chosen[1])


async def _ticket(hub: Hub, **values: object) -> Record:
    return await hub.runtime.records.create(
        hub.agent, "HelpDesk", {"ticket_title": "Не приходит счёт", **values}
    )


async def _page(browser: aiohttp.ClientSession, hub: Hub, ticket_id: int) -> str:
    async with browser.get(f"{hub.url}/m/HelpDesk/{ticket_id}") as response:
        assert response.status == 200
        return await response.text()


def _form(page: str, **values: object) -> dict[str, str]:
    bar = bar_of(page)
    version = re.search(r'name="version" value="(\d+)"', bar)
    assert version is not None
    form = {
        "csrf_token": csrf_of(page),
        "version": version[1],
        **{
            name: html.unescape(value)
            for name, value in re.findall(r'name="(was_\w+)" value="([^"]*)"', bar)
        },
        "ticketstatus": selected(bar, "ticketstatus"),
        "ticketpriorities": selected(bar, "ticketpriorities"),
        "assigned_user_id": selected(bar, "assigned_user_id"),
    }
    return form | {k: str(v) for k, v in values.items()}


async def test_a_status_change_from_the_bar_is_saved_and_nothing_else_changes(hub: Hub) -> None:
    ticket = await _ticket(hub, ticketpriorities="High")
    async with await browser_for(hub, "agent1") as browser:
        page = await _page(browser, hub, ticket.id)
        bar = bar_of(page)
        assert f'action="/console/m/HelpDesk/{ticket.id}/quick"' in bar
        assert selected(bar, "ticketstatus") == "Open"
        assert selected(bar, "ticketpriorities") == "High"
        assert selected(bar, "assigned_user_id") == str(hub.agent.user_id)
        assert ">В работе</option>" in bar  # the values in the reader's language
        async with browser.post(
            f"{hub.url}/m/HelpDesk/{ticket.id}/quick",
            data=_form(page, ticketstatus="In Progress"),
            allow_redirects=False,
        ) as response:
            assert response.status == 303
            assert response.headers["Location"] == f"/console/m/HelpDesk/{ticket.id}"
        after = await _page(browser, hub, ticket.id)
        assert selected(bar_of(after), "ticketstatus") == "In Progress"
    saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
    assert saved.get("ticketstatus") == "In Progress"
    assert saved.get("ticketpriorities") == "High"
    assert saved.version == ticket.version + 1
    history = await hub.runtime.records.history(hub.admin, "HelpDesk", ticket.id)
    assert set(history[-1].changes) - {"modifiedtime", "modifiedby"} == {"ticketstatus"}
    assert history[-1].actor_id == hub.agent.user_id


async def test_a_ticket_is_given_to_a_group_from_the_bar(hub: Hub) -> None:
    access, system = hub.runtime.access, hub.runtime.system_actor
    hotline = await access.add_group(system, "Горячая линия")
    await access.add_group_user(system, hotline, hub.agent.user_id)
    ticket = await _ticket(hub)
    async with await browser_for(hub, "agent1") as browser:
        page = await _page(browser, hub, ticket.id)
        bar = bar_of(page)
        groups = re.search(r'<optgroup label="Группы">(.*?)</optgroup>', bar, re.S)
        assert groups is not None
        assert f'<option value="{hotline}" >Горячая линия</option>' in groups[1]
        async with browser.post(
            f"{hub.url}/m/HelpDesk/{ticket.id}/quick",
            data=_form(page, assigned_user_id=hotline, ticketpriorities="Urgent"),
        ) as response:
            assert response.status == 200  # followed back to the ticket
            after = bar_of(await response.text())
        assert selected(after, "assigned_user_id") == str(hotline)
    saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
    assert (saved.get("assigned_user_id"), saved.get("ticketpriorities")) == (hotline, "Urgent")


async def test_a_bar_drawn_before_someone_elses_save_gets_the_conflict(hub: Hub) -> None:
    ticket = await _ticket(hub)
    quick = f"{hub.url}/m/HelpDesk/{ticket.id}/quick"
    async with await browser_for(hub, "agent1") as browser:
        page = await _page(browser, hub, ticket.id)
        # A colleague closes the ticket while the page is open.
        await hub.runtime.records.update(
            hub.supervisor,
            "HelpDesk",
            ticket.id,
            {"ticketstatus": "Closed"},
            expected_version=ticket.version,
        )
        async with browser.post(
            quick, data=_form(page, ticketstatus="Wait For Response")
        ) as response:
            assert response.status == 409
            answer = await response.text()
        bar = bar_of(answer)
        assert 'role="alert" id="quick-conflict"' in bar
        assert "Пока вы редактировали запись, её сохранил кто-то другой" in bar
        # The choice is kept to be sent again on purpose, at the version now shown.
        assert selected(bar, "ticketstatus") == "Wait For Response"
        assert f'name="version" value="{ticket.version + 1}"' in bar
        saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
        assert (saved.get("ticketstatus"), saved.version) == ("Closed", ticket.version + 1)

        # The colleague saves again: the conflict once more.
        await hub.runtime.records.update(
            hub.supervisor, "HelpDesk", ticket.id, {"ticketpriorities": "Low"}
        )
        async with browser.post(quick, data=_form(answer), allow_redirects=False) as response:
            assert response.status == 409
            answer = await response.text()
        # Sent from the latest bar, only what this agent chose is sent: the
        # colleague's priority stays.
        async with browser.post(quick, data=_form(answer), allow_redirects=False) as response:
            assert response.status == 303
    saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
    assert (saved.get("ticketstatus"), saved.get("ticketpriorities")) == (
        "Wait For Response",
        "Low",
    )


async def _reader(hub: Hub) -> Actor:
    """A user whose profile may read every ticket and change none."""
    access, system = hub.runtime.access, hub.runtime.system_actor
    profile = await access.add_profile(system, "Ticket readers", view_all=True)
    await access.set_module_rights(
        system, profile, "HelpDesk", view=True, create=False, edit=False, delete=False
    )
    roles = await access.role_ids()
    role = await access.add_role(system, "Reader", roles["Support Agent"])
    await access.link_profile(system, role, profile)
    user = await hub.runtime.users.add(
        user_name="reader", last_name="Читатель", password=PASSWORD, role_id=role
    )
    return user.actor()


async def test_a_user_who_may_not_edit_tickets_has_no_bar_and_is_refused(hub: Hub) -> None:
    await _reader(hub)
    ticket = await _ticket(hub)
    async with await browser_for(hub, "agent1") as agent:
        form = _form(await _page(agent, hub, ticket.id), ticketstatus="Closed")
    async with await browser_for(hub, "reader") as reader:
        page = await _page(reader, hub, ticket.id)
        assert "Не приходит счёт" in page
        assert bar_of(page) == ""
        form["csrf_token"] = csrf_of(page)
        async with reader.post(f"{hub.url}/m/HelpDesk/{ticket.id}/quick", data=form) as response:
            assert response.status == 403
    saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
    assert (saved.get("ticketstatus"), saved.version) == ("Open", ticket.version)


async def test_a_bar_post_without_the_session_token_is_refused(hub: Hub) -> None:
    ticket = await _ticket(hub)
    async with await browser_for(hub, "agent1") as browser:
        form = _form(await _page(browser, hub, ticket.id), ticketstatus="Closed")
        for token in (None, "forged"):
            data = {k: v for k, v in form.items() if k != "csrf_token"}
            if token is not None:
                data["csrf_token"] = token
            async with browser.post(
                f"{hub.url}/m/HelpDesk/{ticket.id}/quick", data=data
            ) as response:
                assert response.status == 403
    saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
    assert (saved.get("ticketstatus"), saved.version) == ("Open", ticket.version)


async def test_a_bad_value_comes_back_with_the_reason_next_to_its_field(hub: Hub) -> None:
    ticket = await _ticket(hub)
    async with await browser_for(hub, "agent1") as browser:
        page = await _page(browser, hub, ticket.id)
        for values, field, reason in (
            ({"ticketstatus": "Forgotten"}, "ticketstatus", "нет среди допустимых значений"),
            ({"ticketpriorities": ""}, "ticketpriorities", "обязательно для заполнения"),
            ({"assigned_user_id": "999999"}, "assigned_user_id", "нет такого пользователя"),
        ):
            async with browser.post(
                f"{hub.url}/m/HelpDesk/{ticket.id}/quick", data=_form(page, **values)
            ) as response:
                assert response.status == 422, values
                bar = bar_of(await response.text())
            assert f'id="quick-{field}" name="{field}" aria-invalid="true"' in bar, field
            error = re.search(
                rf'<p class="field-error" id="quick-{field}-error"[^>]*>(.*?)</p>', bar
            )
            assert error is not None, field
            assert reason in error[1], (field, error[1])
        # Without a version the form cannot say what it changed.
        form = _form(page)
        del form["version"]
        async with browser.post(f"{hub.url}/m/HelpDesk/{ticket.id}/quick", data=form) as response:
            assert response.status == 400
    saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
    assert saved.version == ticket.version


async def test_other_modules_have_no_quick_bar(hub: Hub) -> None:
    contact = await hub.runtime.records.create(hub.agent, "Contacts", {"lastname": "Орлова"})
    async with await browser_for(hub, "agent1") as browser:
        async with browser.get(f"{hub.url}/m/Contacts/{contact.id}") as response:
            assert bar_of(await response.text()) == ""
        async with browser.get(f"{hub.url}/m/Contacts/{contact.id}") as response:
            token = csrf_of(await response.text())
        async with browser.post(
            f"{hub.url}/m/Contacts/{contact.id}/quick",
            data={"csrf_token": token, "version": str(contact.version), "lastname": "Иванова"},
        ) as response:
            assert response.status == 404
    saved = await hub.runtime.records.get(hub.admin, "Contacts", contact.id)
    assert saved.get("lastname") == "Орлова"
