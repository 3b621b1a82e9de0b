"""Saving a list's filters, sort and columns under a name, and removing one."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from agent_ui.console.state import CONSOLE_PREFIX, actor, console
from crm_core.errors import ValidationFailed

routes = web.RouteTableDef()


@routes.post("/m/{module}/views")
async def save_view(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    module, query = request.match_info["module"], str(form.get("query", ""))
    try:
        view = await console(request).runtime.saved_views.save(
            actor(request),
            module,
            str(form.get("name", "")),
            query,
            shared=form.get("shared") == "on",
        )
    except ValidationFailed as exc:
        reason = "; ".join(e.reason for e in exc.errors)
        raise web.HTTPSeeOther(
            f"{CONSOLE_PREFIX}/m/{module}?{query}&{urlencode({'view_error': reason})}"
        ) from None
    raise web.HTTPSeeOther(f"{CONSOLE_PREFIX}/m/{view.module}?{view.query}")


@routes.post("/m/{module}/views/{id:\\d+}/delete")
async def remove_view(request: web.Request) -> web.StreamResponse:
    await console(request).runtime.saved_views.remove(actor(request), int(request.match_info["id"]))
    raise web.HTTPSeeOther(f"{CONSOLE_PREFIX}/m/{request.match_info['module']}")
