"""The supervisors' wallboard: every queue live, with pause and listen
controls for those allowed to supervise."""

from __future__ import annotations

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.state import actor, console, page, translator
from crm_core.access import Tool
from crm_core.errors import ServiceUnavailable

routes = web.RouteTableDef()

PAUSE_REASONS = ("Lunch", "Break", "Training", "Paperwork", "Other")


REASON_WORDS = {
    "Lunch": _("Lunch"),
    "Break": _("Break"),
    "Training": _("Training"),
    "Paperwork": _("Paperwork"),
    "Other": _("Other"),
}


@routes.get("/wallboard")
async def wallboard(request: web.Request) -> web.StreamResponse:
    rt, who = console(request).runtime, actor(request)
    try:
        answer = await rt.hub.services.ask("pbx.queues", who, {})
        queues, available = answer["queues"], True
    except ServiceUnavailable:
        queues, available = [], False
    return page(
        request,
        "wallboard.html",
        queues=queues,
        telephony=available,
        may_supervise=rt.records.policy.has_tool(who, Tool.SUPERVISE),
        reasons=PAUSE_REASONS,
        reason_words={k: translator(request).gettext(v) for k, v in REASON_WORDS.items()},
    )
