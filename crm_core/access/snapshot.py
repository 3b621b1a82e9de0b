"""The whole access model read into memory: roles, profiles, groups, sharing.

These tables are small (tens of roles and profiles, hundreds of users) and are
read on every request, so the policy works from an immutable snapshot that is
rebuilt whenever an administrator changes one of them. vtiger precomputes the
same thing into per-user PHP files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access.policy import FieldAccess, Operation, Tool
from crm_core.storage.schema import (
    group_member,
    group_role,
    groups,
    org_sharing,
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

SEP = "::"


@dataclass(frozen=True)
class Rule:
    module: str
    source_kind: str  # role | role_sub | group
    source_id: str
    target_kind: str
    target_id: str
    access: str  # read | write


@dataclass(frozen=True)
class Profile:
    id: int
    view_all: bool
    edit_all: bool
    modules: dict[str, frozenset[Operation]]
    fields: dict[str, dict[str, FieldAccess]]
    tools: frozenset[Tool]


@dataclass(frozen=True)
class Snapshot:
    role_paths: dict[str, str]
    user_roles: dict[int, str]
    admins: frozenset[int]
    role_profiles: dict[str, tuple[int, ...]]
    profiles: dict[int, Profile]
    group_users: dict[int, frozenset[int]]
    group_roles: dict[int, tuple[tuple[str, bool], ...]]
    org_levels: dict[str, str]
    rules: tuple[Rule, ...]
    group_ids: frozenset[int] = field(default_factory=frozenset)

    def users_in_roles(self, role_ids: set[str]) -> set[int]:
        return {u for u, r in self.user_roles.items() if r in role_ids}

    def subtree(self, role_id: str, *, include_self: bool) -> set[str]:
        path = self.role_paths.get(role_id)
        if path is None:
            return set()
        found = {r for r, p in self.role_paths.items() if p.startswith(path + SEP)}
        if include_self:
            found.add(role_id)
        return found

    def groups_of(self, user_id: int) -> set[int]:
        role = self.user_roles.get(user_id)
        path = self.role_paths.get(role or "", "")
        found = {g for g, members in self.group_users.items() if user_id in members}
        for group_id, entries in self.group_roles.items():
            for role_id, subordinates in entries:
                role_path = self.role_paths.get(role_id)
                if role_id == role or (
                    subordinates and role_path is not None and path.startswith(role_path + SEP)
                ):
                    found.add(group_id)
        return found

    def principals_of(self, kind: str, ident: str) -> set[int]:
        """Owner ids a sharing-rule source names: users of a role (and below), or a group."""
        if kind == "group":
            return {int(ident)} if ident.isdigit() and int(ident) in self.group_ids else set()
        role_ids = self.subtree(ident, include_self=True) if kind == "role_sub" else {ident}
        return self.users_in_roles(role_ids)

    def targets(self, kind: str, ident: str, user_id: int) -> bool:
        """Whether a sharing-rule target includes ``user_id``."""
        if kind == "group":
            return ident.isdigit() and int(ident) in self.groups_of(user_id)
        role = self.user_roles.get(user_id)
        if role is None:
            return False
        if kind == "role":
            return role == ident
        return role in self.subtree(ident, include_self=True)


async def load_snapshot(conn: AsyncConnection) -> Snapshot:
    role_paths = {r.id: r.parentrole for r in await conn.execute(select(roles))}
    user_roles = {r.user_id: r.role_id for r in await conn.execute(select(user_role))}
    admins = frozenset(
        r.id for r in await conn.execute(select(users.c.id).where(users.c.is_admin.is_(True)))
    )
    by_role: dict[str, list[int]] = defaultdict(list)
    for r in await conn.execute(select(role_profile)):
        by_role[r.role_id].append(r.profile_id)
    modules: dict[int, dict[str, frozenset[Operation]]] = defaultdict(dict)
    for r in await conn.execute(select(profile_module)):
        ops = {
            op
            for op, allowed in (
                (Operation.VIEW, r.can_view),
                (Operation.CREATE, r.can_create),
                (Operation.EDIT, r.can_edit),
                (Operation.DELETE, r.can_delete),
            )
            if allowed
        }
        modules[r.profile_id][r.module] = frozenset(ops)
    fields: dict[int, dict[str, dict[str, FieldAccess]]] = defaultdict(lambda: defaultdict(dict))
    for r in await conn.execute(select(profile_field)):
        fields[r.profile_id][r.module][r.field] = FieldAccess(r.access)
    tools: dict[int, set[Tool]] = defaultdict(set)
    for r in await conn.execute(select(profile_tool)):
        if r.tool in Tool.__members__.values():
            tools[r.profile_id].add(Tool(r.tool))
    profile_map = {
        r.id: Profile(
            id=r.id,
            view_all=bool(r.view_all),
            edit_all=bool(r.edit_all),
            modules=dict(modules[r.id]),
            fields={m: dict(f) for m, f in fields[r.id].items()},
            tools=frozenset(tools[r.id]),
        )
        for r in await conn.execute(select(profiles))
    }
    group_users: dict[int, set[int]] = defaultdict(set)
    for r in await conn.execute(select(group_member)):
        group_users[r.group_id].add(r.user_id)
    group_roles: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for r in await conn.execute(select(group_role)):
        group_roles[r.group_id].append((r.role_id, bool(r.subordinates)))
    group_ids = frozenset(r.id for r in await conn.execute(select(groups.c.id)))
    org_levels = {r.module: r.level for r in await conn.execute(select(org_sharing))}
    rules = tuple(
        Rule(r.module, r.source_kind, r.source_id, r.target_kind, r.target_id, r.access)
        for r in await conn.execute(select(sharing_rule).order_by(sharing_rule.c.id))
    )
    return Snapshot(
        role_paths=role_paths,
        user_roles=user_roles,
        admins=admins,
        role_profiles={k: tuple(v) for k, v in by_role.items()},
        profiles=profile_map,
        group_users={k: frozenset(v) for k, v in group_users.items()},
        group_roles={k: tuple(v) for k, v in group_roles.items()},
        org_levels=org_levels,
        rules=rules,
        group_ids=group_ids,
    )
