"""Request helpers shared by the API handlers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from agent_ui.auth import ACTOR_KEY
from crm_core.access import Actor
from crm_core.errors import InvalidRequest
from crm_core.metadata.fields import INTEGER_LIMIT
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
        value = int(raw)
    except ValueError:
        raise InvalidRequest(detail=f"{name} must be a whole number, got {raw!r}") from None
    return check_range(name, value)


def check_range(name: str, value: int) -> int:
    """Ids and counts are 64-bit in both databases; a bigger number cannot name
    anything, and the drivers would fail on it instead of answering."""
    if not -INTEGER_LIMIT < value < INTEGER_LIMIT:
        raise InvalidRequest(detail=f"{name} is out of range")
    return value


Fields = Mapping[str, tuple[type, str]]
TEXT: tuple[type, str] = (str, "text")
WHOLE: tuple[type, str] = (int, "a whole number")
FLAG: tuple[type, str] = (bool, "true or false")


async def shaped(request: web.Request, fields: Fields, *required: str) -> dict[str, Any]:
    """The body, once it holds only ``fields``, each of its JSON type."""
    body = await body_object(request)
    unknown = sorted(set(body) - set(fields))
    if unknown:
        raise InvalidRequest(detail=f"unknown fields: {', '.join(map(repr, unknown))}")
    missing = [name for name in required if body.get(name) is None]
    if missing:
        raise InvalidRequest(detail=f"missing: {', '.join(missing)}")
    for name, value in body.items():
        kind, what = fields[name]
        if value is not None and (
            not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        ):
            raise InvalidRequest(detail=f"{name} must be {what}")
        if isinstance(value, int):
            check_range(name, value)
    return {name: value for name, value in body.items() if value is not None}
