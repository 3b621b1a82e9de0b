"""Profiles: what a role may do in each module (view, create, edit,
delete), which fields it sees hidden or read-only, and its tools.

A whole table is saved at once, but each row goes to ``AccessAdmin`` on its
own: a refused row comes back with its reason and its ticks as the user left
them, while the rows it accepted stay saved.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.pages.admin.common import (
    access_admin,
    admin_page,
    administrator,
    back_to,
    reason_words,
    refusals,
    text,
)
from agent_ui.console.state import console, translator
from crm_core.access import Actor, FieldAccess, Operation, Tool
from crm_core.errors import NotFound, ValidationFailed
from crm_core.metadata.module import Module

routes = web.RouteTableDef()
OPERATIONS = tuple(o.value for o in Operation)
OPERATION_WORDS = {
    Operation.VIEW: _("View"),
    Operation.CREATE: _("Create"),
    Operation.EDIT: _("Edit"),
    Operation.DELETE: _("Delete"),
}
TOOL_WORDS = {
    Tool.IMPORT: _("Import"),
    Tool.EXPORT: _("Export"),
    Tool.MERGE: _("Merge records"),
    Tool.CONVERT_LEAD: _("Convert leads"),
    Tool.DIAL_ANY: _("Dial any number"),
    Tool.SUPERVISE: _("Supervise queues"),
    Tool.SEE_AMOUNTS: _("See amounts"),
    Tool.ADMINISTER: _("Administer"),
}
ACCESS_WORDS = {
    FieldAccess.EDITABLE: _("editable"),
    FieldAccess.READONLY: _("read-only"),
    FieldAccess.HIDDEN: _("hidden"),
}


def _modules(request: web.Request) -> list[Module]:
    return list(console(request).runtime.records.catalog.modules.values())


async def _profile(request: web.Request, who: Actor) -> dict[str, Any]:
    wanted = int(request.match_info["profile"])
    described = await access_admin(request).describe(who)
    for p in described["profiles"]:
        if p["id"] == wanted:
            found: dict[str, Any] = p
            return found
    raise NotFound(module="Profiles", record_id=wanted)


async def _list_page(
    request: web.Request,
    shown: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    described = await access_admin(request).describe(administrator(request))
    return admin_page(
        request,
        "admin/profiles.html",
        "profiles",
        status=status,
        profiles=described["profiles"],
        shown=shown or {},
        errors=errors or {},
    )


@routes.get("/admin/profiles")
async def profile_list(request: web.Request) -> web.StreamResponse:
    return await _list_page(request)


@routes.post("/admin/profiles")
async def add_profile(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    shown: dict[str, Any] = {
        "profilename": text(form, "profilename"),
        "description": text(form, "description"),
        "view_all": form.get("view_all") == "on",
        "edit_all": form.get("edit_all") == "on",
    }
    try:
        profile_id = await access_admin(request).add_profile(
            who,
            shown["profilename"],
            view_all=shown["view_all"],
            edit_all=shown["edit_all"],
            description=shown["description"],
        )
    except ValidationFailed as exc:
        return await _list_page(request, shown, refusals(request, exc), status=422)
    raise back_to(f"/profiles/{profile_id}")


async def _profile_page(
    request: web.Request,
    rights: dict[str, list[str]] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    profile = await _profile(request, administrator(request))
    return admin_page(
        request,
        "admin/profile.html",
        "profiles",
        status=status,
        profile=profile,
        modules=_modules(request),
        operations=OPERATION_WORDS,
        rights=profile["modules"] if rights is None else rights,
        tools=TOOL_WORDS,
        errors=errors or {},
        saved=request.query.get("saved"),
    )


@routes.get("/admin/profiles/{profile:\\d+}")
async def profile_page(request: web.Request) -> web.StreamResponse:
    return await _profile_page(request)


@routes.post("/admin/profiles/{profile:\\d+}/modules")
async def save_module_rights(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    profile = await _profile(request, who)
    form = await request.post()
    chosen = {
        m.name: [op for op in OPERATIONS if form.get(f"{m.name}:{op}") == "on"]
        for m in _modules(request)
    }
    errors: dict[str, str] = {}
    for name, ops in chosen.items():
        if sorted(ops) == profile["modules"].get(name, []):
            continue
        try:
            await access_admin(request).set_module_rights(
                who, profile["id"], name, **{op: op in ops for op in OPERATIONS}
            )
        except ValidationFailed as exc:
            errors[name] = "; ".join(refusals(request, exc).values())
    if errors:
        return await _profile_page(request, chosen, errors, status=422)
    raise back_to(f"/profiles/{profile['id']}?saved=1")


@routes.post("/admin/profiles/{profile:\\d+}/tools")
async def save_tools(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    profile = await _profile(request, who)
    form = await request.post()
    chosen = [t for t in Tool if form.get(f"tool:{t.value}") == "on"]
    await access_admin(request).set_tools(who, profile["id"], chosen)
    raise back_to(f"/profiles/{profile['id']}?saved=1")


async def _fields_page(
    request: web.Request,
    shown: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    profile = await _profile(request, administrator(request))
    module = console(request).runtime.records.catalog.module(request.match_info["module"])
    stored = profile["fields"].get(module.name, {})
    return admin_page(
        request,
        "admin/profile_fields.html",
        "profiles",
        status=status,
        profile=profile,
        module=module,
        levels=ACCESS_WORDS,
        shown={f.name: stored.get(f.name, FieldAccess.EDITABLE.value) for f in module.fields}
        | (shown or {}),
        errors=errors or {},
        saved=request.query.get("saved"),
    )


@routes.get("/admin/profiles/{profile:\\d+}/fields/{module}")
async def fields_page(request: web.Request) -> web.StreamResponse:
    return await _fields_page(request)


@routes.post("/admin/profiles/{profile:\\d+}/fields/{module}")
async def save_fields(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    profile = await _profile(request, who)
    module = console(request).runtime.records.catalog.module(request.match_info["module"])
    stored = profile["fields"].get(module.name, {})
    form = await request.post()
    shown: dict[str, str] = {}
    errors: dict[str, str] = {}
    for f in module.fields:
        raw = str(form.get(f.name, FieldAccess.EDITABLE.value))
        shown[f.name] = raw
        if raw == stored.get(f.name, FieldAccess.EDITABLE.value):
            continue
        try:
            await access_admin(request).set_field_access(
                who, profile["id"], module.name, f.name, FieldAccess(raw)
            )
        except ValueError:
            refused = f"{raw} is not one of the allowed values"
            errors[f.name] = reason_words(translator(request), refused)
        except ValidationFailed as exc:
            errors[f.name] = "; ".join(refusals(request, exc).values())
    if errors:
        return await _fields_page(request, shown, errors, status=422)
    raise back_to(f"/profiles/{profile['id']}/fields/{module.name}?saved=1")
