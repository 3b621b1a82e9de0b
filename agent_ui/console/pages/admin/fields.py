"""Custom fields: add one to any module (its type, label, picklist values or
the modules it points to), see every field a module has, remove one, and
change a custom picklist's values.

Picklist values are typed one per line; what the user typed comes back
unchanged beside the reason when the record service refuses it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.pages.admin.common import (
    admin_page,
    administrator,
    back_to,
    refusals,
    text,
)
from agent_ui.console.state import console, translator
from crm_core.errors import NotFound, ValidationFailed
from crm_core.metadata.fields import Field, FieldType
from crm_core.metadata.module import Module
from crm_core.records.service import RecordService

routes = web.RouteTableDef()

TYPE_WORDS = {
    FieldType.TEXT: _("Text"),
    FieldType.TEXTAREA: _("Long text"),
    FieldType.INTEGER: _("Whole number"),
    FieldType.DECIMAL: _("Number"),
    FieldType.CURRENCY: _("Amount"),
    FieldType.PERCENT: _("Percent"),
    FieldType.DATE: _("Date"),
    FieldType.DATETIME: _("Date and time"),
    FieldType.BOOLEAN: _("Yes or no"),
    FieldType.EMAIL: _("Email"),
    FieldType.PHONE: _("Phone"),
    FieldType.URL: _("Web address"),
    FieldType.PICKLIST: _("Picklist"),
    FieldType.MULTIPICKLIST: _("Multi-select picklist"),
    FieldType.REFERENCE: _("Link to a record"),
    FieldType.OWNER: _("Owner"),
    FieldType.AUTONUMBER: _("Number sequence"),
}
NEW_FIELD_TYPES = tuple(t for t in FieldType if t not in (FieldType.OWNER, FieldType.AUTONUMBER))


def _records(request: web.Request) -> RecordService:
    return console(request).runtime.records


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]


@routes.get("/admin/fields")
async def modules(request: web.Request) -> web.StreamResponse:
    administrator(request)
    catalog = _records(request).catalog
    return admin_page(
        request,
        "admin/fields_modules.html",
        "fields",
        modules=list(catalog.modules.values()),
        custom_counts={
            m.name: sum(1 for f in m.fields if f.custom) for m in catalog.modules.values()
        },
    )


async def _fields_page(
    request: web.Request,
    shown: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    administrator(request)
    catalog = _records(request).catalog
    module: Module = catalog.module(request.match_info["module"])
    words = translator(request)
    return admin_page(
        request,
        "admin/fields.html",
        "fields",
        status=status,
        module=module,
        type_words=TYPE_WORDS,
        type_choices=[(t.value, words.gettext(TYPE_WORDS[t])) for t in NEW_FIELD_TYPES],
        target_choices=[(m.name, words.label(m.label)) for m in catalog.modules.values()],
        shown={"type": FieldType.TEXT.value, "targets": []} | (shown or {}),
        errors=errors or {},
        saved=request.query.get("saved"),
    )


@routes.get("/admin/fields/{module}")
async def fields(request: web.Request) -> web.StreamResponse:
    return await _fields_page(request)


@routes.post("/admin/fields/{module}")
async def add_field(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    module = _records(request).catalog.module(request.match_info["module"])
    form = await request.post()
    shown: dict[str, Any] = {
        "label": text(form, "label"),
        "type": text(form, "type"),
        "required": form.get("required") == "on",
        "max_length": text(form, "max_length"),
        "picklist": str(form.get("picklist", "")),
        "targets": [str(t) for t in form.getall("targets", [])],
    }
    spec: dict[str, Any] = {
        "label": shown["label"],
        "type": shown["type"],
        "required": shown["required"],
    }
    if shown["type"] in (FieldType.PICKLIST, FieldType.MULTIPICKLIST):
        spec["picklist"] = _lines(shown["picklist"])
    if shown["type"] == FieldType.REFERENCE:
        spec["targets"] = shown["targets"]
    if shown["max_length"]:
        spec["max_length"] = shown["max_length"]
    try:
        await _records(request).add_custom_field(who, module.name, spec)
    except ValidationFailed as exc:
        return await _fields_page(request, shown, refusals(request, exc), status=422)
    raise back_to(f"/fields/{module.name}?saved=1")


@routes.post("/admin/fields/{module}/{field}/remove")
async def remove_field(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    module = _records(request).catalog.module(request.match_info["module"])
    try:
        await _records(request).remove_custom_field(who, module.name, request.match_info["field"])
    except ValidationFailed as exc:
        return await _fields_page(request, errors=refusals(request, exc), status=422)
    raise back_to(f"/fields/{module.name}?saved=1")


def _custom_picklist(request: web.Request) -> tuple[Module, Field]:
    module = _records(request).catalog.module(request.match_info["module"])
    f = module.field(request.match_info["field"])
    if f is None or not f.custom or f.type not in (FieldType.PICKLIST, FieldType.MULTIPICKLIST):
        raise NotFound(module=module.name, record_id=request.match_info["field"])
    return module, f


async def _picklist_page(
    request: web.Request,
    shown: str | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    administrator(request)
    module, f = _custom_picklist(request)
    return admin_page(
        request,
        "admin/picklist.html",
        "fields",
        status=status,
        module=module,
        field=f,
        shown={"picklist": "\n".join(f.picklist) if shown is None else shown},
        errors=errors or {},
    )


@routes.get("/admin/fields/{module}/{field}/picklist")
async def picklist(request: web.Request) -> web.StreamResponse:
    return await _picklist_page(request)


@routes.post("/admin/fields/{module}/{field}/picklist")
async def change_picklist(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    module, f = _custom_picklist(request)
    raw = str((await request.post()).get("picklist", ""))
    try:
        await _records(request).change_picklist(who, module.name, f.name, _lines(raw))
    except ValidationFailed as exc:
        return await _picklist_page(request, raw, refusals(request, exc), status=422)
    raise back_to(f"/fields/{module.name}?saved=1")
