"""A ticket's SLA on its page, asked of the workflow channel's
``workflows.sla`` service (the console never imports the channel), and the
same part alone for the page's script to fetch when the hub says the
ticket's SLA changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.state import actor, console, fragment
from crm_core.records.model import Record

routes = web.RouteTableDef()

TARGET_WORDS = {"first_response": _("First response"), "resolution": _("Resolution")}
STATE_WORDS = {
    "running": _("running"),
    "paused": _("paused"),
    "met": _("met"),
    "breached": _("breached"),
}


async def ticket_sla(request: web.Request, record: Record) -> dict[str, Any] | None:
    """What sla.html shows for ``record``: None for other modules or while
    the workflow channel is off."""
    if record.module.name != "HelpDesk":
        return None
    return await _ask(request, record.id)


async def _ask(request: web.Request, ticket_id: int) -> dict[str, Any] | None:
    services = console(request).runtime.hub.services
    if not services.provides("workflows.sla"):
        return None
    answer = await services.ask("workflows.sla", actor(request), {"ticket_id": ticket_id})
    state = answer["sla"] or {}
    targets = [
        {
            "name": name,
            "label": TARGET_WORDS.get(name, name),
            "state": target["state"],
            "state_word": STATE_WORDS.get(target["state"], target["state"]),
            **{key: _moment(target.get(key)) for key in ("due_at", "met_at", "breached_at")},
        }
        for name, target in (state.get("targets") or {}).items()
    ]
    return {"ticket_id": ticket_id, "targets": targets, "waiting": bool(state.get("waiting"))}


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


@routes.get("/m/HelpDesk/{id:\\d+}/sla")
async def sla_part(request: web.Request) -> web.StreamResponse:
    """The SLA part of a ticket's page alone (the viewer must see the ticket)."""
    raw = request.match_info["id"]
    if len(raw) > 18:
        raise web.HTTPNotFound()
    sla = await _ask(request, int(raw))
    if sla is None:
        raise web.HTTPNotFound()
    return fragment(request, "sla.html", sla=sla)
