"""The JSON API under /api/v1: records of every module, search, lookups, events."""

from __future__ import annotations

from aiohttp import web

from agent_ui.api import (
    access,
    documents,
    events,
    export,
    live,
    mail,
    modules,
    openapi,
    portal,
    records,
    search,
    session,
    sla,
    telephony,
    webforms,
    workflows,
)
from agent_ui.api.common import RUNTIME
from agent_ui.auth import Authentication
from agent_ui.errors import error_middleware
from crm_core.runtime import Runtime


def build_api(runtime: Runtime) -> web.Application:
    auth = Authentication(runtime)
    app = web.Application(middlewares=[error_middleware, auth.middleware])
    app[RUNTIME] = runtime
    live.track_sockets(app)
    for routes in (
        session.routes,
        access.routes,
        modules.routes,
        documents.routes,
        export.routes,
        records.routes,
        search.routes,
        events.routes,
        live.routes,
        telephony.routes,
        mail.routes,
        portal.routes,
        webforms.routes,
        workflows.routes,
        sla.routes,
        openapi.routes,
    ):
        app.add_routes(routes)
    return app
