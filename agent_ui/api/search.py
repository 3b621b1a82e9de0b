"""Global search and caller lookup."""

from __future__ import annotations

import dataclasses

from aiohttp import web

from agent_ui.api.common import actor, int_param, json_ok, records
from crm_core.errors import InvalidRequest

routes = web.RouteTableDef()


@routes.get("/search")
async def search(request: web.Request) -> web.Response:
    query = request.query.get("q", "")
    modules = request.query.getall("module", []) or None
    hits = await records(request).search(
        actor(request), query, modules=modules, limit=int_param(request, "limit", 20)
    )
    return json_ok({"results": [{"module": h.module, "id": h.id, "label": h.label} for h in hits]})


@routes.get("/lookup/phone")
async def lookup_phone(request: web.Request) -> web.Response:
    number = request.query.get("number")
    if not number:
        raise InvalidRequest(detail="number is required")
    matches = await records(request).lookup_phone(actor(request), number)
    return json_ok({"matches": [dataclasses.asdict(m) for m in matches]})


@routes.get("/lookup/email")
async def lookup_email(request: web.Request) -> web.Response:
    address = request.query.get("address")
    if not address:
        raise InvalidRequest(detail="address is required")
    matches = await records(request).lookup_email(actor(request), address)
    return json_ok({"matches": [dataclasses.asdict(m) for m in matches]})
