"""The calendar over plain HTTP: which days each view shows (Monday first in
Russian, the reader's time zone at the edges), the month grid, whose items a
user sees, the quick-create form, and addresses the calendar cannot show."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import aiohttp
from yarl import URL

from agent_ui.console.pages.calendar_layout import Item, lay_out
from agent_ui.console.pages.calendar_range import span_for
from tests.agent_ui.conftest import PASSWORD, Hub
from tests.agent_ui.test_console_pages import IMAGE, SCRIPT, browser_for, csrf_of

RU = {"Accept-Language": "ru-RU,ru;q=0.9"}


def zone(hub: Hub) -> ZoneInfo:
    return ZoneInfo(hub.runtime.settings.locale.time_zone)


def at(hub: Hub, day: str, time: str) -> str:
    """A local wall-clock time of the hub's zone, as the API takes it."""
    moment = dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=zone(hub))
    return moment.isoformat()


async def event(hub: Hub, who, subject: str, start: str, end: str, **more) -> int:  # type: ignore[no-untyped-def]
    record = await hub.runtime.records.create(
        who,
        "Events",
        {
            "subject": subject,
            "date_start": start,
            "due_date": end,
            "assigned_user_id": who.user_id,
            **more,
        },
    )
    return record.id


async def task(hub: Hub, who, subject: str, due: str) -> int:  # type: ignore[no-untyped-def]
    record = await hub.runtime.records.create(
        who,
        "Tasks",
        {
            "subject": subject,
            "date_start": at(hub, due, "09:00"),
            "due_date": due,
            "assigned_user_id": who.user_id,
        },
    )
    return record.id


async def calendar(browser: aiohttp.ClientSession, hub: Hub, query: str) -> tuple[int, str]:
    async with browser.get(f"{hub.url}/calendar?{query}", headers=RU) as response:
        # Babel puts no-break spaces in dates ("2026 г."); compared as spaces.
        text = (await response.text()).replace("\u202f", " ").replace("\xa0", " ")
        return response.status, text


def shown_dates(html: str) -> list[str]:
    return re.findall(r'class="cal-day[^"]*" data-date="([\d-]+)"', html)


def shown_ids(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'data-record-id="(\d+)"', html)}


async def test_a_russian_week_runs_monday_to_sunday_with_its_items(hub: Hub) -> None:
    inside = await event(
        hub, hub.agent, "Планёрка", at(hub, "2026-12-09", "10:00"), at(hub, "2026-12-09", "11:00")
    )
    sunday_night = await event(
        hub, hub.agent, "Поздно", at(hub, "2026-12-13", "23:00"), at(hub, "2026-12-13", "23:30")
    )
    next_monday = await event(
        hub, hub.agent, "Потом", at(hub, "2026-12-14", "00:00"), at(hub, "2026-12-14", "01:00")
    )
    ended_at_midnight = await event(
        hub,
        hub.agent,
        "До полуночи",
        at(hub, "2026-12-06", "22:00"),
        at(hub, "2026-12-07", "00:00"),
    )
    overnight = await event(
        hub,
        hub.agent,
        "Ночная смена",
        at(hub, "2026-12-06", "22:00"),
        at(hub, "2026-12-07", "02:00"),
    )
    due_sunday = await task(hub, hub.agent, "Отчёт", "2026-12-13")
    due_later = await task(hub, hub.agent, "Позже", "2026-12-14")
    browser = await browser_for(hub, "agent1")
    async with browser:
        status, html = await calendar(browser, hub, "view=week&date=2026-12-10")
    assert status == 200
    assert shown_dates(html) == [f"2026-12-{d:02}" for d in range(7, 14)]
    assert ">пн 7<" in html and ">вс 13<" in html
    assert "7—13 дек. 2026 г." in html
    ids = shown_ids(html)
    assert {inside, sunday_night, overnight, due_sunday} <= ids
    assert not {next_monday, ended_at_midnight, due_later} & ids
    # the night shift is drawn from Monday's midnight, continued from Sunday
    piece = re.search(
        rf'<a class="cal-item[^"]*from-before[^"]*"[^>]*data-record-id="{overnight}"', html
    )
    assert piece is not None
    assert "10:00–11:00" in html


async def test_the_day_view_shows_one_day_and_steps_a_day(hub: Hub) -> None:
    today = await event(
        hub, hub.agent, "Сегодня", at(hub, "2026-12-09", "09:00"), at(hub, "2026-12-09", "09:30")
    )
    tomorrow = await event(
        hub, hub.agent, "Завтра", at(hub, "2026-12-10", "09:00"), at(hub, "2026-12-10", "09:30")
    )
    browser = await browser_for(hub, "agent1")
    async with browser:
        status, html = await calendar(browser, hub, "view=day&date=2026-12-09")
    assert status == 200
    assert shown_dates(html) == ["2026-12-09"]
    assert today in shown_ids(html) and tomorrow not in shown_ids(html)
    assert "Среда, 9 декабря 2026 г." in html
    prev = re.search(r'href="([^"]+)" rel="prev"', html)
    nxt = re.search(r'href="([^"]+)" rel="next"', html)
    assert prev and nxt
    assert URL(prev[1].replace("&amp;", "&")).query["date"] == "2026-12-08"
    assert URL(nxt[1].replace("&amp;", "&")).query["date"] == "2026-12-10"


async def test_the_month_grid_covers_whole_weeks(hub: Hub) -> None:
    first = await event(
        hub, hub.agent, "Первое", at(hub, "2026-11-30", "12:00"), at(hub, "2026-11-30", "13:00")
    )
    browser = await browser_for(hub, "agent1")
    async with browser:
        status, december = await calendar(browser, hub, "view=month&date=2026-12-15")
        _, february = await calendar(browser, hub, "view=month&date=2027-02-10")
        _, january = await calendar(browser, hub, "view=month&date=2027-01-31")
    assert status == 200
    cells = re.findall(r'<td class="cal-cell[^"]*" data-date="([\d-]+)"', december)
    assert len(cells) == 35 and cells[0] == "2026-11-30" and cells[-1] == "2027-01-03"
    assert december.count("<tr>") == 1 + 5  # the weekday names, then five weeks
    assert "Декабрь 2026" in december
    assert first in shown_ids(december)  # the leading Monday is November's, and shown
    assert december.count("other-month") == 4
    february_cells = re.findall(r'<td class="cal-cell[^"]*" data-date="([\d-]+)"', february)
    assert (february_cells[0], february_cells[-1], len(february_cells)) == (
        "2027-02-01",
        "2027-02-28",
        28,
    )
    # a month's next page keeps the day where the next month has it
    nxt = re.search(r'href="([^"]+)" rel="next"', january)
    assert nxt is not None and URL(nxt[1].replace("&amp;", "&")).query["date"] == "2027-02-28"


async def test_a_month_cell_lists_a_few_items_then_how_many_more(hub: Hub) -> None:
    for hour in range(8, 15):
        await event(
            hub,
            hub.agent,
            f"Встреча {hour}",
            at(hub, "2026-12-09", f"{hour:02}:00"),
            at(hub, "2026-12-09", f"{hour:02}:30"),
        )
    browser = await browser_for(hub, "agent1")
    async with browser:
        _, html = await calendar(browser, hub, "view=month&date=2026-12-09")
    cell = re.search(r'data-date="2026-12-09">(.*?)</td>', html, re.S)
    assert cell is not None
    assert cell[1].count('class="cal-item') == 4
    assert "ещё 3" in cell[1]


async def test_a_teammate_s_items_show_only_when_access_allows(hub: Hub) -> None:
    records, access = hub.runtime.records, hub.runtime.access
    colleague = await event(
        hub,
        hub.other_agent,
        "Встреча Светланы",
        at(hub, "2026-12-09", "15:00"),
        at(hub, "2026-12-09", "16:00"),
    )
    mine = await event(
        hub,
        hub.agent,
        "Моя встреча",
        at(hub, "2026-12-09", "10:00"),
        at(hub, "2026-12-09", "11:00"),
    )
    week = "view=week&date=2026-12-09"
    other_id = hub.other_agent.user_id
    agent = await browser_for(hub, "agent1")
    supervisor = await browser_for(hub, "supervisor")
    async with agent, supervisor:
        # Events are private by default, as in vtiger: a peer's stay theirs.
        status, html = await calendar(agent, hub, f"{week}&who={other_id}")
        assert status == 200
        assert shown_ids(html) == set() and "Встреча Светланы" not in html
        _, html = await calendar(agent, hub, week)
        assert shown_ids(html) == {mine}  # one's own calendar by default
        _, html = await calendar(agent, hub, f"{week}&who=team")
        assert shown_ids(html) == {mine}
        assert f'<option value="{other_id}"' not in html  # a peer is not the agent's team

        # The supervisor's role is above both agents': the team is theirs to see.
        _, html = await calendar(supervisor, hub, f"{week}&who=team")
        assert shown_ids(html) == {mine, colleague}
        assert "Светлана Ответова" in html and "Дмитрий Звонков" in html
        assert f'<option value="{other_id}"' in html
        _, html = await calendar(supervisor, hub, f"{week}&who={other_id}")
        assert shown_ids(html) == {colleague}

        # Opened to everyone for reading, the colleague's calendar shows.
        await access.set_org_sharing(hub.admin, "Events", "public_read")
        _, html = await calendar(agent, hub, f"{week}&who={other_id}")
        assert shown_ids(html) == {colleague}
    assert (await records.get(hub.agent, "Events", colleague)).id == colleague


async def test_bad_addresses_say_what_is_wrong(hub: Hub) -> None:
    browser = await browser_for(hub, "agent1")
    async with browser:
        for query, words in (
            ("view=year", "year"),
            ("date=2026-13-01", "2026-13-01"),
            ("date=tomorrow", "ГГГГ-ММ-ДД"),
            ("date=0999-01-01", "1900-01-01"),
            ("who=nobody", "nobody"),
            ("who=999999", "999999"),
            (f"view={SCRIPT}", "&lt;script&gt;"),
        ):
            status, html = await calendar(browser, hub, query)
            assert status == 400, query
            assert words in html, query
            assert "<script>alert" not in html


async def test_items_are_text_and_show_their_reminder(hub: Hub) -> None:
    record = await event(
        hub,
        hub.agent,
        SCRIPT + IMAGE,
        at(hub, "2026-12-09", "10:00"),
        at(hub, "2026-12-09", "11:00"),
        reminder_time=15,
    )
    browser = await browser_for(hub, "agent1")
    async with browser:
        for view in ("day", "week", "month"):
            status, html = await calendar(browser, hub, f"view={view}&date=2026-12-09")
            assert status == 200
            assert record in shown_ids(html)
            assert "<script>alert" not in html and "<img src=x" not in html
            assert "Напоминание за 15 минут" in html


async def test_an_empty_hour_links_to_a_new_event_at_that_hour(hub: Hub) -> None:
    browser = await browser_for(hub, "agent1")
    async with browser:
        _, html = await calendar(browser, hub, "view=week&date=2026-12-09")
        link = re.search(
            r'<a class="cal-slot" href="([^"]*date_start=2026-12-09T14%3A00[^"]*)"', html
        )
        assert link is not None
        target = URL(link[1].replace("&amp;", "&"))
        assert target.path == "/console/m/Events/new"
        assert target.query["due_date"] == "2026-12-09T15:00"
        assert target.query["assigned_user_id"] == str(hub.agent.user_id)
        async with browser.get(hub.url.removesuffix("/console") + str(target)) as response:
            form = await response.text()
        assert response.status == 200
        assert 'value="2026-12-09T14:00"' in form and 'value="2026-12-09T15:00"' in form
        assert 'href="/console/calendar"' in html  # the menu leads here


async def test_quick_create_makes_an_event_or_says_why_not(hub: Hub) -> None:
    browser = await browser_for(hub, "agent1")
    async with browser:
        _, html = await calendar(browser, hub, "view=week&date=2026-12-09")
        token = csrf_of(html)
        base = {
            "subject": "Созвон с клиентом",
            "date_start": "2026-12-09T14:00",
            "due_date": "2026-12-09T14:30",
            "activitytype": "Call",
            "assigned_user_id": str(hub.agent.user_id),
        }
        async with browser.post(f"{hub.url}/calendar/events", data=base) as response:
            assert response.status == 403  # no session token: not from our page
        async with browser.post(
            f"{hub.url}/calendar/events", data={**base, "csrf_token": token}
        ) as response:
            assert response.status == 201
            created = await response.json()
        async with browser.post(
            f"{hub.url}/calendar/events",
            data={**base, "csrf_token": token, "due_date": "2026-12-09T13:00"},
        ) as response:
            assert response.status == 422
            assert "due_date" in (await response.json())["errors"]
        async with browser.post(
            f"{hub.url}/calendar/events",
            data={**base, "csrf_token": token, "subject": "", "date_start": "завтра"},
            headers=RU,
        ) as response:
            assert response.status == 422
            errors = (await response.json())["errors"]
        assert set(errors) == {"subject", "date_start"}
        assert errors["subject"] == "обязательно для заполнения"
    record = await hub.runtime.records.get(hub.agent, "Events", created["id"])
    assert record.get("subject") == "Созвон с клиентом"
    assert record.get("date_start") == dt.datetime.fromisoformat(at(hub, "2026-12-09", "14:00"))
    assert record.get("activitytype") == "Call"
    listed = await hub.runtime.records.list_records(hub.admin, "Events")
    assert [r.id for r in listed.records] == [created["id"]]  # the refused ones left nothing


async def test_the_live_grid_fragment_is_the_grid_alone(hub: Hub) -> None:
    record = await event(
        hub, hub.agent, "Обед", at(hub, "2026-12-09", "13:00"), at(hub, "2026-12-09", "14:00")
    )
    browser = await browser_for(hub, "agent1")
    async with browser:
        status, html = await calendar(browser, hub, "view=week&date=2026-12-09&fragment=grid")
    assert status == 200
    assert record in shown_ids(html)
    assert "<html" not in html and "cal-time-grid" in html


async def test_days_are_the_reader_s_own_time_zone(hub: Hub) -> None:
    far_east = await hub.runtime.users.add(
        user_name="vladivostok",
        first_name="Иван",
        last_name="Восточный",
        password=PASSWORD,
        time_zone="Asia/Vladivostok",
    )
    late = await event(
        hub,
        far_east.actor(),
        "Вечер в Москве",
        at(hub, "2026-12-09", "23:30"),  # 06:30 on the 10th in Vladivostok
        at(hub, "2026-12-10", "00:00"),
    )
    browser = await browser_for(hub, "vladivostok")
    async with browser:
        _, ninth = await calendar(browser, hub, "view=day&date=2026-12-09")
        _, tenth = await calendar(browser, hub, "view=day&date=2026-12-10")
    assert late not in shown_ids(ninth)
    assert late in shown_ids(tenth)
    assert '<span class="cal-time">06:30</span>' in tenth


async def test_english_readers_get_english_words(hub: Hub) -> None:
    await event(
        hub, hub.agent, "Standup", at(hub, "2026-12-09", "10:00"), at(hub, "2026-12-09", "10:15")
    )
    browser = await browser_for(hub, "agent1")
    async with (
        browser,
        browser.get(
            f"{hub.url}/calendar?view=month&date=2026-12-09", headers={"Accept-Language": "en"}
        ) as response,
    ):
        html = await response.text()
    assert response.status == 200
    assert "December 2026" in html and "All fields" in html
    assert "10:00\u202fAM" in html or "10:00 AM" in html


def test_overlapping_events_share_their_day_in_lanes() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    day = dt.date(2026, 12, 9)

    def item(number: int, start: str, end: str) -> Item:
        return Item(
            module="Events",
            id=number,
            subject=f"#{number}",
            start=dt.datetime.fromisoformat(f"2026-12-09T{start}").replace(tzinfo=moscow),
            end=dt.datetime.fromisoformat(f"2026-12-09T{end}").replace(tzinfo=moscow),
            due=None,
            kind="Meeting",
            status="Planned",
            owner_id=1,
            reminder_minutes=None,
            version=1,
        )

    (laid,) = lay_out(
        [day],
        [
            item(1, "09:00", "11:00"),
            item(2, "10:00", "10:30"),
            item(3, "10:30", "12:00"),
            item(4, "13:00", "14:00"),
            item(5, "15:00", "15:00"),
        ],
        moscow,
    )
    places = {p.item.id: (p.top, p.height, p.lane, p.lanes) for p in laid.timed}
    assert places[1] == (540, 120, 0, 2)
    assert places[2] == (600, 30, 1, 2)
    assert places[3] == (630, 90, 1, 2)  # the lane #2 left free
    assert places[4] == (780, 60, 0, 1)  # alone again: the whole width
    assert places[5] == (900, 20, 0, 1)  # no length, still tall enough to click


def test_a_day_with_a_clock_change_keeps_wall_clock_places() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    spring = dt.date(2026, 3, 29)  # 02:00 becomes 03:00
    start = dt.datetime(2026, 3, 29, 9, 0, tzinfo=berlin)
    meeting = Item(
        module="Events",
        id=1,
        subject="Frühstück",
        start=start,
        end=start + dt.timedelta(hours=1),
        due=None,
        kind="Meeting",
        status="Planned",
        owner_id=1,
        reminder_minutes=None,
        version=1,
    )
    (laid,) = lay_out([spring], [meeting], berlin)
    assert (laid.timed[0].top, laid.timed[0].height) == (540, 60)
    first, last = span_for("week", spring, 0).bounds(berlin)
    assert first == dt.datetime(2026, 3, 22, 23, 0, tzinfo=dt.UTC)  # Monday 23rd, CET
    assert last == dt.datetime(2026, 3, 29, 22, 0, tzinfo=dt.UTC)  # Monday 30th, CEST
