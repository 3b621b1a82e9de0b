"""Answering from a record's page: a reply to a ticket's customer by email,
and comments (internal ones too) on any record."""

from __future__ import annotations

from aiohttp import web

from agent_ui.console.pages.records import render_detail
from agent_ui.console.reasons import translate_reason
from agent_ui.console.state import CONSOLE_PREFIX, actor, console, translator
from crm_core.errors import ServiceUnavailable, ValidationFailed

routes = web.RouteTableDef()


def _back(request: web.Request, anchor: str) -> web.HTTPSeeOther:
    module, record_id = request.match_info["module"], request.match_info["id"]
    return web.HTTPSeeOther(f"{CONSOLE_PREFIX}/m/{module}/{record_id}#{anchor}")


def _reasons(request: web.Request, exc: ValidationFailed) -> str:
    words = translator(request)
    return "; ".join(translate_reason(words, e.reason) for e in exc.errors)


@routes.post("/m/{module:HelpDesk}/{id:\\d+}/reply")
async def reply(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    body = str(form.get("body", ""))
    payload = {"ticket_id": int(request.match_info["id"]), "body": body}
    try:
        await console(request).runtime.hub.services.ask("mail.reply", actor(request), payload)
    except ValidationFailed as exc:
        return await render_detail(
            request, status=422, reply_text=body, reply_error=_reasons(request, exc)
        )
    except ServiceUnavailable:
        return await render_detail(
            request, status=503, reply_text=body, reply_error="mail_unavailable"
        )
    raise _back(request, "timeline")


@routes.post("/m/{module}/{id:\\d+}/comment")
async def comment(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    text = str(form.get("commentcontent", ""))
    service, who = console(request).runtime.records, actor(request)
    record = await service.get(who, request.match_info["module"], int(request.match_info["id"]))
    try:
        await service.create(
            who,
            "Comments",
            {
                "commentcontent": text,
                "related_to": record.id,
                "is_private": form.get("is_private") == "on",
            },
        )
    except ValidationFailed as exc:
        return await render_detail(
            request, status=422, comment_text=text, comment_error=_reasons(request, exc)
        )
    raise _back(request, "timeline")
