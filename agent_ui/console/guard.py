"""Who may see a console page, and which form posts are genuine.

Pages need a signed-in staff session (the API's cookie); a stranger is sent
to the sign-in page and comes back where they were going. Every form post
carries the session's CSRF token in a hidden field; the sign-in form, which
has no session yet, uses a token of its own, doubled in a cookie.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from aiohttp import web

from agent_ui.auth import OPEN_MARK
from agent_ui.console.i18n import LANGUAGE_COOKIE
from agent_ui.console.state import CONSOLE, CONSOLE_PREFIX, SESSION, TRANSLATOR, page
from agent_ui.const import SAFE_METHODS, SESSION_COOKIE

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CSRF_FIELD = "csrf_token"
SIGNIN_COOKIE = "sb_signin"


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    if isinstance(request.match_info.route.resource, web.StaticResource):
        return await handler(request)  # scripts and styles: no session to look up
    state = request.app[CONSOLE]
    session = await state.runtime.signin.session(request.cookies.get(SESSION_COOKIE))
    language = state.languages.choose(request)
    if session is not None:
        request[SESSION] = session
        explicit = request.cookies.get(LANGUAGE_COOKIE)
        if explicit is None and "Accept-Language" not in request.headers:
            language = session.user.language or language
    request[TRANSLATOR] = state.languages.translator(
        language, session.user.time_zone if session is not None else None
    )
    if getattr(request.match_info.handler, OPEN_MARK, False):
        return await handler(request)
    if session is None:
        if request.method in SAFE_METHODS:
            raise web.HTTPSeeOther(f"{CONSOLE_PREFIX}/signin?next={quote(request.path_qs)}")
        raise web.HTTPUnauthorized(text="sign in first")
    if request.method not in SAFE_METHODS:
        form = await request.post()
        presented = form.get(CSRF_FIELD)
        if not isinstance(presented, str) or not session.csrf_ok(presented):
            return page(request, "error.html", status=403, reason="csrf")
    return await handler(request)


def safe_next(raw: str | None) -> str:
    """Only a path of ours: a sign-in link must not bounce a user to another site."""
    if raw and raw.startswith(CONSOLE_PREFIX + "/") and not raw.startswith("//"):
        return raw
    return CONSOLE_PREFIX + "/"


def new_signin_token() -> str:
    return secrets.token_urlsafe(24)
