"""Ticket SLAs over the API: policies and business calendars
(administrators), and a ticket's SLA state (whoever may view the ticket).

The console cannot import the workflow channel: each route checks the JSON's
shape and asks the channel's ``workflows.sla.admin`` or ``workflows.sla``
service as the signed-in user; 503 when the channel is off.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.api.common import (
    FLAG,
    TEXT,
    WHOLE,
    Fields,
    actor,
    int_param,
    json_ok,
    runtime,
    shaped,
)

routes = web.RouteTableDef()

POLICY_FIELDS: Fields = {
    "name": TEXT,
    "position": WHOLE,
    "active": FLAG,
    "conditions": (dict, 'an object: {"all": [...]} or {"any": [...]}'),
    "calendar_id": WHOLE,
    "first_response_minutes": WHOLE,
    "resolution_minutes": WHOLE,
    "remind_before_minutes": WHOLE,
    "reminder": (dict, "an object: users, groups, owner, message"),
    "escalation": (list, "a list of escalation actions"),
}
CALENDAR_FIELDS: Fields = {
    "name": TEXT,
    "time_zone": TEXT,
    "week": (dict, "an object of weekdays (mon … sun) with working intervals"),
    "holidays": (list, "a list of dates"),
}


async def administer(request: web.Request, payload: dict[str, Any]) -> dict[str, Any]:
    return await runtime(request).hub.services.ask("workflows.sla.admin", actor(request), payload)


@routes.get("/sla/policies")
async def list_policies(request: web.Request) -> web.Response:
    answer = await administer(request, {"op": "list"})
    return json_ok({"policies": answer["policies"]})


@routes.post("/sla/policies")
async def add_policy(request: web.Request) -> web.Response:
    payload = await shaped(request, POLICY_FIELDS, "name")
    return json_ok(await administer(request, {"op": "create_policy", **payload}), status=201)


@routes.get("/sla/policies/{id:\\d+}")
async def get_policy(request: web.Request) -> web.Response:
    payload = {"op": "get_policy", "policy_id": int_param(request, "id")}
    return json_ok(await administer(request, payload))


@routes.patch("/sla/policies/{id:\\d+}")
async def change_policy(request: web.Request) -> web.Response:
    """Change some parts of a policy; the whole of it is checked again. A
    null empties an optional part (the calendar, a target, the reminder)."""
    body = await shaped_with_nulls(request, POLICY_FIELDS)
    payload = {"op": "update_policy", "policy_id": int_param(request, "id"), **body}
    return json_ok(await administer(request, payload))


@routes.delete("/sla/policies/{id:\\d+}")
async def remove_policy(request: web.Request) -> web.Response:
    payload = {"op": "delete_policy", "policy_id": int_param(request, "id")}
    return json_ok(await administer(request, payload))


@routes.get("/sla/calendars")
async def list_calendars(request: web.Request) -> web.Response:
    answer = await administer(request, {"op": "list"})
    return json_ok({"calendars": answer["calendars"]})


@routes.post("/sla/calendars")
async def add_calendar(request: web.Request) -> web.Response:
    payload = await shaped(request, CALENDAR_FIELDS, "name", "time_zone", "week")
    return json_ok(await administer(request, {"op": "create_calendar", **payload}), status=201)


@routes.get("/sla/calendars/{id:\\d+}")
async def get_calendar(request: web.Request) -> web.Response:
    payload = {"op": "get_calendar", "calendar_id": int_param(request, "id")}
    return json_ok(await administer(request, payload))


@routes.patch("/sla/calendars/{id:\\d+}")
async def change_calendar(request: web.Request) -> web.Response:
    payload = await shaped(request, CALENDAR_FIELDS)
    payload |= {"op": "update_calendar", "calendar_id": int_param(request, "id")}
    return json_ok(await administer(request, payload))


@routes.delete("/sla/calendars/{id:\\d+}")
async def remove_calendar(request: web.Request) -> web.Response:
    payload = {"op": "delete_calendar", "calendar_id": int_param(request, "id")}
    return json_ok(await administer(request, payload))


@routes.get("/tickets/{id:\\d+}/sla")
async def ticket_sla(request: web.Request) -> web.Response:
    """A ticket's SLA: each target's state and times; ``sla`` is null for a
    ticket no policy covers."""
    payload = {"ticket_id": int_param(request, "id")}
    answer = await runtime(request).hub.services.ask("workflows.sla", actor(request), payload)
    return json_ok(answer)


async def shaped_with_nulls(request: web.Request, fields: Fields) -> dict[str, Any]:
    """``shaped``, keeping the nulls the body sets (they clear a part)."""
    body = await shaped(request, fields)
    raw = await request.json()
    return body | {k: None for k, v in raw.items() if v is None}
