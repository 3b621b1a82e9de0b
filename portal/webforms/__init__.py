"""Public web forms (vtiger's Webforms): leads, contacts and tickets from a
website, with spam protection.

``start_webforms`` is called by the portal channel at start: it adds the
public routes under ``/portal/forms/`` to the hub's web application and
provides the ``portal.webforms`` service administrators reach through the
console's API.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from crm_core.runtime import Runtime
from portal.webforms.admin import admin_service
from portal.webforms.pages import add_routes
from portal.webforms.system import WebForms

logger = logging.getLogger(__name__)

SERVICE = "portal.webforms"


def start_webforms(runtime: Runtime) -> Callable[[], None]:
    """Serve the forms; returns the function that withdraws them."""
    forms = WebForms.build(runtime)
    add_routes(runtime.app, forms)
    withdraw = runtime.hub.services.provide(SERVICE, admin_service(forms))
    logger.info("web forms served under /portal/forms/")

    def stop() -> None:
        forms.serving = False
        withdraw()

    return stop
