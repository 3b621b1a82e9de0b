"""Web forms: the list with each form's public address, a new form for a
chosen module, a form's editor with the HTML to paste into a website, and
removal.

The forms live in the portal channel; these pages ask its
``portal.webforms`` service, as the API does (``agent_ui.portal_services``),
and show its refusals beside the setting or field row they name, keeping
what was typed.
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
)
from agent_ui.console.pages.admin.webform_editor import (
    Edited,
    payload_of,
    placed,
    read_editor,
    rows_for,
    settings_shown,
)
from agent_ui.console.pages.records import owner_choices
from agent_ui.console.state import console, translator
from agent_ui.portal_services import ask_web_forms, portal_running
from crm_core.access import Actor
from crm_core.errors import InvalidRequest, NotFound, ValidationFailed
from crm_core.metadata.fields import FieldType

routes = web.RouteTableDef()

NEW_FORM = {"enabled": True, "challenge": False}
TYPE_WORDS = {"picklist": _("choose a value"), "multipicklist": _("values separated by |##|")}


async def _ask(request: web.Request, who: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    return await ask_web_forms(console(request).runtime, who, payload)


@routes.get("/admin/webforms")
async def webforms(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    available = portal_running(console(request).runtime)
    found = (await _ask(request, who, {"op": "list"}))["forms"] if available else []
    return admin_page(
        request,
        "admin/webforms.html",
        "webforms",
        available=available,
        forms=found,
        removed=request.query.get("removed") == "1",
    )


async def _choices(request: web.Request, who: Actor) -> dict[str, list[dict[str, Any]]]:
    answer = await _ask(request, who, {"op": "modules"})
    return {m["module"]: m["fields"] for m in answer["modules"]}


async def _owners(request: web.Request, who: Actor) -> dict[str, list[tuple[int, str]]]:
    """People and groups a form's records may be given to."""
    groups = (await access_admin(request).describe(who))["groups"]
    return {
        "users": await owner_choices(request),
        "groups": [(g["id"], g["groupname"]) for g in groups],
    }


async def _editor(
    request: web.Request,
    who: Actor,
    *,
    module: str,
    choices: dict[str, list[dict[str, Any]]],
    edited: Edited,
    form: dict[str, Any] | None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    declared = console(request).runtime.records.catalog.module(module)
    picklists = {
        f.name: f.picklist
        for f in declared.fields
        if f.type is FieldType.PICKLIST and any(r.field == f.name for r in edited.rows)
    }
    return admin_page(
        request,
        "admin/webform.html",
        "webforms",
        status=status,
        form=form,
        module=declared,
        modules=list(choices),
        picklists=picklists,
        type_words={k: translator(request).gettext(v) for k, v in TYPE_WORDS.items()},
        owners=await _owners(request, who),
        shown=edited.shown,
        rows=edited.rows,
        errors=errors or {},
        saved=request.query.get("saved") == "1",
    )


def _unavailable(request: web.Request) -> web.Response | None:
    """The list page saying the portal is off, when it is."""
    if portal_running(console(request).runtime):
        return None
    return admin_page(request, "admin/webforms.html", "webforms", status=503, available=False)


@routes.get("/admin/webforms/new")
async def new_form(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    if off := _unavailable(request):
        return off
    choices = await _choices(request, who)
    module = request.query.get("module", "")
    module = module if module in choices else next(iter(choices))
    edited = Edited(dict(NEW_FORM), rows_for(choices[module], [], translator(request).label))
    return await _editor(request, who, module=module, choices=choices, edited=edited, form=None)


@routes.post("/admin/webforms/new")
async def create_form(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    if off := _unavailable(request):
        return off
    posted = await request.post()
    choices = await _choices(request, who)
    module = str(posted.get("module", ""))
    if module not in choices:
        raise web.HTTPBadRequest(text="no such target module")
    edited = read_editor(posted, choices[module], translator(request).label)
    try:
        made = await _ask(request, who, {"op": "create", **payload_of(edited, module=module)})
    except (ValidationFailed, InvalidRequest) as exc:
        errors = placed(request, exc, edited)
        return await _editor(
            request,
            who,
            module=module,
            choices=choices,
            edited=edited,
            form=None,
            errors=errors,
            status=422,
        )
    raise back_to(f"/webforms/{made['id']}?saved=1")


async def _stored(request: web.Request, who: Actor) -> dict[str, Any]:
    form_id = int(request.match_info["id"])
    language = translator(request).language
    return await _ask(request, who, {"op": "get", "form_id": form_id, "language": language})


@routes.get("/admin/webforms/{id:\\d{1,9}}")
async def form_page(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    if off := _unavailable(request):
        return off
    form = await _stored(request, who)
    choices = await _choices(request, who)
    words = translator(request)
    rows = rows_for(choices[form["module"]], form["fields"], words.label)
    edited = Edited(settings_shown(form), rows)
    return await _editor(
        request, who, module=form["module"], choices=choices, edited=edited, form=form
    )


@routes.post("/admin/webforms/{id:\\d{1,9}}")
async def update_form(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    if off := _unavailable(request):
        return off
    posted = await request.post()
    form = await _stored(request, who)
    choices = await _choices(request, who)
    edited = read_editor(posted, choices[form["module"]], translator(request).label)
    payload = {"op": "update", "form_id": form["id"], **payload_of(edited, module=None)}
    try:
        await _ask(request, who, payload)
    except (ValidationFailed, InvalidRequest) as exc:
        errors = placed(request, exc, edited)
        return await _editor(
            request,
            who,
            module=form["module"],
            choices=choices,
            edited=edited,
            form=form,
            errors=errors,
            status=422,
        )
    raise back_to(f"/webforms/{form['id']}?saved=1")


@routes.post("/admin/webforms/{id:\\d{1,9}}/remove")
async def remove_form(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    if off := _unavailable(request):
        return off
    try:
        await _ask(request, who, {"op": "delete", "form_id": int(request.match_info["id"])})
    except NotFound:
        raise web.HTTPNotFound() from None
    raise back_to("/webforms?removed=1")
