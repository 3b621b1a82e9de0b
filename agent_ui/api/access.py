"""Administering users, roles, profiles, groups and sharing over the API.

Every change goes through ``AccessAdmin``, which validates it and rebuilds the
access snapshot, so it applies to the next request without a restart.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.api.common import (
    FLAG,
    TEXT,
    Fields,
    actor,
    body_object,
    int_param,
    json_ok,
    runtime,
    shaped,
)
from crm_core.access import FieldAccess, Tool
from crm_core.errors import AccessDenied, InvalidRequest

routes = web.RouteTableDef()


def _need(body: dict[str, Any], *names: str) -> list[Any]:
    missing = [n for n in names if n not in body]
    if missing:
        raise InvalidRequest(detail=f"missing: {', '.join(missing)}")
    return [body[n] for n in names]


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise InvalidRequest(detail=f"{name} must be true or false")
    return value


def _enum(kind: type[Tool] | type[FieldAccess], value: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise InvalidRequest(
            detail=f"{value!r} is not one of {', '.join(v.value for v in kind)}"
        ) from None


@routes.get("/access")
async def describe(request: web.Request) -> web.Response:
    return json_ok(await runtime(request).access.describe(actor(request)))


@routes.post("/access/roles")
async def add_role(request: web.Request) -> web.Response:
    rolename, parent = _need(await body_object(request), "rolename", "parent")
    role_id = await runtime(request).access.add_role(actor(request), rolename, str(parent))
    return json_ok({"id": role_id}, status=201)


@routes.put("/access/roles/{role}/profiles/{profile:\\d+}")
async def link_profile(request: web.Request) -> web.Response:
    await runtime(request).access.link_profile(
        actor(request), request.match_info["role"], int_param(request, "profile")
    )
    return json_ok({"linked": True})


@routes.post("/access/profiles")
async def add_profile(request: web.Request) -> web.Response:
    body = await body_object(request)
    (name,) = _need(body, "profilename")
    profile_id = await runtime(request).access.add_profile(
        actor(request),
        name,
        view_all=_flag(body, "view_all"),
        edit_all=_flag(body, "edit_all"),
        description=str(body.get("description", "")),
    )
    return json_ok({"id": profile_id}, status=201)


@routes.put("/access/profiles/{profile:\\d+}/modules/{module}")
async def module_rights(request: web.Request) -> web.Response:
    body = await body_object(request)
    await runtime(request).access.set_module_rights(
        actor(request),
        int_param(request, "profile"),
        request.match_info["module"],
        view=_flag(body, "view"),
        create=_flag(body, "create"),
        edit=_flag(body, "edit"),
        delete=_flag(body, "delete"),
    )
    return json_ok({"saved": True})


@routes.put("/access/profiles/{profile:\\d+}/fields/{module}/{field}")
async def field_rights(request: web.Request) -> web.Response:
    (level,) = _need(await body_object(request), "access")
    await runtime(request).access.set_field_access(
        actor(request),
        int_param(request, "profile"),
        request.match_info["module"],
        request.match_info["field"],
        _enum(FieldAccess, level),
    )
    return json_ok({"saved": True})


@routes.put("/access/profiles/{profile:\\d+}/tools")
async def tools(request: web.Request) -> web.Response:
    (chosen,) = _need(await body_object(request), "tools")
    if not isinstance(chosen, list):
        raise InvalidRequest(detail="tools must be a list")
    await runtime(request).access.set_tools(
        actor(request), int_param(request, "profile"), [_enum(Tool, t) for t in chosen]
    )
    return json_ok({"saved": True})


@routes.post("/access/groups")
async def add_group(request: web.Request) -> web.Response:
    body = await body_object(request)
    (name,) = _need(body, "groupname")
    group_id = await runtime(request).access.add_group(
        actor(request), name, str(body.get("description", ""))
    )
    return json_ok({"id": group_id}, status=201)


@routes.put("/access/groups/{group:\\d+}/users/{user:\\d+}")
async def add_group_user(request: web.Request) -> web.Response:
    await runtime(request).access.add_group_user(
        actor(request), int_param(request, "group"), int_param(request, "user")
    )
    return json_ok({"saved": True})


@routes.put("/access/groups/{group:\\d+}/roles/{role}")
async def add_group_role(request: web.Request) -> web.Response:
    body = await body_object(request)
    await runtime(request).access.add_group_role(
        actor(request),
        int_param(request, "group"),
        request.match_info["role"],
        subordinates=_flag(body, "subordinates"),
    )
    return json_ok({"saved": True})


@routes.put("/access/sharing/{module}")
async def org_sharing(request: web.Request) -> web.Response:
    (level,) = _need(await body_object(request), "level")
    await runtime(request).access.set_org_sharing(
        actor(request), request.match_info["module"], str(level)
    )
    return json_ok({"saved": True})


@routes.post("/access/sharing-rules")
async def add_rule(request: web.Request) -> web.Response:
    module, source, target, level = _need(
        await body_object(request), "module", "source", "target", "access"
    )
    if not all(isinstance(x, dict) and {"kind", "id"} <= set(x) for x in (source, target)):
        raise InvalidRequest(detail="source and target are objects with kind and id")
    rule_id = await runtime(request).access.add_sharing_rule(
        actor(request),
        str(module),
        source=(str(source["kind"]), str(source["id"])),
        target=(str(target["kind"]), str(target["id"])),
        access=str(level),
    )
    return json_ok({"id": rule_id}, status=201)


@routes.delete("/access/sharing-rules/{rule:\\d+}")
async def remove_rule(request: web.Request) -> web.Response:
    await runtime(request).access.remove_sharing_rule(actor(request), int_param(request, "rule"))
    return json_ok({"removed": True})


@routes.get("/users")
async def list_users(request: web.Request) -> web.Response:
    users = await runtime(request).users.all()
    return json_ok({"users": [u.to_json() for u in users if not u.is_system]})


USER_FIELDS: Fields = {
    "user_name": TEXT,
    "last_name": TEXT,
    "first_name": TEXT,
    "email": TEXT,
    "password": TEXT,
    "is_admin": FLAG,
    "extension": TEXT,
    "language": TEXT,
    "role": TEXT,
}


@routes.post("/users")
async def add_user(request: web.Request) -> web.Response:
    who = actor(request)
    if not who.is_admin:
        raise AccessDenied(action="add users", module="Users")
    body = await shaped(request, USER_FIELDS, "user_name", "last_name", "password", "role")
    user = await runtime(request).users.add(
        user_name=body["user_name"],
        last_name=body["last_name"],
        password=body["password"],
        first_name=body.get("first_name", ""),
        email=body.get("email", ""),
        is_admin=body.get("is_admin", False),
        extension=body.get("extension"),
        language=body.get("language", "ru"),
        role_id=body["role"],
        time_zone=runtime(request).settings.locale.time_zone,
    )
    return json_ok(user.to_json(), status=201)


@routes.patch("/users/{id:\\d+}")
async def change_user(request: web.Request) -> web.Response:
    body = await body_object(request)
    allowed = {"status", "is_admin", "role", "language", "extension", "password"}
    unknown = set(body) - allowed
    if unknown:
        raise InvalidRequest(detail=f"unknown properties: {', '.join(sorted(unknown))}")
    text = {
        k: (None if body.get(k) is None else str(body[k]))
        for k in ("status", "role", "language", "extension", "password")
    }
    user = await runtime(request).users.change(
        actor(request),
        int_param(request, "id"),
        status=text["status"],
        is_admin=_flag(body, "is_admin") if "is_admin" in body else None,
        role_id=text["role"],
        language=text["language"],
        extension=text["extension"],
        password=text["password"],
    )
    return json_ok(user.to_json())
