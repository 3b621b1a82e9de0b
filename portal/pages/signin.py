"""Signing in and out, setting a password through a one-time link, asking
for a password reset, and choosing the portal's language."""

from __future__ import annotations

from aiohttp import web

from crm_core.errors import ServiceUnavailable, Throttled, ValidationFailed
from crm_core.languages import LANGUAGES
from crm_core.portal_sessions import LinkPurpose
from portal.const import LANGUAGE_COOKIE, PORTAL_PREFIX, SESSION_COOKIE
from portal.guard import form_token, keep_form_token, open_route
from portal.mailing import send_link
from portal.state import page, portal, translator

routes = web.RouteTableDef()
YEAR_S = 365 * 24 * 3600


def _open_page(
    request: web.Request, template: str, status: int = 200, **context: object
) -> web.Response:
    token = form_token(request)
    response = page(request, template, status=status, form_token=token, **context)
    keep_form_token(response, token, portal(request).runtime.settings.auth.secure_cookies)
    return response


def _client_address(request: web.Request) -> str:
    return request.remote or "unknown"


@routes.get("/signin")
@open_route
async def signin_form(request: web.Request) -> web.StreamResponse:
    return _open_page(request, "signin.html", login="", error=None)


@routes.post("/signin")
@open_route
async def signin(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    login = str(form.get("login", ""))
    state = portal(request)
    try:
        session = await state.sessions.sign_in(
            login,
            str(form.get("password", "")),
            address=_client_address(request),
            replacing=request.cookies.get(SESSION_COOKIE),
        )
    except Throttled as exc:
        return _open_page(
            request,
            "signin.html",
            status=429,
            login=login,
            error="throttled",
            retry_after=exc.params["retry_after"],
        )
    if session is None:
        return _open_page(request, "signin.html", status=401, login=login, error="credentials")
    settings = state.runtime.settings
    response = web.HTTPSeeOther(f"{PORTAL_PREFIX}/")
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        httponly=True,
        samesite="Lax",
        secure=settings.auth.secure_cookies,
        path=PORTAL_PREFIX,
        max_age=settings.portal.session_max_hours * 3600,
    )
    raise response


@routes.post("/signout")
async def signout(request: web.Request) -> web.StreamResponse:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await portal(request).sessions.sign_out(token)
    response = web.HTTPSeeOther(f"{PORTAL_PREFIX}/signin")
    response.del_cookie(SESSION_COOKIE, path=PORTAL_PREFIX)
    raise response


@routes.get("/password/{secret}")
@open_route
async def password_form(request: web.Request) -> web.StreamResponse:
    found = await portal(request).sessions.link_user(request.match_info["secret"])
    if found is None:
        return _open_page(request, "password.html", status=410, user=None, purpose="", error=None)
    user, purpose = found
    return _open_page(request, "password.html", user=user, purpose=purpose.value, error=None)


@routes.post("/password/{secret}")
@open_route
async def set_password(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    secret = request.match_info["secret"]
    password, again = str(form.get("password", "")), str(form.get("password_again", ""))
    sessions = portal(request).sessions
    found = await sessions.link_user(secret)
    if found is None:
        return _open_page(request, "password.html", status=410, user=None, purpose="", error=None)
    user, purpose = found
    if password != again:
        return _open_page(
            request, "password.html", status=422, user=user, purpose=purpose.value,
            error="mismatch",
        )  # fmt: skip
    try:
        done = await sessions.redeem_link(secret, password)
    except ValidationFailed:
        return _open_page(
            request, "password.html", status=422, user=user, purpose=purpose.value,
            error="short",
        )  # fmt: skip
    if done is None:
        return _open_page(request, "password.html", status=410, user=None, purpose="", error=None)
    return _open_page(request, "signin.html", login=done.login, error=None, notice="password_set")


@routes.get("/reset")
@open_route
async def reset_form(request: web.Request) -> web.StreamResponse:
    return _open_page(request, "reset.html", sent=False, error=None, login="")


@routes.post("/reset")
@open_route
async def reset(request: web.Request) -> web.StreamResponse:
    """The same answer whether or not the address has access, so the form
    does not tell strangers who our customers are."""
    form = await request.post()
    login = str(form.get("login", "")).strip()[:254]
    state = portal(request)
    if not state.runtime.hub.services.provides("mail.send"):
        return _open_page(
            request, "reset.html", status=503, sent=False, error="mail_off", login=login
        )
    user = await state.sessions.directory.by_login(login) if login else None
    if user is not None and user.active and await state.sessions.reset_allowed(user):
        contact = await state.runtime.records.get(
            state.runtime.system_actor, "Contacts", user.contact_id
        )
        secret = await state.sessions.issue_link(user.id, LinkPurpose.RESET)
        try:
            await send_link(
                state.runtime,
                state.languages,
                purpose=LinkPurpose.RESET,
                secret=secret,
                login=user.login,
                name=contact.label,
                contact_id=user.contact_id,
                language=translator(request).language,
            )
        except ServiceUnavailable:
            return _open_page(
                request, "reset.html", status=503, sent=False, error="mail_off", login=login
            )
    return _open_page(request, "reset.html", sent=True, error=None, login=login)


@routes.get("/language/{language}")
@open_route
async def choose_language(request: web.Request) -> web.StreamResponse:
    """A preference of this browser only; it changes nothing else, so a plain
    link may set it."""
    language = request.match_info["language"]
    if language not in LANGUAGES:
        raise web.HTTPNotFound()
    back = request.query.get("next", "")
    if not back.startswith(PORTAL_PREFIX + "/") or back.startswith("//"):
        back = f"{PORTAL_PREFIX}/"
    response = web.HTTPSeeOther(back)
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=YEAR_S, samesite="Lax", path=PORTAL_PREFIX
    )
    raise response
