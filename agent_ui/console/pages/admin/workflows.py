"""Workflows and their recent runs, through the workflow channel's
``workflows.admin`` service (the console never imports the channel itself).

A workflow's trigger, conditions and actions are edited as the JSON the API
takes (the README shows each part); the service checks the whole workflow
and its refusals are shown beside the part they name.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.pages.admin.common import admin_page, administrator, back_to, refusals, text
from agent_ui.console.state import console, translator
from crm_core.access import Actor
from crm_core.errors import InvalidRequest, NotFound, ServiceUnavailable, ValidationFailed

routes = web.RouteTableDef()

JSON_PARTS = ("trigger", "conditions", "actions")
RECENT_RUNS = 20
OUTCOME_WORDS = {
    "done": _("done"),
    "error": _("ended with an error"),
    "loop_stopped": _("stopped by the loop guard"),
}
EXAMPLE = {
    "trigger": '{"type": "create"}',
    "conditions": '{"all": []}',
    "actions": '[{"type": "update_fields", "values": {"description": "…"}}]',
}


async def _ask(request: web.Request, who: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    return await console(request).runtime.hub.services.ask("workflows.admin", who, payload)


async def _workflows_page(
    request: web.Request,
    shown: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    who = administrator(request)
    try:
        found, available = (await _ask(request, who, {"op": "list"}))["workflows"], True
    except ServiceUnavailable:
        found, available = [], False
    runs: dict[int, list[dict[str, Any]]] = {}
    for wf in found:
        answer = await _ask(request, who, {"op": "runs", "workflow_id": wf["id"], "limit": 5})
        runs[wf["id"]] = [r | {"at": dt.datetime.fromisoformat(r["at"])} for r in answer["runs"]]
    words = translator(request)
    modules = sorted(console(request).runtime.records.catalog.modules)
    return admin_page(
        request,
        "admin/workflows.html",
        "workflows",
        status=status,
        available=available,
        workflows=found,
        runs=runs,
        outcome_words={k: words.gettext(v) for k, v in OUTCOME_WORDS.items()},
        module_pairs=[(m, m) for m in modules],
        shown=shown if shown is not None else dict(EXAMPLE),
        errors=errors or {},
        pretty=lambda value: json.dumps(value, ensure_ascii=False),
    )


@routes.get("/admin/workflows")
async def workflows(request: web.Request) -> web.StreamResponse:
    return await _workflows_page(request)


@routes.post("/admin/workflows")
async def add_workflow(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    shown = {n: text(form, n) for n in ("module", "name", "description", *JSON_PARTS)}
    payload: dict[str, Any] = {
        "op": "create",
        "module": shown["module"],
        "name": shown["name"],
        "description": shown["description"],
    }
    errors: dict[str, str] = {}
    for part in JSON_PARTS:
        try:
            payload[part] = json.loads(shown[part] or "null")
        except ValueError:
            errors[part] = translator(request).gettext(_("is not valid JSON"))
    if not errors:
        try:
            await _ask(request, who, payload)
        except (ValidationFailed, InvalidRequest) as exc:
            errors = {_part(k): v for k, v in refusals(request, exc).items()}
    if errors:
        return await _workflows_page(request, shown, errors, status=422)
    raise back_to("/workflows")


def _part(field: str) -> str:
    """The form field a refusal belongs to: ``actions[0].url`` → ``actions``."""
    head = field.split(".")[0].split("[")[0]
    return head if head in (*JSON_PARTS, "module", "name", "description") else "*"


@routes.post("/admin/workflows/{id:\\d+}/active")
async def switch_workflow(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    active = text(await request.post(), "active") == "1"
    payload = {"op": "update", "workflow_id": int(request.match_info["id"]), "active": active}
    try:
        await _ask(request, who, payload)
    except NotFound:
        raise web.HTTPNotFound() from None
    raise back_to("/workflows")


@routes.post("/admin/workflows/{id:\\d+}/remove")
async def remove_workflow(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    try:
        await _ask(request, who, {"op": "delete", "workflow_id": int(request.match_info["id"])})
    except NotFound:
        raise web.HTTPNotFound() from None
    raise back_to("/workflows")
