"""Request helpers shared by the API handlers."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from agent_ui.auth import ACTOR_KEY
from crm_core.access import Actor
from crm_core.errors import InvalidRequest
from crm_core.records.service import RecordService
from crm_core.runtime import Runtime

RUNTIME = web.AppKey("api_runtime", Runtime)


def runtime(request: web.Request) -> Runtime:
    return request.app[RUNTIME]


def records(request: web.Request) -> RecordService:
    return runtime(request).records


def actor(request: web.Request) -> Actor:
    return request[ACTOR_KEY]


def json_ok(data: Any, status: int = 200) -> web.Response:
    return web.json_response(
        data, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False, default=str)
    )


async def body_object(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidRequest(detail="the request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidRequest(detail="the request body must be a JSON object")
    return data


def int_param(request: web.Request, name: str, default: int | None = None) -> int:
    raw = request.match_info.get(name) or request.query.get(name)
    if raw is None:
        if default is None:
            raise InvalidRequest(detail=f"{name} is required")
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidRequest(detail=f"{name} must be a whole number, got {raw!r}") from None
