"""The agent console: server-rendered pages under /console.

Pages are Jinja2 templates rendered from the record service's answers, in
the reader's language; plain JavaScript modules add the live channel, the
search box and the screen pop. Every page works as a plain link or form,
so the console is usable before its scripts load.
"""

from __future__ import annotations

import logging
from pathlib import Path

from aiohttp import web

from agent_ui.console.guard import Handler, guard
from agent_ui.console.i18n import Languages
from agent_ui.console.pages import (
    admin,
    bulk,
    calendar,
    conversation,
    edit,
    quick,
    records,
    search,
    signin,
    sla,
    views,
    wallboard,
)
from agent_ui.console.rendering import build_environment
from agent_ui.console.state import CONSOLE, CONSOLE_PREFIX, Console, page
from crm_core.errors import AccessDenied, InvalidRequest, NotFound, UnknownModule
from crm_core.runtime import Runtime

__all__ = ["CONSOLE_PREFIX", "build_console"]

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


@web.middleware
async def page_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Domain errors as pages in the reader's language, not as JSON."""
    try:
        return await handler(request)
    except (NotFound, UnknownModule):
        return page(request, "error.html", status=404, reason="not_found")
    except AccessDenied:
        return page(request, "error.html", status=403, reason="denied")
    except InvalidRequest as exc:
        return page(
            request, "error.html", status=400, reason="bad", message=exc.as_dict()["message"]
        )


def build_console(runtime: Runtime) -> web.Application:
    app = web.Application(middlewares=[guard, page_errors])
    app[CONSOLE] = Console(
        runtime=runtime,
        env=build_environment(),
        languages=Languages(runtime.settings.locale.language, runtime.settings.locale.time_zone),
    )
    for routes in (
        signin.routes,
        search.routes,
        wallboard.routes,
        calendar.routes,
        conversation.routes,
        sla.routes,
        quick.routes,
        bulk.routes,
        views.routes,
        edit.routes,
        records.routes,
        *admin.ROUTES,
    ):
        app.add_routes(routes)
    app.router.add_static("/static", STATIC, append_version=False)
    return app
