"""Who is calling: a browser session (cookie + CSRF header) or an API token.

Browsers get an HttpOnly, SameSite cookie and must echo the session's CSRF
token in ``X-CSRF-Token`` on every state-changing request; scripts send
``Authorization: Bearer <token>`` and need no CSRF token, since a browser
never adds that header by itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from agent_ui.const import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE
from agent_ui.errors import error_response
from crm_core.access import Actor
from crm_core.runtime import Runtime

ACTOR_KEY = web.RequestKey("actor", Actor)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
OPEN_MARK = "switchboard_open_route"


def client_address(request: web.Request) -> str:
    return request.remote or "unknown"


class Authentication:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if getattr(request.match_info.handler, OPEN_MARK, False):
            return await handler(request)
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            actor = await self.runtime.signin.token_actor(header[7:].strip())
            if actor is None:
                return _unauthorized("the API token is unknown or revoked")
            request[ACTOR_KEY] = actor
            return await handler(request)
        session = await self.runtime.signin.session(request.cookies.get(SESSION_COOKIE))
        if session is None:
            return _unauthorized("sign in to use the API")
        if request.method not in SAFE_METHODS and not session.csrf_ok(
            request.headers.get(CSRF_HEADER)
        ):
            return error_response(403, "csrf", "the request lacks a valid CSRF token", params={})
        request[ACTOR_KEY] = session.actor
        return await handler(request)


def set_session_cookie(response: web.StreamResponse, token: str, runtime: Runtime) -> None:
    """The session cookie, the same for the API's sign-in and the console's."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="Lax",
        secure=runtime.settings.auth.secure_cookies,
        path="/",
        max_age=runtime.settings.auth.session_max_hours * 3600,
    )


def open_route(handler: Handler) -> Handler:
    """Mark a handler that answers without a signed-in user (signing in itself)."""
    setattr(handler, OPEN_MARK, True)
    return handler


def _unauthorized(message: str) -> web.Response:
    response = error_response(401, "unauthorized", message, params={})
    response.headers["WWW-Authenticate"] = 'Bearer realm="Switchboard"'
    return response
