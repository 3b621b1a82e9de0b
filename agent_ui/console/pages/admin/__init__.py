"""The administration pages under /console/admin: one module per area, each
calling the same services as the API, for holders of the administer tool."""

from __future__ import annotations

from aiohttp import web

from agent_ui.console.pages.admin import (
    fields,
    groups,
    mail,
    numbering,
    portal_access,
    profiles,
    roles,
    sharing,
    sla,
    users,
    webforms,
    workflows,
)

ROUTES: tuple[web.RouteTableDef, ...] = (
    users.routes,
    roles.routes,
    profiles.routes,
    groups.routes,
    sharing.routes,
    fields.routes,
    numbering.routes,
    mail.routes,
    workflows.routes,
    sla.routes,
    portal_access.routes,
    webforms.routes,
)
