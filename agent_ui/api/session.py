"""Signing in and out, API tokens, and the sign-in audit."""

from __future__ import annotations

from aiohttp import web

from agent_ui.api.common import actor, body_object, int_param, json_ok, runtime
from agent_ui.auth import client_address, open_route, set_session_cookie
from agent_ui.const import SESSION_COOKIE
from crm_core.errors import InvalidRequest

routes = web.RouteTableDef()


@routes.post("/session")
@open_route
async def sign_in(request: web.Request) -> web.Response:
    body = await body_object(request)
    user_name, password = body.get("user_name"), body.get("password")
    if not isinstance(user_name, str) or not isinstance(password, str):
        raise InvalidRequest(detail="user_name and password are required")
    rt = runtime(request)
    session = await rt.signin.sign_in(
        user_name,
        password,
        address=client_address(request),
        user_agent=request.headers.get("User-Agent", ""),
        replacing=request.cookies.get(SESSION_COOKIE),
    )
    response = json_ok({"user": session.user.to_json(), "csrf_token": session.csrf_token})
    set_session_cookie(response, session.token, rt)
    return response


@routes.get("/session")
async def current(request: web.Request) -> web.Response:
    rt = runtime(request)
    user = await rt.users.get(actor(request).user_id)
    session = await rt.signin.session(request.cookies.get(SESSION_COOKIE))
    return json_ok({"user": user.to_json(), "csrf_token": session.csrf_token if session else None})


@routes.delete("/session")
async def sign_out(request: web.Request) -> web.Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await runtime(request).signin.sign_out(token)
    response = json_ok({"signed_out": True})
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


@routes.delete("/sessions")
async def sign_out_everywhere(request: web.Request) -> web.Response:
    ended = await runtime(request).signin.sign_out_everywhere(actor(request).user_id)
    response = json_ok({"ended": ended})
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


@routes.get("/tokens")
async def list_tokens(request: web.Request) -> web.Response:
    return json_ok({"tokens": await runtime(request).signin.tokens(actor(request))})


@routes.post("/tokens")
async def create_token(request: web.Request) -> web.Response:
    body = await body_object(request)
    token_id, secret = await runtime(request).signin.create_token(
        actor(request), str(body.get("name", ""))
    )
    return json_ok({"id": token_id, "token": secret}, status=201)


@routes.delete("/tokens/{id:\\d+}")
async def revoke_token(request: web.Request) -> web.Response:
    await runtime(request).signin.revoke_token(actor(request), int_param(request, "id"))
    return json_ok({"revoked": True})


@routes.get("/signin-audit")
async def audit(request: web.Request) -> web.Response:
    limit = max(1, min(int_param(request, "limit", 200), 1000))
    return json_ok({"attempts": await runtime(request).signin.audit(actor(request), limit)})
