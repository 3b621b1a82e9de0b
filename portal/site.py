"""The customer portal's pages under /portal, and the ``portal.access``
service staff use (through the console's API) to grant access."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from crm_core.portal_sessions import PortalSessions
from crm_core.runtime import Runtime
from portal.access import access_service
from portal.const import PORTAL_PREFIX
from portal.guard import guard, page_errors
from portal.i18n import Languages
from portal.pages import library, profile, sales, signin, tickets
from portal.state import PORTAL, Portal, build_environment

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def build_site(runtime: Runtime, sessions: PortalSessions, languages: Languages) -> web.Application:
    app = web.Application(middlewares=[guard, page_errors])
    app[PORTAL] = Portal(
        runtime=runtime, sessions=sessions, env=build_environment(), languages=languages
    )
    for routes in (signin.routes, tickets.routes, library.routes, sales.routes, profile.routes):
        app.add_routes(routes)
    app.router.add_static("/static", STATIC, append_version=False)
    return app


async def start_site(runtime: Runtime) -> Callable[[], None]:
    """Mount the pages and provide ``portal.access``; returns what withdraws
    the service (the pages go when the web server stops)."""
    sessions = PortalSessions(runtime.db, runtime.portal_users, runtime.settings.portal)
    await sessions.forget_old()
    languages = Languages(runtime.settings.locale.language, runtime.settings.locale.time_zone)
    runtime.app.add_subapp(PORTAL_PREFIX, build_site(runtime, sessions, languages))

    async def to_portal(request: web.Request) -> web.StreamResponse:
        raise web.HTTPSeeOther(f"{PORTAL_PREFIX}/")

    runtime.app.router.add_get(PORTAL_PREFIX, to_portal)
    withdraw = runtime.hub.services.provide(
        "portal.access", access_service(runtime, sessions, languages)
    )
    logger.info("portal: customer pages under %s", PORTAL_PREFIX)
    return withdraw
