"""Records of every module: list, read, create, update, delete, restore, purge,
history, related lists, links, lead conversion and merge."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.api.common import actor, body_object, int_param, json_ok, records
from agent_ui.const import DEFAULT_PAGE_SIZE
from crm_core.errors import InvalidRequest
from crm_core.records.model import Condition, Op, Record, Sort

routes = web.RouteTableDef()

LINE_ITEMS = "LineItems"
LIST_OPS = (Op.IN, Op.BETWEEN)


def parse_filter(raw: str) -> Condition:
    """``field:op:value``; ``in`` and ``between`` take comma-separated values."""
    name, sep, rest = raw.partition(":")
    op_name, _, value = rest.partition(":")
    if not sep or not name:
        raise InvalidRequest(detail=f"filter {raw!r} must look like field:op:value")
    try:
        op = Op(op_name)
    except ValueError:
        raise InvalidRequest(
            detail=f"unknown filter operator {op_name!r}; use one of "
            f"{', '.join(o.value for o in Op)}"
        ) from None
    parsed: Any = value.split(",") if op in LIST_OPS else value
    return Condition(name, op, parsed)


def parse_sort(raw: str | None) -> Sort | None:
    if not raw:
        return None
    return Sort(raw.lstrip("-"), descending=raw.startswith("-"))


def page_args(request: web.Request) -> dict[str, Any]:
    return {
        "conditions": [parse_filter(f) for f in request.query.getall("filter", [])],
        "sort": parse_sort(request.query.get("sort")),
        "cursor": request.query.get("cursor"),
        "limit": int_param(request, "limit", DEFAULT_PAGE_SIZE),
    }


async def record_json(request: web.Request, record: Record) -> dict[str, Any]:
    data = record.to_json()
    if record.module.inventory:
        data[LINE_ITEMS] = await records(request).line_items(
            actor(request), record.module.name, record.id
        )
    return data


@routes.get("/records/{module}")
async def list_records(request: web.Request) -> web.Response:
    args = page_args(request)
    page = await records(request).list_records(
        actor(request),
        request.match_info["module"],
        match_any=request.query.get("match") == "any",
        deleted=request.query.get("deleted") == "1",
        **args,
    )
    return json_ok(
        {
            "records": [r.to_json() for r in page.records],
            "next_cursor": page.next_cursor,
            "last_event_id": page.last_event_id,
        }
    )


@routes.get("/records/{module}/count")
async def count_records(request: web.Request) -> web.Response:
    conditions = [parse_filter(f) for f in request.query.getall("filter", [])]
    total = await records(request).count(
        actor(request),
        request.match_info["module"],
        conditions=conditions,
        match_any=request.query.get("match") == "any",
    )
    return json_ok({"count": total})


@routes.post("/records/{module}")
async def create_record(request: web.Request) -> web.Response:
    body = await body_object(request)
    lines = body.pop(LINE_ITEMS, None)
    record = await records(request).create(
        actor(request), request.match_info["module"], body, line_items=lines
    )
    return json_ok(await record_json(request, record), status=201)


@routes.get("/records/{module}/{id:\\d+}")
async def get_record(request: web.Request) -> web.Response:
    record = await records(request).get(
        actor(request), request.match_info["module"], int_param(request, "id")
    )
    return json_ok(await record_json(request, record))


@routes.patch("/records/{module}/{id:\\d+}")
async def update_record(request: web.Request) -> web.Response:
    """Partial update. The version the client edited is required (``version`` in
    the body or an ``If-Match`` header), so nobody overwrites a newer change."""
    body = await body_object(request)
    version = body.pop("version", None) or request.headers.get("If-Match", "").strip('"') or None
    if version is None:
        raise InvalidRequest(detail='give the version you edited ("version" or If-Match)')
    try:
        expected = int(version)
    except (TypeError, ValueError):
        raise InvalidRequest(detail=f"version must be a whole number, got {version!r}") from None
    lines = body.pop(LINE_ITEMS, None)
    record = await records(request).update(
        actor(request),
        request.match_info["module"],
        int_param(request, "id"),
        body,
        expected_version=expected,
        line_items=lines,
    )
    return json_ok(await record_json(request, record))


@routes.delete("/records/{module}/{id:\\d+}")
async def delete_record(request: web.Request) -> web.Response:
    service, module, record_id = (
        records(request),
        request.match_info["module"],
        int_param(request, "id"),
    )
    if request.query.get("purge") == "1":
        await service.purge(actor(request), module, record_id)
        return json_ok({"purged": record_id})
    record = await service.delete(actor(request), module, record_id)
    return json_ok(record.to_json())


@routes.post("/records/{module}/{id:\\d+}/restore")
async def restore_record(request: web.Request) -> web.Response:
    record = await records(request).restore(
        actor(request), request.match_info["module"], int_param(request, "id")
    )
    return json_ok(record.to_json())


@routes.get("/records/{module}/{id:\\d+}/history")
async def record_history(request: web.Request) -> web.Response:
    entries = await records(request).history(
        actor(request), request.match_info["module"], int_param(request, "id")
    )
    return json_ok({"history": [e.to_json() for e in entries]})


@routes.get("/records/{module}/{id:\\d+}/related/{related}")
async def related_records(request: web.Request) -> web.Response:
    page = await records(request).related(
        actor(request),
        request.match_info["module"],
        int_param(request, "id"),
        request.match_info["related"],
        via=request.query.get("via"),
        **page_args(request),
    )
    return json_ok(
        {"records": [r.to_json() for r in page.records], "next_cursor": page.next_cursor}
    )


@routes.put("/records/{module}/{id:\\d+}/links/{other}/{other_id:\\d+}")
async def link_records(request: web.Request) -> web.Response:
    linked = await records(request).link(
        actor(request),
        request.match_info["module"],
        int_param(request, "id"),
        request.match_info["other"],
        int_param(request, "other_id"),
    )
    return json_ok({"linked": True, "changed": linked})


@routes.delete("/records/{module}/{id:\\d+}/links/{other}/{other_id:\\d+}")
async def unlink_records(request: web.Request) -> web.Response:
    unlinked = await records(request).unlink(
        actor(request),
        request.match_info["module"],
        int_param(request, "id"),
        request.match_info["other"],
        int_param(request, "other_id"),
    )
    return json_ok({"linked": False, "changed": unlinked})


@routes.post("/records/Leads/{id:\\d+}/convert")
async def convert_lead(request: web.Request) -> web.Response:
    body = await body_object(request)
    allowed = {"create_account", "account_id", "create_contact", "potential", "assigned_user_id"}
    unknown = set(body) - allowed
    if unknown:
        raise InvalidRequest(detail=f"unknown options: {', '.join(sorted(unknown))}")
    result = await records(request).convert_lead(actor(request), int_param(request, "id"), **body)
    return json_ok(result.to_json(), status=201)


@routes.post("/records/{module}/{id:\\d+}/merge")
async def merge_records(request: web.Request) -> web.Response:
    body = await body_object(request)
    duplicates = body.get("duplicates")
    if not isinstance(duplicates, list) or not all(isinstance(d, int) for d in duplicates):
        raise InvalidRequest(detail="duplicates must be a list of record ids")
    values = body.get("values") or {}
    record = await records(request).merge(
        actor(request), request.match_info["module"], int_param(request, "id"), duplicates, values
    )
    return json_ok(record.to_json())
