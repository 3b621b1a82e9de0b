"""Who may see a portal page, and which form posts are genuine.

Pages need a customer's portal session (the portal's own cookie; a staff
session means nothing here). A stranger is sent to the sign-in page. Every
form post carries the session's CSRF token in a hidden field; the forms used
before there is a session (sign-in, password reset, setting a password) carry
a token of their own, doubled in a cookie.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import BadHttpMessage
from multidict import MultiDictProxy

from crm_core.errors import (
    AccessDenied,
    InvalidRequest,
    NotFound,
    UnknownModule,
    ValidationFailed,
)
from portal.const import (
    CSRF_FIELD,
    FORM_COOKIE,
    FORM_FIELD,
    PORTAL_PREFIX,
    SAFE_METHODS,
    SESSION_COOKIE,
)
from portal.state import PORTAL, SESSION, TRANSLATOR, page

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
OPEN_MARK = "portal_open_route"


def open_route(handler: Handler) -> Handler:
    """A page that answers without a signed-in customer (signing in itself)."""
    setattr(handler, OPEN_MARK, True)
    return handler


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    state = request.app[PORTAL]
    request[TRANSLATOR] = state.languages.translator(state.languages.choose(request))
    if isinstance(request.match_info.route.resource, web.StaticResource):
        return await handler(request)  # the style sheet: no session to look up
    session = await state.sessions.session(request.cookies.get(SESSION_COOKIE))
    if session is not None:
        request[SESSION] = session
    unrouted = request.match_info.http_exception
    if unrouted is not None:
        # No page at this path, or not for this method: the portal's own
        # page says so, in the visitor's language, signed in or not.
        return _no_route(request, unrouted)
    form: MultiDictProxy[Any] | None = None
    if request.method not in SAFE_METHODS:
        try:
            form = await request.post()
        except (ValueError, LookupError, BadHttpMessage):
            # No boundary, broken part headers, an unknown charset: aiohttp
            # raises these as it parses, and they are the sender's mistake.
            return page(request, "error.html", status=400, reason="bad")
    if getattr(request.match_info.handler, OPEN_MARK, False):
        if form is not None and not _form_token_ok(request, form):
            return page(request, "error.html", status=403, reason="expired")
        return await handler(request)
    if session is None:
        if request.method in SAFE_METHODS:
            raise web.HTTPSeeOther(f"{PORTAL_PREFIX}/signin")
        return page(request, "error.html", status=403, reason="signed_out")
    if form is not None:
        presented = form.get(CSRF_FIELD)
        if not isinstance(presented, str) or not session.csrf_ok(presented):
            return page(request, "error.html", status=403, reason="csrf")
    return await handler(request)


@web.middleware
async def page_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Domain errors as pages: whatever is not the customer's is "not found",
    whether it exists or not."""
    try:
        return await handler(request)
    except (NotFound, UnknownModule):
        return page(request, "error.html", status=404, reason="not_found")
    except AccessDenied:
        return page(request, "error.html", status=404, reason="not_found")
    except (InvalidRequest, ValidationFailed):
        return page(request, "error.html", status=400, reason="bad")
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed) as exc:
        return _no_route(request, exc)


def _no_route(request: web.Request, exc: web.HTTPException) -> web.Response:
    if isinstance(exc, web.HTTPMethodNotAllowed):
        response = page(request, "error.html", status=405, reason="method")
        response.headers["Allow"] = ",".join(sorted(exc.allowed_methods))
        return response
    return page(request, "error.html", status=404, reason="not_found")


def _form_token_ok(request: web.Request, form: MultiDictProxy[Any]) -> bool:
    presented = form.get(FORM_FIELD)
    cookie = request.cookies.get(FORM_COOKIE, "")
    return isinstance(presented, str) and bool(cookie) and hmac.compare_digest(cookie, presented)


def form_token(request: web.Request) -> str:
    """The pre-session form token this browser holds, or a new one (a second
    tab keeps the token the first one holds, so either may post)."""
    return request.cookies.get(FORM_COOKIE) or secrets.token_urlsafe(24)


def keep_form_token(response: web.StreamResponse, token: str, secure: bool) -> None:
    response.set_cookie(
        FORM_COOKIE, token, httponly=True, samesite="Strict", secure=secure, path=PORTAL_PREFIX
    )
