"""The role tree: add a role under another, rename it, move it with its
subtree, delete it handing its users to another role, and link profiles."""

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
from crm_core.errors import FieldError, NotFound, ValidationFailed

routes = web.RouteTableDef()


async def _tree_page(
    request: web.Request,
    shown: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    described = await access_admin(request).describe(administrator(request))
    roles = roles_in_tree(described)
    counts: dict[str, int] = {}
    for role_id in described["users"].values():
        counts[role_id] = counts.get(role_id, 0) + 1
    return admin_page(
        request,
        "admin/roles.html",
        "roles",
        status=status,
        roles=roles,
        role_options=role_options(roles),
        user_counts=counts,
        shown=shown or {},
        errors=errors or {},
    )


@routes.get("/admin/roles")
async def tree(request: web.Request) -> web.StreamResponse:
    return await _tree_page(request)


@routes.post("/admin/roles")
async def add_role(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    shown = {"rolename": text(form, "rolename"), "parent": text(form, "parent")}
    try:
        role_id = await access_admin(request).add_role(who, shown["rolename"], shown["parent"])
    except ValidationFailed as exc:
        return await _tree_page(request, shown, refusals(request, exc), status=422)
    raise back_to(f"/roles/{role_id}")


async def _role_page(
    request: web.Request, errors: dict[str, str] | None = None, status: int = 200, **shown: str
) -> web.Response:
    who = administrator(request)
    role_id = request.match_info["role"]
    described = await access_admin(request).describe(who)
    roles = roles_in_tree(described)
    role = next((r for r in roles if r["id"] == role_id), None)
    if role is None:
        raise NotFound(module="Roles", record_id=role_id)
    names = {r["id"]: r["rolename"] for r in roles}
    members = [int(u) for u, r in described["users"].items() if r == role_id]
    people = [u for u in await console(request).runtime.users.all() if u.id in members]
    below = [r for r in roles if r["path"][: len(role["path"])] == role["path"]]
    outside = [r for r in roles if r not in below]
    parent = role["path"][-2] if len(role["path"]) > 1 else ""
    return admin_page(
        request,
        "admin/role.html",
        "roles",
        status=status,
        role=role,
        path_names=[names.get(p, p) for p in role["path"][:-1]],
        people=people,
        profiles=described["profiles"],
        linked=set(role["profiles"]),
        outside_options=role_options(outside),
        shown={"rolename": role["rolename"], "parent": parent} | shown,
        errors=errors or {},
    )


@routes.get("/admin/roles/{role}")
async def role_page(request: web.Request) -> web.StreamResponse:
    return await _role_page(request)


async def _change(request: web.Request, field: str, act: Any) -> web.StreamResponse:
    """Run one change to a role; on refusal, the role's page with the reason
    beside ``field`` and the value typed kept."""
    who = administrator(request)
    form = await request.post()
    value = text(form, field)
    try:
        await act(who, request.match_info["role"], value)
    except ValidationFailed as exc:
        found = refusals(request, exc)
        errors = {field: "; ".join(found.values())}
        return await _role_page(request, errors, status=422, **{field: value})
    raise back_to(f"/roles/{request.match_info['role']}")


@routes.post("/admin/roles/{role}/rename")
async def rename(request: web.Request) -> web.StreamResponse:
    return await _change(request, "rolename", access_admin(request).rename_role)


@routes.post("/admin/roles/{role}/move")
async def move(request: web.Request) -> web.StreamResponse:
    return await _change(request, "parent", access_admin(request).move_role)


@routes.post("/admin/roles/{role}/profiles")
async def link_profile(request: web.Request) -> web.StreamResponse:
    async def link(who: Any, role_id: str, profile: str) -> None:
        if not profile.isdigit():
            raise ValidationFailed("access", [FieldError("profile", "no such profile")])
        await access_admin(request).link_profile(who, role_id, int(profile))

    return await _change(request, "profile", link)


@routes.post("/admin/roles/{role}/delete")
async def delete(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    transfer_to = text(form, "transfer_to")
    try:
        await access_admin(request).delete_role(who, request.match_info["role"], transfer_to)
    except ValidationFailed as exc:
        found = refusals(request, exc)
        errors = {"transfer_to": "; ".join(found.values())}
        return await _role_page(request, errors, status=422, transfer_to=transfer_to)
    raise back_to("/roles")
