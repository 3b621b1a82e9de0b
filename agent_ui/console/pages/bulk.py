"""Changing many records at once from a list: assign, set one field, delete.

Each record goes through the record service on its own, with the user's own
rights: a record they may not change is counted as refused and the others
still change, as vtiger's mass edit does. The list comes back with the
counts, and stays where it was (same filters, sort and columns).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from agent_ui.console.guard import safe_next
from agent_ui.console.pages.edit import editable_fields
from agent_ui.console.state import actor, console
from crm_core.access import Operation
from crm_core.errors import AccessDenied, NotFound, SwitchboardError, ValidationFailed

routes = web.RouteTableDef()

MOST = 500
"""Records one bulk action may touch: a page of a list, and then some."""


@routes.post("/m/{module}/bulk")
async def bulk(request: web.Request) -> web.StreamResponse:
    service, who = console(request).runtime.records, actor(request)
    form = await request.post()
    action = str(form.get("action", ""))
    operation = Operation.DELETE if action == "delete" else Operation.EDIT
    module = service.module(who, request.match_info["module"], operation)
    try:
        ids = sorted({int(str(raw)) for raw in form.getall("ids", [])})
    except ValueError:
        raise web.HTTPBadRequest(text="record ids must be whole numbers") from None
    if not ids or len(ids) > MOST:
        raise web.HTTPBadRequest(text=f"choose between 1 and {MOST} records")
    values: dict[str, Any] = {}
    if action == "assign":
        values = {"assigned_user_id": str(form.get("owner", ""))}
    elif action == "edit":
        name = str(form.get("field", ""))
        if name not in {f.name for f in editable_fields(request, module)}:
            raise web.HTTPBadRequest(text=f"{name!r} is not a field you may change here")
        raw = str(form.get("value", "")).strip()
        values = {name: raw or None}
    elif action != "delete":
        raise web.HTTPBadRequest(text="unknown bulk action")
    done = refused = invalid = 0
    for record_id in ids:
        try:
            if action == "delete":
                await service.delete(who, module.name, record_id)
            else:
                await service.update(who, module.name, record_id, values)
            done += 1
        except (AccessDenied, NotFound):
            refused += 1
        except ValidationFailed:
            invalid += 1
        except SwitchboardError:
            refused += 1
    back = safe_next(str(form.get("back", "")))
    joiner = "&" if "?" in back else "?"
    report = urlencode({"bulk_done": done, "bulk_refused": refused, "bulk_invalid": invalid})
    raise web.HTTPSeeOther(f"{back}{joiner}{report}")
