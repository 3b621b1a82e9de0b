"""Signing in and out of the console, and choosing its language."""

from __future__ import annotations

import hmac

from aiohttp import web

from agent_ui.auth import client_address, open_route, set_session_cookie
from agent_ui.console.guard import SIGNIN_COOKIE, new_signin_token, safe_next
from agent_ui.console.i18n import LANGUAGE_COOKIE
from agent_ui.console.state import CONSOLE_PREFIX, console, page
from agent_ui.const import SESSION_COOKIE
from crm_core.errors import SignInFailed, Throttled
from crm_core.languages import LANGUAGES

routes = web.RouteTableDef()
YEAR_S = 365 * 24 * 3600


def _signin_page(
    request: web.Request, status: int = 200, *, next_path: str | None = None, **context: object
) -> web.Response:
    # A second tab keeps the token the first one holds, so either may sign in.
    token = request.cookies.get(SIGNIN_COOKIE) or new_signin_token()
    response = page(
        request,
        "signin.html",
        status=status,
        signin_token=token,
        next=safe_next(next_path or request.query.get("next")),
        **context,
    )
    response.set_cookie(SIGNIN_COOKIE, token, httponly=True, samesite="Strict", path=CONSOLE_PREFIX)
    return response


@routes.get("/signin")
@open_route
async def signin_form(request: web.Request) -> web.StreamResponse:
    return _signin_page(request, user_name="", error=None)


@routes.post("/signin")
@open_route
async def signin(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    user_name = str(form.get("user_name", ""))
    next_path = str(form.get("next", ""))
    cookie = request.cookies.get(SIGNIN_COOKIE, "")
    presented = str(form.get("signin_token", ""))
    if not cookie or not hmac.compare_digest(cookie, presented):
        return _signin_page(
            request, status=403, user_name=user_name, error="expired", next_path=next_path
        )
    rt = console(request).runtime
    try:
        session = await rt.signin.sign_in(
            user_name,
            str(form.get("password", "")),
            address=client_address(request),
            user_agent=request.headers.get("User-Agent", ""),
            replacing=request.cookies.get(SESSION_COOKIE),
        )
    except SignInFailed:
        return _signin_page(
            request, status=401, user_name=user_name, error="credentials", next_path=next_path
        )
    except Throttled as exc:
        return _signin_page(
            request,
            status=429,
            user_name=user_name,
            error="throttled",
            next_path=next_path,
            retry_after=exc.params["retry_after"],
        )
    response = web.HTTPSeeOther(safe_next(next_path))
    set_session_cookie(response, session.token, rt)
    response.del_cookie(SIGNIN_COOKIE, path=CONSOLE_PREFIX)
    raise response


@routes.post("/signout")
async def signout(request: web.Request) -> web.StreamResponse:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await console(request).runtime.signin.sign_out(token)
    response = web.HTTPSeeOther(f"{CONSOLE_PREFIX}/signin")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


@routes.get("/language/{language}")
@open_route
async def choose_language(request: web.Request) -> web.StreamResponse:
    """A preference of this browser only; changing nothing else, it is safe as
    a plain link."""
    language = request.match_info["language"]
    if language not in LANGUAGES:
        raise web.HTTPNotFound()
    response = web.HTTPSeeOther(safe_next(request.query.get("next")))
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=YEAR_S, samesite="Lax", path="/")
    raise response
