"""The portal channel's staff services, as the API and the console ask them.

Portal access and web forms live in the portal channel, which the console
and the API may not import (channels never import each other): both ask the
channel's hub services as the signed-in user, through these two calls, so
they name the same services and pass the user the same way. The services
raise ``ServiceUnavailable`` while the portal channel is off.
"""

from __future__ import annotations

from typing import Any, Final

from crm_core.access import Actor
from crm_core.runtime import Runtime

PORTAL_ACCESS: Final = "portal.access"
WEB_FORMS: Final = "portal.webforms"


async def ask_portal_access(
    runtime: Runtime, who: Actor, payload: dict[str, Any]
) -> dict[str, Any]:
    """List, grant, re-invite, revoke or change customers' portal access."""
    return await runtime.hub.services.ask(PORTAL_ACCESS, who, payload)


async def ask_web_forms(runtime: Runtime, who: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    """Manage web forms (the service admits administrators only)."""
    return await runtime.hub.services.ask(WEB_FORMS, who, payload)


def portal_running(runtime: Runtime) -> bool:
    """Whether the portal channel is on to answer."""
    return runtime.hub.services.provides(PORTAL_ACCESS)
