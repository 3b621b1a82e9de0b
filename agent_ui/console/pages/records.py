"""List and detail pages of every module, generated from its declaration."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from agent_ui.api.records import parse_filter, parse_sort
from agent_ui.console.i18n import _
from agent_ui.console.pages.sla import ticket_sla
from agent_ui.console.quick_bar import quick_bar
from agent_ui.console.state import (
    CONSOLE_PREFIX,
    actor,
    console,
    fragment,
    inbox_url,
    page,
    translator,
)
from agent_ui.console.timeline import timeline
from agent_ui.console.values import default_columns, referenced_ids, show
from crm_core.access import Operation
from crm_core.errors import AccessDenied, InvalidRequest
from crm_core.metadata.fields import Field, FieldType
from crm_core.metadata.module import Module
from crm_core.records.model import Condition, Op, Record
from crm_core.records.service import RecordService

routes = web.RouteTableDef()

PAGE_SIZE = 50


OPERATORS: dict[Op, str] = {
    Op.EQ: _("is"),
    Op.NE: _("is not"),
    Op.CONTAINS: _("contains"),
    Op.NOT_CONTAINS: _("does not contain"),
    Op.STARTS: _("starts with"),
    Op.ENDS: _("ends with"),
    Op.LT: _("less than"),
    Op.GT: _("greater than"),
    Op.EMPTY: _("is empty"),
    Op.NOT_EMPTY: _("is not empty"),
}


def _service(request: web.Request) -> RecordService:
    return console(request).runtime.records


def _module(request: web.Request, operation: Operation = Operation.VIEW) -> Module:
    return _service(request).module(actor(request), request.match_info["module"], operation)


def _may(request: web.Request, module: Module, operation: Operation) -> bool:
    try:
        _service(request).policy.check_module(actor(request), module, operation)
    except AccessDenied:
        return False
    return True


def visible_fields(request: web.Request, module: Module) -> list[Field]:
    hidden = _service(request).hidden_fields(actor(request), module)
    return [f for f in module.fields if f.name not in hidden]


def _columns(request: web.Request, module: Module) -> list[Field]:
    hidden = _service(request).hidden_fields(actor(request), module)
    # ``columns=a,b`` in a link, or one ``column`` per box the chooser ticked.
    asked = [c for c in request.query.get("columns", "").split(",") if c]
    asked += request.query.getall("column", [])
    if asked:
        chosen = [f for name in asked if (f := module.field(name)) and name not in hidden]
        if chosen:
            return chosen
    return default_columns(module, hidden)


def _conditions(request: web.Request) -> tuple[list[Condition], list[str]]:
    raw = [f for f in request.query.getall("filter", []) if f]
    return [parse_filter(f) for f in raw], raw


async def _rows(
    request: web.Request, records: list[Record], columns: list[Field]
) -> list[dict[str, Any]]:
    words = translator(request)
    record_ids, owner_ids = referenced_ids(records, columns)
    names = await _service(request).display_names(actor(request), record_ids, owner_ids)
    return [
        {
            "record": r,
            "cells": [show(f, r.get(f.name), words, names, CONSOLE_PREFIX) for f in columns],
        }
        for r in records
    ]


@routes.get("/")
async def home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther(inbox_url())


def _with_new_filter(request: web.Request) -> str | None:
    """The filter builder's fields folded into one ``filter`` parameter, so
    every list URL has one form and can be bookmarked or shared."""
    if "f_field" not in request.query and "column" not in request.query:
        return None
    query = [
        (k, v)
        for k, v in request.query.items()
        if not k.startswith("f_") and k not in ("add_filter", "column", "columns")
    ]
    columns = request.query.getall("column", []) or [request.query.get("columns", "")]
    if any(columns):
        query.append(("columns", ",".join(c for c in columns if c)))
    field, op = request.query.get("f_field", ""), request.query.get("f_op", "")
    if field and op and request.query.get("add_filter"):
        query.append(("filter", f"{field}:{op}:{request.query.get('f_value', '').strip()}"))
    return f"{request.path}?{urlencode(query)}"


@routes.get("/m/{module}")
async def list_view(request: web.Request) -> web.StreamResponse:
    module = _module(request)
    words = translator(request)
    canonical = _with_new_filter(request)
    if canonical is not None:
        raise web.HTTPSeeOther(canonical)
    columns = _columns(request, module)
    sort = request.query.get("sort") or ""
    error = None
    try:
        conditions, raw_filters = _conditions(request)
        result = await _service(request).list_records(
            actor(request),
            module.name,
            conditions=conditions,
            match_any=request.query.get("match") == "any",
            sort=parse_sort(sort),
            cursor=request.query.get("cursor"),
            limit=PAGE_SIZE,
        )
        records, next_cursor, last_event_id = (
            result.records,
            result.next_cursor,
            result.last_event_id,
        )
    except InvalidRequest as exc:
        error = exc.as_dict()["message"]
        raw_filters, records, next_cursor, last_event_id = [], [], None, 0
    keep = [
        (k, v)
        for k, v in request.query.items()
        if k not in ("cursor", "fragment", "view_error") and not k.startswith("bulk_")
    ]
    may_edit, may_delete = (
        _may(request, module, Operation.EDIT),
        _may(request, module, Operation.DELETE),
    )
    table: dict[str, Any] = {
        "columns": columns,
        "rows": await _rows(request, records, columns),
        "sort": sort,
        "sort_url": lambda name: (
            "?"
            + urlencode(
                [
                    *[(k, v) for k, v in keep if k != "sort"],
                    ("sort", name if sort != name else f"-{name}"),
                ]
            )
        ),
        "may_bulk": may_edit or may_delete,
    }
    if request.query.get("fragment") == "rows":
        # A live list asks for its rows alone when a record of its module
        # changes: every open list does, so nothing else is read for it.
        return fragment(request, "list_rows.html", **table)
    fields = visible_fields(request, module)
    return page(
        request,
        "list.html",
        status=400 if error else 200,
        module=module,
        **table,
        columns_param=request.query.get("columns", ""),
        filters=raw_filters,
        # People last: a list is filtered by its own words far more often.
        filter_fields=sorted(fields, key=lambda f: f.type is FieldType.OWNER),
        operator_names={op.value: words.gettext(name) for op, name in OPERATORS.items()},
        match=request.query.get("match", "all"),
        error=error,
        next_url=f"?{urlencode([*keep, ('cursor', next_cursor)])}" if next_cursor else None,
        remove_url=lambda raw: (
            "?" + urlencode([(k, v) for k, v in keep if not (k == "filter" and v == raw)])
        ),
        last_event_id=last_event_id,
        may_create=_may(request, module, Operation.CREATE),
        may_delete=may_delete,
        bulk_fields=[
            f for f in fields if f.editable and f.type not in (FieldType.OWNER, FieldType.REFERENCE)
        ],
        owners=await owner_choices(request),
        bulk_report={
            k[5:]: int(v) for k, v in request.query.items() if k.startswith("bulk_") and v.isdigit()
        },
        back_url=f"{request.path}?{urlencode(keep)}",
        views=await console(request).runtime.saved_views.for_module(actor(request), module.name),
        list_query=urlencode(keep),
        view_error=request.query.get("view_error"),
    )


async def owner_choices(request: web.Request) -> list[tuple[int, str]]:
    """Active people a record may be given to, by name."""
    users = await console(request).runtime.users.all()
    return [(u.id, u.full_name or u.user_name) for u in users if u.active and not u.is_system]


def _blocks(fields: list[Field]) -> list[tuple[str, list[Field]]]:
    blocks: dict[str, list[Field]] = {}
    for f in fields:
        blocks.setdefault(f.block, []).append(f)
    return list(blocks.items())


def related_modules(request: web.Request, module: Module) -> list[tuple[Module, str | None]]:
    """The related lists of a record page: modules whose references point
    here (by field when several do), then many-to-many partners."""
    service = _service(request)
    found: list[tuple[Module, str | None]] = []
    by_module: dict[str, list[Field]] = {}
    for other, f in service.catalog.references_to(module.name):
        by_module.setdefault(other.name, []).append(f)
    for name, fields in by_module.items():
        other = service.catalog.module(name)
        if not _may(request, other, Operation.VIEW):
            continue
        if len(fields) == 1:
            found.append((other, None))
        else:
            found.extend((other, f.name) for f in fields)
    for relation in service.catalog.many_to_many:
        for a, b in ((relation.left, relation.right), (relation.right, relation.left)):
            if a == module.name and b not in by_module:
                other = service.catalog.module(b)
                if _may(request, other, Operation.VIEW):
                    found.append((other, None))
    return found


@routes.get("/m/{module}/{id:\\d+}")
async def detail_view(request: web.Request) -> web.StreamResponse:
    return await render_detail(request)


async def render_detail(
    request: web.Request, status: int = 200, **extra: Any
) -> web.StreamResponse:
    """A record's page; the reply and comment forms come back here with
    what was typed when it could not be saved."""
    module = _module(request)
    service, who = _service(request), actor(request)
    async with service.snapshot():
        record = await service.get(who, module.name, int(request.match_info["id"]))
        last_event_id = await service.last_event_id()
        entries = await timeline(service, who, record)
    fields = visible_fields(request, module)
    record_ids, owner_ids = referenced_ids([record], fields)
    owner_ids |= {e.change.actor_id for e in entries if e.change and e.change.actor_id}
    owner_ids |= {
        int(e.record.get(name))
        for e in entries
        for name in ("created_user_id", "assigned_user_id")
        if e.record is not None and e.record.get(name)
    }
    # A customer's reply from the portal is stored by the system user in
    # their name: the timeline names the contact, as far as the viewer sees it.
    record_ids |= {
        int(e.record.get("customer"))
        for e in entries
        if e.kind == "Comments" and e.record is not None and e.record.get("customer")
    }
    names = await service.display_names(who, record_ids, owner_ids)
    words = translator(request)
    blocks = [
        (
            block,
            [(f, show(f, record.get(f.name), words, names, CONSOLE_PREFIX)) for f in block_fields],
        )
        for block, block_fields in _blocks(fields)
    ]
    return page(
        request,
        "detail.html",
        status=status,
        module=module,
        record=record,
        blocks=blocks,
        timeline=entries,
        names=names,
        related=related_modules(request, module),
        last_event_id=last_event_id,
        may_edit=_may(request, module, Operation.EDIT),
        may_delete=_may(request, module, Operation.DELETE),
        may_comment=_may(request, service.catalog.module("Comments"), Operation.CREATE),
        sla=await ticket_sla(request, record),
        quick=extra.pop("quick", None) or await quick_bar(request, module, record),
        reply_text=extra.pop("reply_text", ""),
        comment_text=extra.pop("comment_text", ""),
        **extra,
    )


@routes.get("/m/{module}/{id:\\d+}/related/{related}")
async def related_view(request: web.Request) -> web.StreamResponse:
    module = _module(request)
    service, who = _service(request), actor(request)
    record = await service.get(who, module.name, int(request.match_info["id"]))
    related = service.module(who, request.match_info["related"], Operation.VIEW)
    via = request.query.get("via") or None
    result = await service.related(
        who,
        module.name,
        record.id,
        related.name,
        via=via,
        cursor=request.query.get("cursor"),
        limit=PAGE_SIZE,
    )
    columns = default_columns(related, service.hidden_fields(who, related))
    keep = [(k, v) for k, v in request.query.items() if k != "cursor"]
    return page(
        request,
        "related.html",
        module=module,
        record=record,
        related=related,
        columns=columns,
        rows=await _rows(request, result.records, columns),
        next_url=f"?{urlencode([*keep, ('cursor', result.next_cursor)])}"
        if result.next_cursor
        else None,
    )
