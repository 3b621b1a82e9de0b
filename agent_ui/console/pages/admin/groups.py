"""Groups: teams that can own records, made of users and of roles (with or
without the roles below them)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

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
from agent_ui.console.state import console
from crm_core.access import Actor
from crm_core.errors import FieldError, NotFound, ValidationFailed

routes = web.RouteTableDef()


async def _list_page(
    request: web.Request,
    shown: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    described = await access_admin(request).describe(administrator(request))
    return admin_page(
        request,
        "admin/groups.html",
        "groups",
        status=status,
        groups=described["groups"],
        shown=shown or {},
        errors=errors or {},
    )


@routes.get("/admin/groups")
async def group_list(request: web.Request) -> web.StreamResponse:
    return await _list_page(request)


@routes.post("/admin/groups")
async def add_group(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    shown = {"groupname": text(form, "groupname"), "description": text(form, "description")}
    try:
        group_id = await access_admin(request).add_group(
            who, shown["groupname"], shown["description"]
        )
    except ValidationFailed as exc:
        return await _list_page(request, shown, refusals(request, exc), status=422)
    raise back_to(f"/groups/{group_id}")


async def _group_page(
    request: web.Request, errors: dict[str, str] | None = None, status: int = 200
) -> web.Response:
    who = administrator(request)
    wanted = int(request.match_info["group"])
    described = await access_admin(request).describe(who)
    group = next((g for g in described["groups"] if g["id"] == wanted), None)
    if group is None:
        raise NotFound(module="Groups", record_id=wanted)
    roles = roles_in_tree(described)
    people = [u for u in await console(request).runtime.users.all() if not u.is_system]
    return admin_page(
        request,
        "admin/group.html",
        "groups",
        status=status,
        group=group,
        members=[u for u in people if u.id in group["users"]],
        others=[u for u in people if u.id not in group["users"]],
        role_names={r["id"]: r["rolename"] for r in roles},
        role_options=role_options(roles),
        errors=errors or {},
    )


@routes.get("/admin/groups/{group:\\d+}")
async def group_page(request: web.Request) -> web.StreamResponse:
    return await _group_page(request)


def _whole(value: str, field: str) -> int:
    if not value.isdigit():
        raise ValidationFailed("access", [FieldError(field, f"no {field} {value}")])
    return int(value)


async def _member_change(request: web.Request, field: str, act: Any) -> web.StreamResponse:
    who: Actor = administrator(request)
    group_id = int(request.match_info["group"])
    form = await request.post()
    try:
        await act(who, group_id, form)
    except ValidationFailed as exc:
        found = refusals(request, exc)
        return await _group_page(request, {field: "; ".join(found.values())}, status=422)
    raise back_to(f"/groups/{group_id}")


@routes.post("/admin/groups/{group:\\d+}/users")
async def add_user(request: web.Request) -> web.StreamResponse:
    async def add(who: Actor, group_id: int, form: Any) -> None:
        user_id = _whole(text(form, "user"), "user")
        await access_admin(request).add_group_user(who, group_id, user_id)

    return await _member_change(request, "user", add)


@routes.post("/admin/groups/{group:\\d+}/users/{user:\\d+}/remove")
async def remove_user(request: web.Request) -> web.StreamResponse:
    async def remove(who: Actor, group_id: int, form: Any) -> None:
        user_id = int(request.match_info["user"])
        await access_admin(request).remove_group_user(who, group_id, user_id)

    return await _member_change(request, "user", remove)


@routes.post("/admin/groups/{group:\\d+}/roles")
async def add_role(request: web.Request) -> web.StreamResponse:
    async def add(who: Actor, group_id: int, form: Any) -> None:
        await access_admin(request).add_group_role(
            who, group_id, text(form, "role"), subordinates=form.get("subordinates") == "on"
        )

    return await _member_change(request, "role", add)


@routes.post("/admin/groups/{group:\\d+}/roles/{role}/remove")
async def remove_role(request: web.Request) -> web.StreamResponse:
    async def remove(who: Actor, group_id: int, form: Any) -> None:
        await access_admin(request).remove_group_role(who, group_id, request.match_info["role"])

    return await _member_change(request, "role", remove)
