"""Workflows over the API (administrators) and a record's workflow runs.

The console cannot run workflows itself (channels never import each other):
each route checks the JSON and asks the workflow channel's
``workflows.admin`` or ``workflows.runs`` service as the signed-in user;
503 when the channel is off.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.api.common import FLAG, TEXT, Fields, actor, int_param, json_ok, runtime, shaped

routes = web.RouteTableDef()

WORKFLOW_FIELDS: Fields = {
    "module": TEXT,
    "name": TEXT,
    "description": TEXT,
    "active": FLAG,
    "trigger": (dict, "an object"),
    "conditions": (dict, 'an object: {"all": [...]} or {"any": [...]}'),
    "actions": (list, "a list of actions"),
}


async def administer(request: web.Request, payload: dict[str, Any]) -> dict[str, Any]:
    return await runtime(request).hub.services.ask("workflows.admin", actor(request), payload)


@routes.get("/workflows")
async def list_workflows(request: web.Request) -> web.Response:
    payload: dict[str, Any] = {"op": "list"}
    if "module" in request.query:
        payload["module"] = request.query["module"]
    return json_ok(await administer(request, payload))


@routes.post("/workflows")
async def add_workflow(request: web.Request) -> web.Response:
    payload = await shaped(request, WORKFLOW_FIELDS, "module", "name", "trigger", "actions")
    return json_ok(await administer(request, {"op": "create", **payload}), status=201)


@routes.get("/workflows/{id:\\d+}")
async def get_workflow(request: web.Request) -> web.Response:
    return json_ok(
        await administer(request, {"op": "get", "workflow_id": int_param(request, "id")})
    )


@routes.patch("/workflows/{id:\\d+}")
async def change_workflow(request: web.Request) -> web.Response:
    """Change some parts of a workflow; the whole of it is checked again."""
    payload = await shaped(request, WORKFLOW_FIELDS)
    payload |= {"op": "update", "workflow_id": int_param(request, "id")}
    return json_ok(await administer(request, payload))


@routes.delete("/workflows/{id:\\d+}")
async def remove_workflow(request: web.Request) -> web.Response:
    return json_ok(
        await administer(request, {"op": "delete", "workflow_id": int_param(request, "id")})
    )


@routes.get("/workflows/{id:\\d+}/runs")
async def workflow_runs(request: web.Request) -> web.Response:
    payload = {
        "op": "runs",
        "workflow_id": int_param(request, "id"),
        "limit": int_param(request, "limit", 100),
    }
    return json_ok(await administer(request, payload))


@routes.get("/records/{module}/{id:\\d+}/workflow-runs")
async def record_runs(request: web.Request) -> web.Response:
    """The runs on one record, for whoever may view the record."""
    payload = {
        "module": request.match_info["module"],
        "record_id": int_param(request, "id"),
        "limit": int_param(request, "limit", 100),
    }
    answer = await runtime(request).hub.services.ask("workflows.runs", actor(request), payload)
    return json_ok(answer)
