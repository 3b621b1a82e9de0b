"""The live channel: one websocket per browser, durable events and live state.

On connect the client says which event it saw last (``?since=ID``); it first
receives everything after that it may see, then live events as they happen.
A client that reads too slowly is told to reload and disconnected, so it can
never hold up the hub or other agents.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import WSMsgType, web
from yarl import URL

from agent_ui.api.common import actor, int_param, records, runtime
from agent_ui.const import SESSION_COOKIE
from crm_core.hub import Event, LiveEvent
from crm_core.records.event_filter import visible_events

logger = logging.getLogger(__name__)
routes = web.RouteTableDef()

QUEUE_LIMIT = 1000
HEARTBEAT_SECONDS = 45.0
REPLAY_LIMIT = 1000


def _same_origin(request: web.Request) -> bool:
    """Browsers send cookies with cross-site websocket handshakes; a page on
    another site must not ride on the agent's session."""
    origin = request.headers.get("Origin")
    if origin is None or SESSION_COOKIE not in request.cookies:
        return True
    return URL(origin).host == request.url.host and URL(origin).port == request.url.port


@routes.get("/live")
async def live(request: web.Request) -> web.StreamResponse:
    if not _same_origin(request):
        raise web.HTTPForbidden(reason="Cross-origin websocket")
    who = actor(request)
    service = records(request)
    hub = runtime(request).hub
    since = int_param(request, "since", 0)
    ws = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS)
    await ws.prepare(request)
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=QUEUE_LIMIT)
    overflowed = asyncio.Event()

    async def deliver(ev: Event | LiveEvent) -> None:
        if overflowed.is_set():
            return
        if isinstance(ev, Event):
            shown = await visible_events(service, who, [ev])
            if not shown:
                return
            message = {"kind": "event", **shown[0].as_dict()}
        else:
            message = {"kind": "live", **ev.as_dict()}
        try:
            queue.put_nowait(message)
        except asyncio.QueueFull:
            overflowed.set()

    # Subscribe before reading the backlog, so nothing falls between the two;
    # what arrives twice is skipped by id.
    unsubscribe = hub.subscribe(deliver)
    sender: asyncio.Task[None] | None = None
    try:
        backlog = await service.events_for(who, since, REPLAY_LIMIT + 1)
        if len(backlog) > REPLAY_LIMIT:
            await ws.send_json({"kind": "reload", "reason": "too far behind"})
            return ws
        for ev in backlog:
            await ws.send_json({"kind": "event", **ev.as_dict()})
        replayed = max((ev.id for ev in backlog), default=since)
        await ws.send_json({"kind": "ready", "last_event_id": max(replayed, hub.last_event_id)})
        sender = asyncio.create_task(_send(ws, queue, overflowed, replayed))
        async for message in ws:
            if message.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                break
    finally:
        unsubscribe()
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
        await ws.close()
    return ws


async def _send(
    ws: web.WebSocketResponse,
    queue: asyncio.Queue[dict[str, Any]],
    overflowed: asyncio.Event,
    replayed: int,
) -> None:
    while True:
        getter = asyncio.ensure_future(queue.get())
        stop = asyncio.ensure_future(overflowed.wait())
        done, _ = await asyncio.wait({getter, stop}, return_when=asyncio.FIRST_COMPLETED)
        if stop in done:
            getter.cancel()
            await ws.send_json({"kind": "reload", "reason": "too slow"})
            await ws.close()
            return
        stop.cancel()
        message = getter.result()
        if message["kind"] == "event" and message["id"] <= replayed:
            continue
        await ws.send_json(message)
