"""Administering the access model: roles, profiles, groups, sharing.

Every change is validated, written, and then the policy's snapshot is rebuilt,
so it applies to the very next request without a restart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy import delete as delete_rows
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import role_tree
from crm_core.access.policy import Actor, FieldAccess, Tool
from crm_core.access.roles import LEVELS, RolePolicy
from crm_core.access.snapshot import SEP, load_snapshot
from crm_core.catalog import Catalog
from crm_core.errors import AccessDenied, FieldError, NotFound, ValidationFailed
from crm_core.storage.database import Database
from crm_core.storage.schema import (
    group_member,
    group_role,
    groups,
    org_sharing,
    principal,
    profile_field,
    profile_module,
    profile_tool,
    profiles,
    role_profile,
    roles,
    sharing_rule,
    user_role,
    users,
)
from crm_core.storage.upsert import insert_or_ignore

NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")
SOURCE_KINDS = ("role", "role_sub", "group")


def _name(value: str, field: str) -> str:
    if not isinstance(value, str) or not NAME_RE.match(value.strip() or "\x00"):
        raise ValidationFailed("access", [FieldError(field, "1 to 100 printable characters")])
    return value.strip()


class AccessAdmin:
    def __init__(self, db: Database, policy: RolePolicy, catalog: Callable[[], Catalog]) -> None:
        self.db = db
        self.policy = policy
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        """The live catalog (custom fields included), read at each call."""
        return self._catalog()

    async def reload(self) -> None:
        async with self.db.read() as conn:
            self.policy.replace(await load_snapshot(conn))

    def _require_admin(self, actor: Actor) -> None:
        if not (actor.is_admin or self.policy.has_tool(actor, Tool.ADMINISTER)):
            raise AccessDenied(action="administer", module="access control")

    async def describe(self, actor: Actor) -> dict[str, Any]:
        """The whole model as administrators see and edit it."""
        self._require_admin(actor)
        snap = self.policy.snapshot
        async with self.db.read() as conn:
            role_rows = (await conn.execute(select(roles).order_by(roles.c.parentrole))).all()
            profile_rows = (await conn.execute(select(profiles).order_by(profiles.c.id))).all()
            group_rows = (await conn.execute(select(groups).order_by(groups.c.id))).all()
            rule_rows = (await conn.execute(select(sharing_rule).order_by(sharing_rule.c.id))).all()
        return {
            "roles": [
                {
                    "id": r.id,
                    "rolename": r.rolename,
                    "path": r.parentrole.split(SEP),
                    "profiles": list(snap.role_profiles.get(r.id, ())),
                }
                for r in role_rows
            ],
            "profiles": [
                {
                    "id": r.id,
                    "profilename": r.profilename,
                    "description": r.description,
                    "view_all": r.view_all,
                    "edit_all": r.edit_all,
                    "modules": {
                        m: sorted(o.value for o in ops)
                        for m, ops in snap.profiles[r.id].modules.items()
                    },
                    "fields": {
                        m: {f: a.value for f, a in fs.items()}
                        for m, fs in snap.profiles[r.id].fields.items()
                    },
                    "tools": sorted(t.value for t in snap.profiles[r.id].tools),
                }
                for r in profile_rows
            ],
            "groups": [
                {
                    "id": r.id,
                    "groupname": r.groupname,
                    "users": sorted(snap.group_users.get(r.id, ())),
                    "roles": [
                        {"role": role, "subordinates": sub}
                        for role, sub in snap.group_roles.get(r.id, ())
                    ],
                }
                for r in group_rows
            ],
            "sharing": dict(snap.org_levels),
            "rules": [
                {
                    "id": r.id,
                    "module": r.module,
                    "source": {"kind": r.source_kind, "id": r.source_id},
                    "target": {"kind": r.target_kind, "id": r.target_id},
                    "access": r.access,
                }
                for r in rule_rows
            ],
            "users": {str(u): role for u, role in snap.user_roles.items()},
        }

    async def role_ids(self) -> dict[str, str]:
        """Role name → id."""
        async with self.db.read() as conn:
            return {r.rolename: r.id for r in await conn.execute(select(roles))}

    async def profile_ids(self) -> dict[str, int]:
        """Profile name → id."""
        async with self.db.read() as conn:
            return {r.profilename: r.id for r in await conn.execute(select(profiles))}

    # -- roles ------------------------------------------------------------------

    async def add_role(self, actor: Actor, rolename: str, parent_id: str) -> str:
        self._require_admin(actor)
        name = _name(rolename, "rolename")
        async with self.db.write() as conn:
            parent = (
                await conn.execute(select(roles.c.parentrole).where(roles.c.id == parent_id))
            ).scalar_one_or_none()
            if parent is None:
                raise ValidationFailed("access", [FieldError("parent", "no such role")])
            numbers = [
                int(r[1:])
                for r in (await conn.execute(select(roles.c.id))).scalars()
                if r[1:].isdigit()
            ]
            role_id = f"H{max(numbers, default=0) + 1}"
            await conn.execute(
                insert(roles).values(id=role_id, rolename=name, parentrole=parent + SEP + role_id)
            )
        await self.reload()
        return role_id

    async def rename_role(self, actor: Actor, role_id: str, rolename: str) -> None:
        self._require_admin(actor)
        name = _name(rolename, "rolename")
        async with self.db.write() as conn:
            await role_tree.rename_role(conn, role_id, name)
        await self.reload()

    async def move_role(self, actor: Actor, role_id: str, parent_id: str) -> None:
        """Place a role (and everything below it) under another role."""
        self._require_admin(actor)
        async with self.db.write() as conn:
            await role_tree.move_role(conn, role_id, parent_id)
        await self.reload()

    async def delete_role(self, actor: Actor, role_id: str, transfer_to: str) -> None:
        """Delete a role, handing its users and subordinate roles to ``transfer_to``."""
        self._require_admin(actor)
        async with self.db.write() as conn:
            await role_tree.delete_role(conn, role_id, transfer_to)
        await self.reload()

    async def assign_role(self, actor: Actor, user_id: int, role_id: str) -> None:
        self._require_admin(actor)
        async with self.db.write() as conn:
            await assign_role(conn, user_id, role_id)
        await self.reload()

    async def link_profile(self, actor: Actor, role_id: str, profile_id: int) -> None:
        self._require_admin(actor)
        async with self.db.write() as conn:
            await self._exists(conn, roles, role_id, "role")
            await self._exists(conn, profiles, profile_id, "profile")
            await insert_or_ignore(
                conn, role_profile, {"role_id": role_id, "profile_id": profile_id}
            )
        await self.reload()

    # -- profiles ---------------------------------------------------------------

    async def add_profile(
        self,
        actor: Actor,
        profilename: str,
        *,
        view_all: bool = False,
        edit_all: bool = False,
        description: str = "",
    ) -> int:
        self._require_admin(actor)
        name = _name(profilename, "profilename")
        async with self.db.write() as conn:
            taken = await conn.execute(select(profiles.c.id).where(profiles.c.profilename == name))
            if taken.first() is not None:
                raise ValidationFailed("access", [FieldError("profilename", "is taken")])
            result = await conn.execute(
                insert(profiles)
                .values(
                    profilename=name, description=description, view_all=view_all, edit_all=edit_all
                )
                .returning(profiles.c.id)
            )
            profile_id = int(result.scalar_one())
        await self.reload()
        return profile_id

    async def set_module_rights(
        self,
        actor: Actor,
        profile_id: int,
        module_name: str,
        *,
        view: bool,
        create: bool,
        edit: bool,
        delete: bool,
    ) -> None:
        self._require_admin(actor)
        module = self.catalog.module(module_name)
        if (create or edit or delete) and not view:
            raise ValidationFailed("access", [FieldError("view", "needed for any other right")])
        async with self.db.write() as conn:
            await self._exists(conn, profiles, profile_id, "profile")
            await conn.execute(
                delete_rows(profile_module).where(
                    profile_module.c.profile_id == profile_id,
                    profile_module.c.module == module.name,
                )
            )
            await conn.execute(
                insert(profile_module).values(
                    profile_id=profile_id,
                    module=module.name,
                    can_view=view,
                    can_create=create,
                    can_edit=edit,
                    can_delete=delete,
                )
            )
        await self.reload()

    async def set_field_access(
        self, actor: Actor, profile_id: int, module_name: str, field_name: str, access: FieldAccess
    ) -> None:
        self._require_admin(actor)
        module = self.catalog.module(module_name)
        f = module.field(field_name)
        if f is None:
            raise ValidationFailed("access", [FieldError("field", "no such field")])
        if f.required and access is not FieldAccess.EDITABLE:
            raise ValidationFailed(
                "access", [FieldError("field", "a required field cannot be hidden or read-only")]
            )
        async with self.db.write() as conn:
            await self._exists(conn, profiles, profile_id, "profile")
            await conn.execute(
                delete_rows(profile_field).where(
                    profile_field.c.profile_id == profile_id,
                    profile_field.c.module == module.name,
                    profile_field.c.field == f.name,
                )
            )
            if access is not FieldAccess.EDITABLE:
                await conn.execute(
                    insert(profile_field).values(
                        profile_id=profile_id, module=module.name, field=f.name, access=access.value
                    )
                )
        await self.reload()

    async def set_tools(self, actor: Actor, profile_id: int, tools: Iterable[Tool]) -> None:
        self._require_admin(actor)
        chosen = {Tool(t) for t in tools}
        async with self.db.write() as conn:
            await self._exists(conn, profiles, profile_id, "profile")
            await conn.execute(
                delete_rows(profile_tool).where(profile_tool.c.profile_id == profile_id)
            )
            if chosen:
                await conn.execute(
                    insert(profile_tool),
                    [{"profile_id": profile_id, "tool": t.value} for t in sorted(chosen)],
                )
        await self.reload()

    # -- groups -----------------------------------------------------------------

    async def add_group(self, actor: Actor, groupname: str, description: str = "") -> int:
        self._require_admin(actor)
        name = _name(groupname, "groupname")
        async with self.db.write() as conn:
            taken = await conn.execute(select(groups.c.id).where(groups.c.groupname == name))
            if taken.first() is not None:
                raise ValidationFailed("access", [FieldError("groupname", "is taken")])
            result = await conn.execute(
                insert(principal).values(kind="group").returning(principal.c.id)
            )
            group_id = int(result.scalar_one())
            await conn.execute(
                insert(groups).values(id=group_id, groupname=name, description=description)
            )
        await self.reload()
        return group_id

    async def add_group_user(self, actor: Actor, group_id: int, user_id: int) -> None:
        self._require_admin(actor)
        async with self.db.write() as conn:
            await self._exists(conn, groups, group_id, "group")
            await self._exists(conn, users, user_id, "user")
            await insert_or_ignore(conn, group_member, {"group_id": group_id, "user_id": user_id})
        await self.reload()

    async def add_group_role(
        self, actor: Actor, group_id: int, role_id: str, *, subordinates: bool = False
    ) -> None:
        self._require_admin(actor)
        async with self.db.write() as conn:
            await self._exists(conn, groups, group_id, "group")
            await self._exists(conn, roles, role_id, "role")
            await conn.execute(
                delete_rows(group_role).where(
                    group_role.c.group_id == group_id, group_role.c.role_id == role_id
                )
            )
            await conn.execute(
                insert(group_role).values(
                    group_id=group_id, role_id=role_id, subordinates=subordinates
                )
            )
        await self.reload()

    async def remove_group_user(self, actor: Actor, group_id: int, user_id: int) -> None:
        self._require_admin(actor)
        async with self.db.write() as conn:
            await self._exists(conn, groups, group_id, "group")
            await conn.execute(
                delete_rows(group_member).where(
                    group_member.c.group_id == group_id, group_member.c.user_id == user_id
                )
            )
        await self.reload()

    async def remove_group_role(self, actor: Actor, group_id: int, role_id: str) -> None:
        self._require_admin(actor)
        async with self.db.write() as conn:
            await self._exists(conn, groups, group_id, "group")
            await conn.execute(
                delete_rows(group_role).where(
                    group_role.c.group_id == group_id, group_role.c.role_id == role_id
                )
            )
        await self.reload()

    # -- sharing ----------------------------------------------------------------

    async def set_org_sharing(self, actor: Actor, module_name: str, level: str) -> None:
        self._require_admin(actor)
        module = self.catalog.module(module_name)
        if level not in LEVELS:
            raise ValidationFailed("access", [FieldError("level", f"one of {', '.join(LEVELS)}")])
        if not module.owned:
            raise ValidationFailed("access", [FieldError("module", "has no owners to share by")])
        async with self.db.write() as conn:
            await conn.execute(delete_rows(org_sharing).where(org_sharing.c.module == module.name))
            await conn.execute(insert(org_sharing).values(module=module.name, level=level))
        await self.reload()

    async def add_sharing_rule(
        self,
        actor: Actor,
        module_name: str,
        *,
        source: tuple[str, str],
        target: tuple[str, str],
        access: str,
    ) -> int:
        self._require_admin(actor)
        module = self.catalog.module(module_name)
        errors: list[FieldError] = []
        if access not in ("read", "write"):
            errors.append(FieldError("access", "read or write"))
        async with self.db.write() as conn:
            for label, (kind, ident) in (("source", source), ("target", target)):
                if kind not in SOURCE_KINDS:
                    errors.append(FieldError(label, f"kind is one of {', '.join(SOURCE_KINDS)}"))
                elif not await self._found(conn, kind, ident):
                    errors.append(FieldError(label, f"no {kind.split('_')[0]} {ident}"))
            if errors:
                raise ValidationFailed("access", errors)
            result = await conn.execute(
                insert(sharing_rule)
                .values(
                    module=module.name,
                    source_kind=source[0],
                    source_id=str(source[1]),
                    target_kind=target[0],
                    target_id=str(target[1]),
                    access=access,
                )
                .returning(sharing_rule.c.id)
            )
            rule_id = int(result.scalar_one())
        await self.reload()
        return rule_id

    async def remove_sharing_rule(self, actor: Actor, rule_id: int) -> None:
        self._require_admin(actor)
        async with self.db.write() as conn:
            result = await conn.execute(
                delete_rows(sharing_rule).where(sharing_rule.c.id == rule_id)
            )
            if result.rowcount != 1:
                raise NotFound(module="sharing rules", record_id=rule_id)
        await self.reload()

    # -- helpers ----------------------------------------------------------------

    async def _found(self, conn: AsyncConnection, kind: str, ident: str) -> bool:
        if kind == "group":
            if not str(ident).isdigit():
                return False
            row = await conn.execute(select(groups.c.id).where(groups.c.id == int(ident)))
        else:
            row = await conn.execute(select(roles.c.id).where(roles.c.id == str(ident)))
        return row.first() is not None

    async def _exists(self, conn: AsyncConnection, table: Table, ident: object, what: str) -> None:
        count = (
            await conn.execute(select(func.count()).select_from(table).where(table.c.id == ident))
        ).scalar_one()
        if not count:
            raise ValidationFailed("access", [FieldError(what, f"no {what} {ident}")])


async def assign_role(conn: AsyncConnection, user_id: int, role_id: str) -> None:
    """Give a user their one role (replacing any other)."""
    known = await conn.execute(select(roles.c.id).where(roles.c.id == role_id))
    if known.first() is None:
        raise ValidationFailed("Users", [FieldError("role", f"no role {role_id}")])
    updated = await conn.execute(
        update(user_role).where(user_role.c.user_id == user_id).values(role_id=role_id)
    )
    if updated.rowcount == 0:
        await conn.execute(insert(user_role).values(user_id=user_id, role_id=role_id))
