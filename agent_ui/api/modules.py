"""Module descriptions (vtiger's ``describe``) and custom fields."""

from __future__ import annotations

from aiohttp import web

from agent_ui.api.common import actor, body_object, json_ok, records
from crm_core.errors import InvalidRequest

routes = web.RouteTableDef()


@routes.get("/modules")
async def list_modules(request: web.Request) -> web.Response:
    catalog = records(request).catalog
    return json_ok(
        {
            "modules": [
                {"name": m.name, "label": m.label, "singular": m.singular, "menu": m.menu}
                for m in catalog.modules.values()
            ]
        }
    )


@routes.get("/modules/{module}")
async def describe(request: web.Request) -> web.Response:
    module = records(request).catalog.module(request.match_info["module"])
    return json_ok(
        {
            "name": module.name,
            "label": module.label,
            "singular": module.singular,
            "label_fields": list(module.label_fields),
            "numbering": None if module.numbering is None else module.numbering.field,
            "owned": module.owned,
            "inventory": module.inventory,
            "fields": [f.describe() for f in module.fields],
        }
    )


@routes.post("/modules/{module}/fields")
async def add_field(request: web.Request) -> web.Response:
    spec = await body_object(request)
    f = await records(request).add_custom_field(actor(request), request.match_info["module"], spec)
    return json_ok(f.describe(), status=201)


@routes.get("/modules/{module}/numbering")
async def get_numbering(request: web.Request) -> web.Response:
    return json_ok(await records(request).numbering(actor(request), request.match_info["module"]))


@routes.put("/modules/{module}/numbering")
async def change_numbering(request: web.Request) -> web.Response:
    body = await body_object(request)
    unknown = set(body) - {"prefix", "width", "next_number"}
    if unknown:
        raise InvalidRequest(detail=f"unknown settings: {', '.join(sorted(unknown))}")
    result = await records(request).change_numbering(
        actor(request), request.match_info["module"], **body
    )
    return json_ok(result)
