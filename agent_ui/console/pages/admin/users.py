"""Users: the list, a new user, a user's role, language, extension and
administrator flag, deactivation, and a new password.

Names and sign-in details are fixed once created, as the user directory
keeps them; everything the directory lets an administrator change is here.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.pages.admin.common import (
    access_admin,
    admin_page,
    administrator,
    back_to,
    refusals,
    role_options,
    roles_in_tree,
    text,
)
from agent_ui.console.state import console, translator
from crm_core.access import Actor
from crm_core.errors import AccessDenied, NotFound, ValidationFailed
from crm_core.users import DEFAULT_ROLE, User, UserDirectory

routes = web.RouteTableDef()
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
NEW_USER_FIELDS = (
    "user_name",
    "first_name",
    "last_name",
    "email1",
    "phone_extension",
    "language",
    "role",
)
PASSWORDS_DIFFER = _("the two passwords differ")


def _users(request: web.Request) -> UserDirectory:
    return console(request).runtime.users


async def _roles(request: web.Request, who: Actor) -> tuple[list[dict[str, Any]], dict[str, str]]:
    described = await access_admin(request).describe(who)
    return roles_in_tree(described), {str(k): v for k, v in described["users"].items()}


@routes.get("/admin")
async def home(request: web.Request) -> web.StreamResponse:
    administrator(request)
    raise back_to("/users")


@routes.get("/admin/users")
async def user_list(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    roles, user_roles = await _roles(request, who)
    names = {r["id"]: r["rolename"] for r in roles}
    people = [u for u in await _users(request).all() if not u.is_system]
    return admin_page(
        request,
        "admin/users.html",
        "users",
        people=people,
        role_of={u.id: names.get(user_roles.get(str(u.id), ""), "") for u in people},
    )


async def _new_form(
    request: web.Request, shown: dict[str, Any], errors: dict[str, str], status: int = 200
) -> web.Response:
    roles, _ = await _roles(request, administrator(request))
    return admin_page(
        request,
        "admin/user_new.html",
        "users",
        status=status,
        role_options=role_options(roles),
        shown=shown,
        errors=errors,
        languages=LANGUAGE_NAMES,
    )


@routes.get("/admin/users/new")
async def new_user_form(request: web.Request) -> web.StreamResponse:
    shown = {"role": DEFAULT_ROLE, "language": "ru"}
    return await _new_form(request, shown, {})


@routes.post("/admin/users/new")
async def add_user(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    if not who.is_admin:
        raise AccessDenied(action="add users", module="Users")
    form = await request.post()
    shown: dict[str, Any] = {n: text(form, n) for n in NEW_USER_FIELDS}
    shown["is_admin"] = form.get("is_admin") == "on"
    password = str(form.get("password", ""))
    if password != str(form.get("password_again", "")):
        mismatch = {"password_again": translator(request).gettext(PASSWORDS_DIFFER)}
        return await _new_form(request, shown, mismatch, status=422)
    try:
        user = await _users(request).add(
            user_name=shown["user_name"],
            first_name=shown["first_name"],
            last_name=shown["last_name"],
            email=shown["email1"],
            password=password,
            is_admin=shown["is_admin"],
            extension=shown["phone_extension"] or None,
            language=shown["language"],
            role_id=shown["role"],
            time_zone=console(request).runtime.settings.locale.time_zone,
        )
    except ValidationFailed as exc:
        return await _new_form(request, shown, refusals(request, exc), status=422)
    raise back_to(f"/users/{user.id}?saved=1")


async def _edit_form(
    request: web.Request,
    user: User,
    shown: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> web.Response:
    roles, _ = await _roles(request, administrator(request))
    return admin_page(
        request,
        "admin/user_edit.html",
        "users",
        status=status,
        person=user,
        role_options=role_options(roles),
        shown=shown,
        errors=errors,
        languages=LANGUAGE_NAMES,
        saved=request.query.get("saved"),
    )


@routes.get("/admin/users/{id:\\d+}")
async def edit_user_form(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    user = await _users(request).get(int(request.match_info["id"]))
    if user.is_system:
        raise NotFound(module="Users", record_id=user.id)
    _, user_roles = await _roles(request, who)
    shown = {
        "role": user_roles.get(str(user.id), ""),
        "language": user.language,
        "phone_extension": user.phone_extension or "",
        "is_admin": user.is_admin,
    }
    return await _edit_form(request, user, shown, {})


@routes.post("/admin/users/{id:\\d+}")
async def change_user(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    user = await _users(request).get(int(request.match_info["id"]))
    form = await request.post()
    shown: dict[str, Any] = {n: text(form, n) for n in ("role", "language", "phone_extension")}
    shown["is_admin"] = form.get("is_admin") == "on"
    try:
        await _users(request).change(
            who,
            user.id,
            role_id=shown["role"],
            language=shown["language"],
            extension=shown["phone_extension"],
            is_admin=shown["is_admin"],
        )
    except ValidationFailed as exc:
        return await _edit_form(request, user, shown, refusals(request, exc), status=422)
    raise back_to(f"/users/{user.id}?saved=1")


@routes.post("/admin/users/{id:\\d+}/status")
async def change_status(request: web.Request) -> web.StreamResponse:
    """Deactivating stops the user's sessions and tokens on their next request."""
    who = administrator(request)
    user_id = int(request.match_info["id"])
    status = "Active" if (await request.post()).get("status") == "Active" else "Inactive"
    await _users(request).change(who, user_id, status=status)
    raise back_to(f"/users/{user_id}?saved=1")


@routes.post("/admin/users/{id:\\d+}/password")
async def reset_password(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    user = await _users(request).get(int(request.match_info["id"]))
    form = await request.post()
    password = str(form.get("password", ""))
    errors: dict[str, str] = {}
    if password != str(form.get("password_again", "")):
        errors["password_again"] = translator(request).gettext(PASSWORDS_DIFFER)
    else:
        try:
            await _users(request).change(who, user.id, password=password)
        except ValidationFailed as exc:
            errors = refusals(request, exc)
    if errors:
        _, user_roles = await _roles(request, who)
        shown = {
            "role": user_roles.get(str(user.id), ""),
            "language": user.language,
            "phone_extension": user.phone_extension or "",
            "is_admin": user.is_admin,
        }
        return await _edit_form(request, user, shown, errors, status=422)
    raise back_to(f"/users/{user.id}?saved=1")
