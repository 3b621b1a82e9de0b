"""The live websocket, driven by the independent ``websockets`` client."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from crm_core.hub import LiveEvent
from crm_core.runtime import Runtime
from crm_core.settings import load_settings
from tests.free_ports import FREE_PORTS

PASSWORD = "live-password"


@pytest.fixture
async def hub(tmp_path: Path, database_url: str) -> AsyncIterator[tuple[str, Runtime]]:
    settings = load_settings(tmp_path, {"SWITCHBOARD__DATABASE__URL": database_url, **FREE_PORTS})
    runtime = await Runtime.open(settings)
    await runtime.users.add(user_name="rep", last_name="Rep", password=PASSWORD, role_id="H5")
    await runtime.access.set_org_sharing(runtime.system_actor, "Contacts", "private")
    await runtime.start()
    yield runtime.base_url, runtime
    await runtime.close()


async def session_cookie(base: str) -> str:
    jar = aiohttp.CookieJar(unsafe=True)
    async with (
        aiohttp.ClientSession(cookie_jar=jar) as browser,
        browser.post(
            f"{base}/api/v1/session", json={"user_name": "rep", "password": PASSWORD}
        ) as r,
    ):
        assert r.status == 200
        return r.cookies["sb_session"].value


async def receive(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=5))
        if message["kind"] == kind:
            return message


async def test_replay_then_live_events_filtered_by_access(hub) -> None:
    base, runtime = hub
    rep = await runtime.users.by_name("rep")
    assert rep is not None
    system = runtime.system_actor
    mark = await runtime.records.last_event_id()
    missed = await runtime.records.create(
        system, "Contacts", {"lastname": "Пропущенный", "assigned_user_id": rep.id}
    )
    await runtime.records.create(system, "Contacts", {"lastname": "Чужой"})
    cookie = await session_cookie(base)
    url = base.replace("http", "ws") + f"/api/v1/live?since={mark}"
    async with connect(url, additional_headers={"Cookie": f"sb_session={cookie}"}) as ws:
        replayed = await receive(ws, "event")
        assert replayed["record_id"] == missed.id
        ready = await receive(ws, "ready")
        assert ready["last_event_id"] >= replayed["id"]
        await runtime.records.create(system, "Contacts", {"lastname": "Снова чужой"})
        mine = await runtime.records.create(
            system, "Contacts", {"lastname": "Свежий", "assigned_user_id": rep.id}
        )
        live = await receive(ws, "event")
        assert live["record_id"] == mine.id
        assert live["payload"]["record"]["lastname"] == "Свежий"


async def test_signed_out_or_revoked_credentials_cannot_connect(hub) -> None:
    base, runtime = hub
    cookie = await session_cookie(base)
    await runtime.signin.sign_out(cookie)
    url = base.replace("http", "ws") + "/api/v1/live"
    with pytest.raises(InvalidStatus) as raised:
        async with connect(url, additional_headers={"Cookie": f"sb_session={cookie}"}):
            pass
    assert raised.value.response.status_code == 401
    rep = await runtime.users.by_name("rep")
    assert rep is not None
    token_id, token = await runtime.signin.create_token(rep.actor(), "ws")
    async with connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        assert (await receive(ws, "ready"))["kind"] == "ready"
    await runtime.signin.revoke_token(rep.actor(), token_id)
    with pytest.raises(InvalidStatus) as raised:
        async with connect(url, additional_headers={"Authorization": f"Bearer {token}"}):
            pass
    assert raised.value.response.status_code == 401


async def test_cross_site_pages_cannot_ride_the_session(hub) -> None:
    base, _ = hub
    cookie = await session_cookie(base)
    url = base.replace("http", "ws") + "/api/v1/live"
    with pytest.raises(InvalidStatus) as raised:
        async with connect(
            url,
            origin="https://evil.example",
            additional_headers={"Cookie": f"sb_session={cookie}"},
        ):
            pass
    assert raised.value.response.status_code == 403


async def test_a_slow_reader_is_told_to_reload_and_never_blocks_the_hub(hub) -> None:
    base, runtime = hub
    cookie = await session_cookie(base)
    url = base.replace("http", "ws") + "/api/v1/live"
    padding = "x" * 4096
    async with connect(
        url, additional_headers={"Cookie": f"sb_session={cookie}"}, max_queue=1
    ) as ws:
        await receive(ws, "ready")
        # The client stops reading; the hub must still publish everything at once.
        await asyncio.wait_for(
            asyncio.gather(
                *(
                    runtime.hub.publish_live("queue", "stats", {"n": i, "p": padding})
                    for i in range(5000)
                )
            ),
            timeout=60,
        )
        kinds = []
        with contextlib.suppress(ConnectionClosed):
            while True:
                kinds.append(json.loads(await asyncio.wait_for(ws.recv(), timeout=10))["kind"])
    assert "reload" in kinds
    assert kinds.count("live") < 5000


def test_a_live_event_is_encoded_once_and_never_mistaken_for_another_hubs() -> None:
    from agent_ui.api.live import _wire

    first = LiveEvent(seq=1, type="queue", op="stats", payload={"queue": "support"})
    # A second hub in the same process numbers its live events from 1 again.
    second = LiveEvent(seq=1, type="queue", op="stats", payload={"queue": "sales"})
    assert _wire(first) is _wire(first)  # one encoding for every console
    assert json.loads(_wire(first))["payload"] == {"queue": "support"}
    assert json.loads(_wire(second))["payload"] == {"queue": "sales"}
