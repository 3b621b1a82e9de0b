"""The quick bar's post: a ticket's status, priority and assignee changed
from its page, through the record service, as the user and at the version
the page showed.

Without scripts it is a plain form: the answer is the ticket's page again,
after a redirect when saved, with the reason next to the field when refused,
and with the usual conflict message when someone else saved the ticket
first. quick_bar.js sends the same form and puts the answer in place.
"""

from __future__ import annotations

from aiohttp import web

from agent_ui.console.pages.records import render_detail
from agent_ui.console.quick_bar import QUICK_MODULE, chosen, quick_bar, quick_fields
from agent_ui.console.reasons import translate_reason
from agent_ui.console.state import CONSOLE_PREFIX, actor, console, translator
from agent_ui.console.values import form_text
from crm_core.access import Operation
from crm_core.errors import Conflict, ValidationFailed

routes = web.RouteTableDef()


@routes.post("/m/{module:HelpDesk}/{id:\\d+}/quick")
async def quick_change(request: web.Request) -> web.StreamResponse:
    service, who = console(request).runtime.records, actor(request)
    module = service.module(who, QUICK_MODULE, Operation.EDIT)
    record_id = int(request.match_info["id"])
    form = await request.post()
    try:
        version = int(str(form.get("version", "")))
    except ValueError:
        raise web.HTTPBadRequest(text="the form lacks the version it changed") from None
    base = await service.get(who, module.name, record_id)
    fields = quick_fields(request, module)
    shown = chosen(form, fields)
    zone = translator(request).zone
    if base.version == version:
        # Only what differs: choosing the value already there changes nothing.
        stored = {f.name: str(form_text(f, base.get(f.name), zone)) for f in fields}
        changes = {k: v or None for k, v in shown.items() if v != stored.get(k)}
    else:
        # Someone saved since the page was drawn: the service says so (Conflict).
        changes = {k: v or None for k, v in shown.items()}
    try:
        if changes:
            await service.update(who, module.name, record_id, changes, expected_version=version)
    except ValidationFailed as exc:
        words = translator(request)
        errors = {e.field: translate_reason(words, e.reason) for e in exc.errors}
        bar = await quick_bar(request, module, base, shown=shown, errors=errors)
        return await render_detail(request, status=422, quick=bar)
    except Conflict:
        current = await service.get(who, module.name, record_id)
        bar = await quick_bar(request, module, current, shown=shown, conflict=True)
        return await render_detail(request, status=409, quick=bar)
    raise web.HTTPSeeOther(f"{CONSOLE_PREFIX}/m/{module.name}/{record_id}")
