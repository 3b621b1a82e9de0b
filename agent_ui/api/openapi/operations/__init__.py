"""What the router cannot tell about each route: its summary, parameters,
request body and answer.

Keyed by method and path exactly as the router spells them, so a route
added without an entry here is caught by the tests rather than left out of
the document. Enumerations come from the code that checks them (filter
operators, tools, field access levels, sharing levels, languages), so the
document cannot drift from what the handlers accept.
"""

from __future__ import annotations

from agent_ui.api.openapi.operations import (
    admin,
    channels,
    portal,
    records,
    sla,
    webforms,
    workflows,
)
from agent_ui.api.openapi.operations.base import JSON, Operation

OPERATIONS: dict[tuple[str, str], Operation] = {
    **admin.OPERATIONS,
    **records.OPERATIONS,
    **channels.OPERATIONS,
    **portal.OPERATIONS,
    **webforms.OPERATIONS,
    **workflows.OPERATIONS,
    **sla.OPERATIONS,
}

__all__ = ["JSON", "OPERATIONS", "Operation"]
