"""Create and edit forms, generated from the module declaration.

A rejected form comes back with what the user typed and each reason next to
its field. A save that lost the race to someone else's shows both versions
side by side; nothing is overwritten until the user says so.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.console.pages.records import owner_choices, visible_fields
from agent_ui.console.reasons import translate_reason
from agent_ui.console.state import CONSOLE_PREFIX, actor, console, page, translator
from agent_ui.console.values import changed_only, form_text, referenced_ids, show, values_from_form
from crm_core.access import FieldAccess, Operation
from crm_core.errors import Conflict, ValidationFailed
from crm_core.metadata.fields import Field, FieldType
from crm_core.metadata.module import Module
from crm_core.records.model import Record
from crm_core.records.service import RecordService

routes = web.RouteTableDef()


def _service(request: web.Request) -> RecordService:
    return console(request).runtime.records


def editable_fields(request: web.Request, module: Module) -> list[Field]:
    access = _service(request).policy.field_access(actor(request), module)
    return [
        f
        for f in visible_fields(request, module)
        if f.editable and access.get(f.name) is not FieldAccess.READONLY
    ]


async def _form(
    request: web.Request,
    module: Module,
    *,
    record: Record | None,
    shown: dict[str, Any],
    errors: dict[str, str] | None = None,
    conflict: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> web.Response:
    fields = editable_fields(request, module)
    record_ids, _ = referenced_ids([record] if record else [], fields)
    for f in fields:
        value = shown.get(f.name)
        if f.type is FieldType.REFERENCE and isinstance(value, str) and value.isdigit():
            record_ids.add(int(value))
    names = await _service(request).display_names(actor(request), record_ids)
    blocks: dict[str, list[Field]] = {}
    for f in fields:
        blocks.setdefault(f.block, []).append(f)
    return page(
        request,
        "form.html",
        status=status,
        module=module,
        record=record,
        blocks=list(blocks.items()),
        shown=shown,
        errors=errors or {},
        conflict=conflict or [],
        owners=await owner_choices(request),
        reference_labels={i: label for i, (_, label) in names.records.items()},
    )


def _initial(request: web.Request, module: Module, record: Record | None) -> dict[str, Any]:
    zone = translator(request).zone
    shown: dict[str, Any] = {}
    for f in editable_fields(request, module):
        if record is not None:
            shown[f.name] = form_text(f, record.get(f.name), zone)
        elif f.name in request.query:  # "new ticket for this contact" links
            shown[f.name] = request.query[f.name]
        elif f.type is FieldType.OWNER:
            shown[f.name] = str(actor(request).user_id)
        else:
            shown[f.name] = form_text(f, f.default, zone)
    return shown


def _field_errors(request: web.Request, exc: ValidationFailed) -> dict[str, str]:
    words = translator(request)
    return {e.field: translate_reason(words, e.reason) for e in exc.errors}


@routes.get("/m/{module}/new")
async def new_form(request: web.Request) -> web.StreamResponse:
    module = _service(request).module(
        actor(request), request.match_info["module"], Operation.CREATE
    )
    return await _form(request, module, record=None, shown=_initial(request, module, None))


@routes.post("/m/{module}/new")
async def create(request: web.Request) -> web.StreamResponse:
    service, who = _service(request), actor(request)
    module = service.module(who, request.match_info["module"], Operation.CREATE)
    form = await request.post()
    values, shown = values_from_form(
        form, editable_fields(request, module), translator(request).zone
    )
    try:
        record = await service.create(
            who, module.name, {k: v for k, v in values.items() if v is not None}
        )
    except ValidationFailed as exc:
        return await _form(
            request,
            module,
            record=None,
            shown=shown,
            errors=_field_errors(request, exc),
            status=422,
        )
    raise web.HTTPSeeOther(f"{CONSOLE_PREFIX}/m/{module.name}/{record.id}")


@routes.get("/m/{module}/{id:\\d+}/edit")
async def edit_form(request: web.Request) -> web.StreamResponse:
    service, who = _service(request), actor(request)
    module = service.module(who, request.match_info["module"], Operation.EDIT)
    record = await service.get(who, module.name, int(request.match_info["id"]))
    return await _form(request, module, record=record, shown=_initial(request, module, record))


@routes.post("/m/{module}/{id:\\d+}/edit")
async def update(request: web.Request) -> web.StreamResponse:
    service, who = _service(request), actor(request)
    module = service.module(who, request.match_info["module"], Operation.EDIT)
    record_id = int(request.match_info["id"])
    form = await request.post()
    zone = translator(request).zone
    base = await service.get(who, module.name, record_id)
    try:
        edited_version = int(str(form.get("version", "")))
    except ValueError:
        raise web.HTTPBadRequest(text="the form lacks the version it edited") from None
    values, shown = values_from_form(form, editable_fields(request, module), zone)
    changes = changed_only(values, shown, base, zone) if base.version == edited_version else values
    try:
        if changes:
            await service.update(
                who, module.name, record_id, changes, expected_version=edited_version
            )
    except ValidationFailed as exc:
        return await _form(
            request,
            module,
            record=base,
            shown=shown,
            errors=_field_errors(request, exc),
            status=422,
        )
    except Conflict:
        current = await service.get(who, module.name, record_id)
        return await _conflict(request, module, current, shown, zone)
    raise web.HTTPSeeOther(f"{CONSOLE_PREFIX}/m/{module.name}/{record_id}")


async def _conflict(
    request: web.Request, module: Module, current: Record, shown: dict[str, Any], zone: Any
) -> web.Response:
    """The form again, at the newer version, listing where the two differ:
    saving it now is a deliberate choice to replace their values."""
    words = translator(request)
    fields = editable_fields(request, module)
    record_ids, owner_ids = referenced_ids([current], fields)
    names = await _service(request).display_names(actor(request), record_ids, owner_ids)
    differences = [
        {
            "field": f,
            "theirs": show(f, current.get(f.name), words, names, CONSOLE_PREFIX),
            "mine": shown.get(f.name),
        }
        for f in fields
        if f.name in shown and shown[f.name] != form_text(f, current.get(f.name), zone)
    ]
    return await _form(
        request, module, record=current, shown=shown, conflict=differences, status=409
    )


@routes.post("/m/{module}/{id:\\d+}/delete")
async def delete(request: web.Request) -> web.StreamResponse:
    service, who = _service(request), actor(request)
    module = service.module(who, request.match_info["module"], Operation.DELETE)
    await service.delete(who, module.name, int(request.match_info["id"]))
    raise web.HTTPSeeOther(f"{CONSOLE_PREFIX}/m/{module.name}")
