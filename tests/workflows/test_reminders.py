"""Calendar reminders on the live websocket, driven by the independent
``websockets`` client: the assigned user (or group) hears of an event before
it starts, nobody else does; moved, held, completed or deleted records send
nothing; a pending reminder survives a restart and goes out once."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from websockets.asyncio.client import ClientConnection, connect

from crm_core.runtime import Runtime
from crm_core.settings import load_settings
from tests.free_ports import FREE_PORTS
from workflows import channel as workflows_channel
from workflows.reminders import reminder_key
from workflows.timers import TimerStore

PASSWORD = "reminder-password"
USERS = ("rep", "other")


def _settings(tmp_path: Path, database_url: str, *, workflows: bool):  # type: ignore[no-untyped-def]
    return load_settings(
        tmp_path,
        {
            "SWITCHBOARD__DATABASE__URL": database_url,
            "SWITCHBOARD__CHANNELS__WORKFLOWS": "true" if workflows else "false",
            **FREE_PORTS,
        },
    )


async def _open(tmp_path: Path, database_url: str, *, workflows: bool) -> Runtime:
    runtime = await Runtime.open(_settings(tmp_path, database_url, workflows=workflows))
    await runtime.start()
    return runtime


@pytest.fixture
async def hub(tmp_path: Path, database_url: str) -> AsyncIterator[Runtime]:
    runtime = await Runtime.open(_settings(tmp_path, database_url, workflows=True))
    for name in USERS:
        await runtime.users.add(user_name=name, last_name=name.title(), password=PASSWORD)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.close()


async def user_id(runtime: Runtime, name: str) -> int:
    found = await runtime.users.by_name(name)
    assert found is not None
    return found.id


def socket(runtime: Runtime, cookie: str) -> AbstractAsyncContextManager[ClientConnection]:
    url = runtime.base_url.replace("http", "ws") + "/api/v1/live"
    return connect(url, additional_headers={"Cookie": f"sb_session={cookie}"})


async def sign_in(runtime: Runtime, name: str) -> str:
    jar = aiohttp.CookieJar(unsafe=True)
    async with (
        aiohttp.ClientSession(cookie_jar=jar) as browser,
        browser.post(
            f"{runtime.base_url}/api/v1/session", json={"user_name": name, "password": PASSWORD}
        ) as r,
    ):
        assert r.status == 200
        return r.cookies["sb_session"].value


async def ready(ws: ClientConnection) -> None:
    while json.loads(await asyncio.wait_for(ws.recv(), timeout=5))["kind"] != "ready":
        pass


def is_reminder(message: dict[str, Any]) -> bool:
    return (
        message["kind"] == "live"
        and message["type"] == "notice"
        and message["payload"]["kind"] == "reminder"
    )


async def reminders(ws: ClientConnection, within_s: float) -> list[dict[str, Any]]:
    """The reminder notices this socket gets within ``within_s`` seconds."""
    got: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    until = loop.time() + within_s
    while (left := until - loop.time()) > 0:
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=left))
        except TimeoutError:
            break
        if is_reminder(message):
            got.append(message["payload"])
    return got


async def first_reminder(ws: ClientConnection, timeout_s: float = 10) -> dict[str, Any]:
    async with asyncio.timeout(timeout_s):
        while True:
            message = json.loads(await ws.recv())
            if is_reminder(message):
                payload: dict[str, Any] = message["payload"]
                return payload


def soon(seconds: float, minutes_before: int = 1) -> dt.datetime:
    """A start whose reminder ``minutes_before`` falls ``seconds`` from now."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes_before, seconds=seconds)


async def event(runtime: Runtime, subject: str, start: dt.datetime, owner: int, **more: Any):  # type: ignore[no-untyped-def]
    return await runtime.records.create(
        runtime.system_actor,
        "Events",
        {
            "subject": subject,
            "date_start": start,
            "due_date": start + dt.timedelta(hours=1),
            "reminder_time": 1,
            "assigned_user_id": owner,
        }
        | more,
    )


async def job_of(runtime: Runtime, record_id: int) -> dict[str, Any] | None:
    jobs = await TimerStore(runtime.db).jobs(job_key=reminder_key(record_id))
    return jobs[0] if jobs else None


async def until_job(runtime: Runtime, record_id: int, state: str) -> dict[str, Any]:
    async with asyncio.timeout(10):
        while True:
            job = await job_of(runtime, record_id)
            if job is not None and job["state"] == state:
                return job
            await asyncio.sleep(0.02)


async def moved_job(runtime: Runtime, record_id: int, was: dt.datetime) -> dict[str, Any]:
    async with asyncio.timeout(10):
        while True:
            job = await job_of(runtime, record_id)
            if job is not None and job["due_at"] != was:
                return job
            await asyncio.sleep(0.02)


async def test_a_reminder_reaches_the_assigned_user_only(hub: Runtime) -> None:
    rep = await user_id(hub, "rep")
    async with (
        socket(hub, await sign_in(hub, "rep")) as mine,
        socket(hub, await sign_in(hub, "other")) as theirs,
    ):
        await ready(mine)
        await ready(theirs)
        start = soon(1.5)
        made = await event(hub, "Встреча с клиентом", start, rep)
        notice = await first_reminder(mine)
        assert notice["record_id"] == made.id
        assert notice["module"] == "Events"
        assert notice["label"] == "Встреча с клиентом"
        assert dt.datetime.fromisoformat(notice["at"]) == made.get("date_start")
        assert dt.datetime.now(dt.UTC) >= start - dt.timedelta(minutes=1)
        assert await reminders(theirs, 1.0) == []
        assert (await job_of(hub, made.id) or {}).get("state") == "done"


async def test_a_group_s_reminder_reaches_its_members(hub: Runtime) -> None:
    rep = await user_id(hub, "rep")
    group = await hub.access.add_group(hub.system_actor, "Дежурные")
    await hub.access.add_group_user(hub.system_actor, group, rep)
    async with (
        socket(hub, await sign_in(hub, "rep")) as mine,
        socket(hub, await sign_in(hub, "other")) as theirs,
    ):
        await ready(mine)
        await ready(theirs)
        task = await hub.records.create(
            hub.system_actor,
            "Tasks",
            {
                "subject": "Перезвонить",
                "date_start": soon(1.0),
                "due_date": dt.date.today() + dt.timedelta(days=1),
                "reminder_time": 1,
                "assigned_user_id": group,
            },
        )
        assert (await first_reminder(mine))["record_id"] == task.id
        assert await reminders(theirs, 1.0) == []


async def test_rescheduling_moves_the_reminder(hub: Runtime) -> None:
    rep = await user_id(hub, "rep")
    async with socket(hub, await sign_in(hub, "rep")) as mine:
        await ready(mine)
        made = await event(hub, "Планёрка", soon(1.5), rep)
        first = await until_job(hub, made.id, "pending")
        later = made.get("date_start") + dt.timedelta(hours=2)
        moved = await hub.records.update(
            hub.system_actor, "Events", made.id, {"date_start": later, "due_date": later}
        )
        job = await moved_job(hub, made.id, first["due_at"])
        assert job["due_at"] == later - dt.timedelta(minutes=1)
        assert await reminders(mine, 3.0) == []  # the old time passed in silence
        back = soon(0.5)
        final = await hub.records.update(
            hub.system_actor,
            "Events",
            made.id,
            {"date_start": back, "due_date": back + dt.timedelta(hours=1)},
            expected_version=moved.version,
        )
        notice = await first_reminder(mine)
        assert dt.datetime.fromisoformat(notice["at"]) == final.get("date_start")
        assert await reminders(mine, 1.0) == []


async def test_deleted_or_held_events_and_completed_tasks_send_nothing(hub: Runtime) -> None:
    rep = await user_id(hub, "rep")
    async with socket(hub, await sign_in(hub, "rep")) as mine:
        await ready(mine)
        deleted = await event(hub, "Удалённая", soon(1.0), rep)
        held = await event(hub, "Проведённая", soon(1.0), rep)
        task = await hub.records.create(
            hub.system_actor,
            "Tasks",
            {
                "subject": "Сделанная",
                "date_start": soon(1.0),
                "due_date": dt.date.today() + dt.timedelta(days=1),
                "reminder_time": 1,
                "assigned_user_id": rep,
            },
        )
        for made in (deleted, held, task):
            await until_job(hub, made.id, "pending")
        await hub.records.delete(hub.system_actor, "Events", deleted.id)
        await hub.records.update(hub.system_actor, "Events", held.id, {"eventstatus": "Held"})
        await hub.records.update(hub.system_actor, "Tasks", task.id, {"taskstatus": "Completed"})
        control = await event(hub, "Контрольная", soon(2.0), rep)
        first = await first_reminder(mine)
        assert first["record_id"] == control.id
        assert await reminders(mine, 1.0) == []
        for made in (deleted, held, task):
            job = await job_of(hub, made.id)
            assert job is not None and job["state"] == "cancelled"


async def test_an_event_already_begun_gets_no_reminder(hub: Runtime) -> None:
    rep = await user_id(hub, "rep")
    began = await event(hub, "Уже идёт", dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5), rep)
    control = await event(hub, "Следующая", soon(0.5), rep)
    await until_job(hub, control.id, "done")
    assert await job_of(hub, began.id) is None


@pytest.mark.parametrize("late", [True, False], ids=["past-at-start-up", "pending-at-restart"])
async def test_a_reminder_survives_a_restart_and_goes_out_once(
    tmp_path: Path, database_url: str, late: bool
) -> None:
    first = await Runtime.open(_settings(tmp_path, database_url, workflows=True))
    rep_user = await first.users.add(user_name="rep", last_name="Rep", password=PASSWORD)
    await first.start()
    try:
        start = soon(1.5 if late else 4.0)
        made = await event(first, "Звонок поставщику", start, rep_user.id)
        await until_job(first, made.id, "pending")
    finally:
        await first.close()
    due = start - dt.timedelta(minutes=1)
    if late:
        await asyncio.sleep(max(0.0, (due - dt.datetime.now(dt.UTC)).total_seconds()) + 0.5)
    # The console comes up first, so the socket is there when the workflows start.
    second = await _open(tmp_path, database_url, workflows=False)
    try:
        async with socket(second, await sign_in(second, "rep")) as mine:
            await ready(mine)
            stop = await workflows_channel.start(second)
            try:
                started = dt.datetime.now(dt.UTC)
                notice = await first_reminder(mine)
                heard = dt.datetime.now(dt.UTC)
                assert notice["record_id"] == made.id
                if late:
                    assert heard - started < dt.timedelta(seconds=2)  # at once
                else:
                    assert heard >= due
                assert await reminders(mine, 1.5) == []
            finally:
                await stop()
        jobs = await TimerStore(second.db).jobs(job_key=reminder_key(made.id))
        assert [(j["state"], j["attempts"]) for j in jobs] == [("done", 1)]
    finally:
        await second.close()


async def test_the_first_start_sets_reminders_for_events_already_ahead(
    tmp_path: Path, database_url: str
) -> None:
    runtime = await _open(tmp_path, database_url, workflows=False)
    try:
        rep = await runtime.users.add(user_name="rep", last_name="Rep", password=PASSWORD)
        ahead = await event(runtime, "Назначена заранее", soon(1.0), rep.id)
        over = await event(
            runtime, "Уже прошла", dt.datetime.now(dt.UTC) - dt.timedelta(hours=1), rep.id
        )
        async with socket(runtime, await sign_in(runtime, "rep")) as mine:
            await ready(mine)
            stop = await workflows_channel.start(runtime)
            try:
                assert (await first_reminder(mine))["record_id"] == ahead.id
                assert await reminders(mine, 1.0) == []
            finally:
                await stop()
        assert await job_of(runtime, over.id) is None
    finally:
        await runtime.close()
