"""Durable events after an id, for clients catching up after a gap."""

from __future__ import annotations

from aiohttp import web

from agent_ui.api.common import actor, int_param, json_ok, records

routes = web.RouteTableDef()
MAX_EVENTS = 1000


@routes.get("/events")
async def events_after(request: web.Request) -> web.Response:
    after = int_param(request, "after", 0)
    limit = max(1, min(int_param(request, "limit", 100), MAX_EVENTS))
    events = await records(request).events_for(actor(request), after, limit)
    return json_ok({"events": [e.as_dict() for e in events]})
