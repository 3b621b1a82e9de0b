"""Console pages over plain HTTP: who may see them, forms that must come from
our own pages, values that must stay text, and records that must stay
private."""

from __future__ import annotations

import re

import aiohttp
import pytest
from yarl import URL

from tests.agent_ui.conftest import PASSWORD, Hub

SCRIPT = '<script>alert("x")</script>'
IMAGE = "<img src=x onerror=alert(1)>"


async def browser_for(hub: Hub, user_name: str) -> aiohttp.ClientSession:
    """A cookie-keeping client signed in through the sign-in form."""
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.get(f"{hub.url}/signin") as response:
        token = re.search(r'name="signin_token" value="([^"]+)"', await response.text())
    assert token is not None
    async with session.post(
        f"{hub.url}/signin",
        data={"signin_token": token[1], "user_name": user_name, "password": PASSWORD},
        allow_redirects=False,
    ) as response:
        assert response.status == 303, await response.text()
    return session


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found[1]


async def test_strangers_are_sent_to_sign_in_and_back(hub: Hub) -> None:
    async with aiohttp.ClientSession() as stranger:
        async with stranger.get(f"{hub.url}/m/Contacts?sort=lastname", allow_redirects=False) as r:
            assert r.status == 303
            location = URL(r.headers["Location"])
            assert location.path == "/console/signin"
            assert location.query["next"] == "/console/m/Contacts?sort=lastname"
        async with stranger.post(f"{hub.url}/m/Contacts/new", data={"lastname": "X"}) as r:
            assert r.status == 401
    assert (await hub.runtime.records.list_records(hub.admin, "Contacts")).records == []


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/api/v1/session", "javascript:alert(1)"]
)
async def test_sign_in_never_sends_the_user_to_another_site(hub: Hub, target: str) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        async with client.get(f"{hub.url}/signin") as response:
            token = re.search(r'name="signin_token" value="([^"]+)"', await response.text())
        assert token is not None
        async with client.post(
            f"{hub.url}/signin",
            data={
                "signin_token": token[1],
                "user_name": "agent1",
                "password": PASSWORD,
                "next": target,
            },
            allow_redirects=False,
        ) as response:
            assert response.status == 303
            assert response.headers["Location"] == "/console/"


async def test_a_sign_in_form_from_elsewhere_is_refused(hub: Hub) -> None:
    async with (
        aiohttp.ClientSession() as client,
        client.post(
            f"{hub.url}/signin",
            data={"user_name": "agent1", "password": PASSWORD, "signin_token": "guess"},
            allow_redirects=False,
        ) as response,
    ):
        assert response.status == 403
        assert "sb_session" not in response.cookies


async def test_form_posts_without_the_session_token_are_refused(hub: Hub) -> None:
    contact = await hub.runtime.records.create(hub.agent, "Contacts", {"lastname": "Орлова"})
    browser = await browser_for(hub, "agent1")
    async with browser:
        for token in (None, "forged"):
            data = {"lastname": "Подделкин"} | ({"csrf_token": token} if token else {})
            async with browser.post(f"{hub.url}/m/Contacts/new", data=data) as response:
                assert response.status == 403
            async with browser.post(
                f"{hub.url}/m/Contacts/{contact.id}/delete", data=data
            ) as response:
                assert response.status == 403
        async with browser.get(f"{hub.url}/m/Contacts/new") as response:
            token = csrf_of(await response.text())
        async with browser.post(
            f"{hub.url}/m/Contacts/new", data={"csrf_token": token, "lastname": "Настоящий"}
        ) as response:
            assert response.status == 200  # followed to the new record's page
    names = sorted(
        r.get("lastname")
        for r in (await hub.runtime.records.list_records(hub.agent, "Contacts")).records
    )
    assert names == ["Настоящий", "Орлова"]


async def test_stored_markup_is_shown_as_text_on_every_page(hub: Hub) -> None:
    contact = await hub.runtime.records.create(
        hub.agent,
        "Contacts",
        {
            "lastname": SCRIPT + IMAGE,
            "firstname": SCRIPT,
            "title": IMAGE,
            "description": SCRIPT + IMAGE,
            "department": IMAGE,
        },
    )
    ticket = await hub.runtime.records.create(
        hub.agent, "HelpDesk", {"ticket_title": SCRIPT + IMAGE, "contact_id": contact.id}
    )
    browser = await browser_for(hub, "agent1")
    async with browser:
        pages = [
            f"{hub.url}/m/Contacts",
            f"{hub.url}/m/Contacts/{contact.id}",
            f"{hub.url}/m/Contacts/{contact.id}/edit",
            f"{hub.url}/m/HelpDesk/{ticket.id}",
            f"{hub.url}/m/Contacts/{contact.id}/related/HelpDesk",
            f"{hub.url}/search?q=alert",
            f"{hub.url}/m/Contacts?filter=lastname:contains:{SCRIPT}",
        ]
        for url in pages:
            async with browser.get(url) as response:
                html = await response.text()
            assert response.status == 200, url
            assert "<script>alert" not in html, url
            assert "<img src=x" not in html, url
        async with browser.get(f"{hub.url}/m/Contacts/{contact.id}") as response:
            assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in await response.text()


async def test_a_private_record_is_neither_shown_nor_named(hub: Hub) -> None:
    records, access = hub.runtime.records, hub.runtime.access
    await access.set_org_sharing(hub.admin, "Contacts", "private")
    secret = await records.create(
        hub.other_agent,
        "Contacts",
        {"lastname": "Тайнова", "assigned_user_id": hub.other_agent.user_id},
    )
    ticket = await records.create(
        hub.agent, "HelpDesk", {"ticket_title": "Вопрос по счёту", "contact_id": secret.id}
    )
    browser = await browser_for(hub, "agent1")
    async with browser:
        async with browser.get(f"{hub.url}/m/Contacts/{secret.id}") as response:
            assert response.status == 404
            assert "Тайнова" not in await response.text()
        async with browser.get(f"{hub.url}/m/Contacts") as response:
            assert "Тайнова" not in await response.text()
        async with browser.get(f"{hub.url}/m/HelpDesk/{ticket.id}") as response:
            html = await response.text()
        assert response.status == 200
        assert "Тайнова" not in html
        assert "(недоступно)" in html
        async with browser.get(f"{hub.url}/search?q=Тайнова") as response:
            assert "Тайнова</a>" not in await response.text()


async def test_bad_addresses_get_pages_that_say_what_is_wrong(hub: Hub) -> None:
    browser = await browser_for(hub, "agent1")
    async with browser:
        async with browser.get(f"{hub.url}/m/NoSuchModule") as response:
            assert response.status == 404
            assert "Не найдено" in await response.text()
        async with browser.get(f"{hub.url}/m/Contacts?filter=lastname:likes:x") as response:
            assert response.status == 400
            assert "likes" in await response.text()
        async with browser.get(f"{hub.url}/m/Contacts/999999") as response:
            assert response.status == 404
        async with browser.get(f"{hub.url}/m/Contacts?sort=nosuchfield") as response:
            assert response.status == 400


async def test_bulk_changes_only_what_the_user_may_change(hub: Hub) -> None:
    records, access = hub.runtime.records, hub.runtime.access
    await access.set_org_sharing(hub.admin, "Contacts", "private")
    mine = await records.create(hub.agent, "Contacts", {"lastname": "Моя"})
    theirs = await records.create(
        hub.other_agent,
        "Contacts",
        {"lastname": "Чужая", "assigned_user_id": hub.other_agent.user_id},
    )
    browser = await browser_for(hub, "agent1")
    async with browser:
        async with browser.get(f"{hub.url}/m/Contacts") as response:
            token = csrf_of(await response.text())
        form = {
            "csrf_token": token,
            "action": "edit",
            "field": "title",
            "value": "Клиент",
            "back": "/console/m/Contacts",
        }
        async with browser.post(
            f"{hub.url}/m/Contacts/bulk",
            data=[*form.items(), ("ids", str(mine.id)), ("ids", str(theirs.id))],
            allow_redirects=False,
        ) as response:
            assert response.status == 303
            report = URL(response.headers["Location"]).query
        assert (report["bulk_done"], report["bulk_refused"]) == ("1", "1")
        async with browser.post(
            f"{hub.url}/m/Contacts/bulk", data={**form, "ids": str(mine.id), "csrf_token": "x"}
        ) as response:
            assert response.status == 403
        for bad in (
            {"ids": "abc"},
            {"field": "created_user_id", "ids": str(mine.id)},
            {"action": "explode", "ids": str(mine.id)},
        ):
            async with browser.post(f"{hub.url}/m/Contacts/bulk", data={**form, **bad}) as response:
                assert response.status == 400, bad
    assert (await records.get(hub.agent, "Contacts", mine.id)).get("title") == "Клиент"
    assert (await records.get(hub.other_agent, "Contacts", theirs.id)).get("title") is None


async def test_a_saved_view_is_offered_again_and_shared_views_reach_colleagues(hub: Hub) -> None:
    await hub.runtime.records.create(
        hub.agent, "Contacts", {"lastname": "Фильтрова", "title": "VIP"}
    )
    await hub.runtime.records.create(hub.agent, "Contacts", {"lastname": "Обычная"})
    query = "filter=title:eq:VIP&sort=lastname"
    mine = await browser_for(hub, "agent1")
    async with mine:
        async with mine.get(f"{hub.url}/m/Contacts?{query}") as response:
            token = csrf_of(await response.text())
        async with mine.post(
            f"{hub.url}/m/Contacts/views",
            data={"csrf_token": token, "query": query, "name": "Важные", "shared": "on"},
        ) as response:
            html = await response.text()
        assert "Фильтрова" in html and "Обычная" not in html  # the view, opened
        assert 'aria-current="true">Важные</a>' in html
        async with mine.post(
            f"{hub.url}/m/Contacts/views",
            data={"csrf_token": token, "query": query, "name": "Важные"},
        ) as response:
            assert "already have a view" in await response.text()
    colleague = await browser_for(hub, "agent2")
    async with colleague, colleague.get(f"{hub.url}/m/Contacts") as response:
        assert ">Важные</a>" in await response.text()


async def test_a_contacts_timeline_holds_its_tasks_and_events(hub: Hub) -> None:
    records = hub.runtime.records
    contact = await records.create(hub.admin, "Contacts", {"lastname": "Сроков"})
    await records.create(
        hub.admin,
        "Tasks",
        {
            "subject": "Перезвонить по договору",
            "date_start": "2026-12-08T09:00:00+00:00",
            "due_date": "2026-12-08",
            "contact_id": contact.id,
            "taskstatus": "In Progress",
        },
    )
    await records.create(
        hub.admin,
        "Events",
        {
            "subject": "Встреча в офисе",
            "date_start": "2026-12-09T10:00:00+00:00",
            "due_date": "2026-12-09T11:00:00+00:00",
            "contact_id": contact.id,
            "activitytype": "Meeting",
        },
    )
    agent = await browser_for(hub, "admin")
    async with agent, agent.get(f"{hub.url}/m/Contacts/{contact.id}") as response:
        assert response.status == 200
        page = await response.text()
    timeline = page[page.index('id="timeline"') :]
    task = re.search(r'<li class="entry tasks">(.*?)</li>', timeline, re.S)
    event = re.search(r'<li class="entry events">(.*?)</li>', timeline, re.S)
    assert task is not None and event is not None
    assert "Задача" in task[1] and "В работе" in task[1] and "Перезвонить по договору" in task[1]
    assert "Событие" in event[1] and "Встреча" in event[1] and "Встреча в офисе" in event[1]
    # newest first: the meeting on the 9th comes before the call-back on the 8th
    assert timeline.index("Встреча в офисе") < timeline.index("Перезвонить по договору")
