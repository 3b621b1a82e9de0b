"""Web forms over the API, for administrators: create, change, list, read
with the embed snippet, delete, and the recent submissions.

The forms live in the portal channel (channels never import each other):
each route checks the JSON and asks the ``portal.webforms`` service as the
signed-in user; 503 when the portal channel is off.
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
from agent_ui.portal_services import ask_web_forms

routes = web.RouteTableDef()

FORM_FIELDS: Fields = {
    "name": TEXT,
    "module": TEXT,
    "description": TEXT,
    "enabled": FLAG,
    "owner_id": WHOLE,
    "return_url": TEXT,
    "thank_you": TEXT,
    "challenge": FLAG,
    "fields": (list, "a list of fields"),
}


async def administer(request: web.Request, payload: dict[str, Any]) -> dict[str, Any]:
    return await ask_web_forms(runtime(request), actor(request), payload)


@routes.get("/webforms")
async def list_forms(request: web.Request) -> web.Response:
    return json_ok(await administer(request, {"op": "list"}))


@routes.post("/webforms")
async def create_form(request: web.Request) -> web.Response:
    payload = await shaped(request, FORM_FIELDS, "name", "module", "fields")
    return json_ok(await administer(request, {"op": "create", **payload}), status=201)


@routes.get("/webforms/submissions")
async def recent_submissions(request: web.Request) -> web.Response:
    limit = int_param(request, "limit", 50)
    return json_ok(await administer(request, {"op": "submissions", "limit": limit}))


@routes.get("/webforms/{id:\\d+}")
async def get_form(request: web.Request) -> web.Response:
    payload: dict[str, Any] = {"op": "get", "form_id": int_param(request, "id")}
    if "language" in request.query:
        payload["language"] = request.query["language"]
    return json_ok(await administer(request, payload))


@routes.patch("/webforms/{id:\\d+}")
async def update_form(request: web.Request) -> web.Response:
    payload = await shaped(request, FORM_FIELDS)
    payload |= {"op": "update", "form_id": int_param(request, "id")}
    return json_ok(await administer(request, payload))


@routes.delete("/webforms/{id:\\d+}")
async def delete_form(request: web.Request) -> web.Response:
    return json_ok(await administer(request, {"op": "delete", "form_id": int_param(request, "id")}))


@routes.get("/webforms/{id:\\d+}/submissions")
async def form_submissions(request: web.Request) -> web.Response:
    payload = {
        "op": "submissions",
        "form_id": int_param(request, "id"),
        "limit": int_param(request, "limit", 50),
    }
    return json_ok(await administer(request, payload))
