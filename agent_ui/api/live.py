"""The live channel: one websocket per browser, durable events and live state.

On connect the client says which event it saw last (``?since=ID``); it first
receives everything after that it may see, then live events as they happen.
A client that reads too slowly is told to reload and disconnected, so it can
never hold up the hub or other agents.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import OrderedDict

from aiohttp import WSCloseCode, WSMsgType, web
from yarl import URL

from agent_ui.api.common import actor, int_param, records, runtime
from agent_ui.const import SESSION_COOKIE
from crm_core.access import Actor
from crm_core.hub import Event, LiveEvent
from crm_core.records.service import RecordService

logger = logging.getLogger(__name__)
routes = web.RouteTableDef()

OPEN_SOCKETS: web.AppKey[set[web.WebSocketResponse]] = web.AppKey("live_sockets")
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
    request.app[OPEN_SOCKETS].add(ws)
    queue: asyncio.Queue[Event | LiveEvent] = asyncio.Queue(maxsize=QUEUE_LIMIT)
    overflowed = asyncio.Event()

    def deliver(ev: Event | LiveEvent) -> None:
        # Runs inside the hub's publish: only enqueue. Filtering by access (a
        # query) happens in this client's own sender task, so a thousand
        # consoles never slow down the write that produced the event.
        if overflowed.is_set():
            return
        if isinstance(ev, LiveEvent):
            if not ev.is_for(who.user_id):
                return
        elif service.event_verdict(who, ev) is False:
            return  # decided in memory; the other consoles are not woken for it
        try:
            queue.put_nowait(ev)
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
        sender = asyncio.create_task(_send(ws, queue, overflowed, replayed, service, who))
        async for message in ws:
            if message.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                break
    finally:
        request.app[OPEN_SOCKETS].discard(ws)
        unsubscribe()
        if sender is not None:
            sender.cancel()
            # A browser that went away mid-send ends its sender with that error.
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await sender
        await ws.close()
    return ws


async def _send(
    ws: web.WebSocketResponse,
    queue: asyncio.Queue[Event | LiveEvent],
    overflowed: asyncio.Event,
    replayed: int,
    service: RecordService,
    who: Actor,
) -> None:
    while True:
        ev = await queue.get()
        # The hub fills the queue before it gives up on this client, so a
        # client that overflowed always has something to get: no second
        # waiter per message is needed to notice it.
        if overflowed.is_set():
            await ws.send_json({"kind": "reload", "reason": "too slow"})
            await ws.close()
            return
        if isinstance(ev, LiveEvent):
            if ev.is_for(who.user_id):
                await ws.send_str(_wire(ev))
            continue
        if ev.id <= replayed:
            continue
        for shown in await service.visible_events(who, [ev]):
            await ws.send_json({"kind": "event", **shown.as_dict()})


_WIRE: OrderedDict[int, tuple[LiveEvent, str]] = OrderedDict()
WIRE_KEPT = 256


def _wire(ev: LiveEvent) -> str:
    """A live event as sent, encoded once however many consoles it goes to:
    queue statistics reach every console, and encoding them a thousand times
    over was a large share of a broadcast's cost. Kept by the event object
    itself (held here, so its id cannot be reused meanwhile), not by its
    sequence number, which starts again with every hub."""
    kept = _WIRE.get(id(ev))
    if kept is not None and kept[0] is ev:
        return kept[1]
    text = json.dumps({"kind": "live", **ev.as_dict()})
    _WIRE[id(ev)] = (ev, text)
    while len(_WIRE) > WIRE_KEPT:
        _WIRE.popitem(last=False)
    return text


def track_sockets(app: web.Application) -> None:
    """A stopping hub tells every console it is going away, so browsers
    reconnect (to this node when it is back, or to another) at once, and
    the server's shutdown does not wait for them to hang up."""
    app[OPEN_SOCKETS] = set()

    async def close_all(app: web.Application) -> None:
        sockets: set[web.WebSocketResponse] = app[OPEN_SOCKETS]
        for ws in list(sockets):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"hub stopping")

    app.on_shutdown.append(close_all)
