"""Domain errors to HTTP, in one place, with one JSON shape:

``{"error": {"code": ..., "message": ..., "params": {...}, "errors": [...]}}``
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from crm_core.errors import (
    AccessDenied,
    Conflict,
    InvalidRequest,
    NotFound,
    NotYet,
    ServiceUnavailable,
    SignInFailed,
    SwitchboardError,
    Throttled,
    UnknownModule,
    UpstreamRefused,
    ValidationFailed,
)

logger = logging.getLogger(__name__)

STATUS: dict[type[SwitchboardError], int] = {
    ValidationFailed: 422,
    NotFound: 404,
    UnknownModule: 404,
    AccessDenied: 403,
    Conflict: 409,
    NotYet: 409,
    InvalidRequest: 400,
    SignInFailed: 401,
    Throttled: 429,
    ServiceUnavailable: 503,
    UpstreamRefused: 502,
}


def error_response(status: int, code: str, message: str, **extra: object) -> web.Response:
    body = {"error": {"code": code, "message": message, **extra}}
    return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


@web.middleware
async def error_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except SwitchboardError as exc:
        status = next((s for t, s in STATUS.items() if isinstance(exc, t)), 400)
        data = exc.as_dict()
        response = error_response(status, data.pop("code"), data.pop("message"), **data)
        if isinstance(exc, Throttled):
            response.headers["Retry-After"] = str(exc.params["retry_after"])
        return response
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = error_response(
            exc.status, exc.reason.lower().replace(" ", "_"), exc.reason, params={}
        )
        if "Allow" in exc.headers:  # a 405 says which methods the path takes
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    except Exception:
        logger.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "internal server error", params={})
