"""What every console page needs: the runtime, templates, languages, and the
signed-in user of the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from jinja2 import Environment

from agent_ui.console.i18n import Languages, Translator, _
from agent_ui.console.rendering import html
from crm_core.access import Actor, Operation, Tool
from crm_core.errors import AccessDenied
from crm_core.metadata.module import Module
from crm_core.runtime import Runtime
from crm_core.signin import SessionInfo

CONSOLE_PREFIX = "/console"


def inbox_url(user_id: int | None = None) -> str:
    """The ticket inbox is a list view: open tickets, newest first (an
    agent's own when ``user_id`` is given); live like every list."""
    query = [("filter", "ticketstatus:ne:Closed"), ("sort", "-createdtime")]
    if user_id is not None:
        query.append(("filter", f"assigned_user_id:eq:{user_id}"))
    return f"{CONSOLE_PREFIX}/m/HelpDesk?{urlencode(query)}"


MENU_ORDER = (_("Support"), _("Sales"), _("Marketing"), _("Inventory"), _("Projects"), _("Tools"))


@dataclass(frozen=True)
class Console:
    runtime: Runtime
    env: Environment
    languages: Languages


CONSOLE = web.AppKey("console", Console)
SESSION = web.RequestKey("console_session", SessionInfo)
TRANSLATOR = web.RequestKey("console_translator", Translator)


def console(request: web.Request) -> Console:
    return request.app[CONSOLE]


def actor(request: web.Request) -> Actor:
    return request[SESSION].actor


def translator(request: web.Request) -> Translator:
    return request[TRANSLATOR]


def menu(request: web.Request) -> list[tuple[str, list[Module]]]:
    """The modules this user may open, grouped as vtiger's menu groups them."""
    rt = console(request).runtime
    who = actor(request)
    groups: dict[str, list[Module]] = {name: [] for name in MENU_ORDER}
    for module in rt.records.catalog.modules.values():
        if not module.menu:
            continue
        try:
            rt.records.policy.check_module(who, module, Operation.VIEW)
        except AccessDenied:
            continue
        groups.setdefault(module.menu, []).append(module)
    return [(name, modules) for name, modules in groups.items() if modules]


def fragment(request: web.Request, template: str, **context: Any) -> web.Response:
    """Part of a page, for a script to put in place: only what its macros
    use (the words and the prefix), none of the layout's reads."""
    words = translator(request)
    base: dict[str, Any] = {**words.context(), "t": words, "prefix": CONSOLE_PREFIX}
    return html(console(request).env, template, base | context)


def page(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """Render ``template`` with the layout's needs filled in."""
    state = console(request)
    words = translator(request)
    session = request.get(SESSION)
    base: dict[str, Any] = {
        **words.context(),
        "t": words,
        "prefix": CONSOLE_PREFIX,
        "request_path": request.path_qs,
        "user": session.user if session is not None else None,
        "csrf_token": session.csrf_token if session is not None else "",
        "menu": menu(request) if session is not None else [],
        "inbox_url": inbox_url,
        "module_labels": {
            name: words.label(m.label) for name, m in state.runtime.records.catalog.modules.items()
        },
        "module_singulars": {
            name: words.label(m.singular)
            for name, m in state.runtime.records.catalog.modules.items()
        },
        "supervisor": session is not None
        and state.runtime.records.policy.has_tool(session.actor, Tool.SUPERVISE),
        "administrator": session is not None
        and state.runtime.records.policy.has_tool(session.actor, Tool.ADMINISTER),
    }
    # The calendar is there for whoever may open events or tasks.
    base["calendar"] = any(
        m.name in ("Events", "Tasks") for _group, modules in base["menu"] for m in modules
    )
    catalog = state.runtime.records.catalog

    def picklist_words(*fields: tuple[str, str]) -> dict[str, str]:
        """Picklist values of these fields in the reader's language, for scripts."""
        words_of: dict[str, str] = {}
        for module_name, field_name in fields:
            f = catalog.module(module_name).field(field_name)
            for value in f.picklist if f is not None else ():
                words_of[value] = words.label(value)
        return words_of

    base["picklist_words"] = picklist_words
    base.update(context)
    return html(state.env, template, base, status=status)
