"""The OpenAPI 3.1 document of the JSON API, served at /api/v1/openapi.json.

It is built from the running hub rather than written by hand: the paths from
the API app's router, the record schemas from the module catalog (custom
fields included), the enumerations from the code that checks them. So it
describes the server that serves it, and a route or field added in code is
in it without anyone remembering to document it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.api.common import json_ok, records
from agent_ui.api.openapi.paths import paths
from agent_ui.api.openapi.schemas import components_schemas, error_responses
from agent_ui.const import API_PREFIX, CSRF_HEADER, SESSION_COOKIE
from crm_core.catalog import Catalog

routes = web.RouteTableDef()

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"


def build_document(
    app: web.Application, catalog: Catalog, prefix: str = API_PREFIX
) -> dict[str, Any]:
    """The document for the API ``app`` as mounted under ``prefix``, with the
    record schemas of ``catalog``."""
    found, tags = paths(app, prefix)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Switchboard API",
            "version": API_VERSION,
            "description": "Records of every module, search, lookups, events, telephony, "
            "email and administration. Every error has the shape of the Error schema.",
        },
        "servers": [{"url": prefix}],
        "tags": tags,
        "paths": found,
        "components": {
            "schemas": components_schemas(catalog),
            "responses": error_responses(),
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token from POST /tokens.",
                },
                "sessionCookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": SESSION_COOKIE,
                    "description": "The browser session POST /session sets.",
                },
                "csrfToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": CSRF_HEADER,
                    "description": "The session's CSRF token, on every state-changing request.",
                },
            },
        },
    }


@routes.get("/openapi.json")
async def openapi_document(request: web.Request) -> web.Response:
    """For signed-in clients only: it names the installation's custom fields
    and picklist values. Built per request from the current catalog, which an
    administrator's new field replaces."""
    return json_ok(build_document(request.app, records(request).catalog))
