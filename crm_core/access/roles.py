"""vtiger's access model as a policy for the record service.

Per user (computed once per snapshot, as vtiger's user_privileges files):
module rights and tools OR-ed across the role's profiles; the owners whose
records the user may read or write. A record is open to a user when they are
an administrator, hold "view all"/"edit all", own it (themselves, a user in a
subordinate role, or a group they belong to), the module's organisation-wide
default allows it, or a sharing rule grants it. Lists apply the same rule as a
condition on the owner column inside the query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import ColumnElement, Table

from crm_core.access.policy import Actor, ActorKind, FieldAccess, Operation, Tool
from crm_core.access.portal import portal_allows, portal_visible
from crm_core.access.snapshot import Snapshot
from crm_core.errors import AccessDenied
from crm_core.metadata.fields import FieldType
from crm_core.metadata.module import Module

PUBLIC_READ = "public_read"
PUBLIC_WRITE = "public_write"
PRIVATE = "private"
LEVELS = (PRIVATE, PUBLIC_READ, PUBLIC_WRITE)
RANK = {FieldAccess.HIDDEN: 0, FieldAccess.READONLY: 1, FieldAccess.EDITABLE: 2}


@dataclass(frozen=True)
class Privileges:
    user_id: int
    snapshot: Snapshot
    _fields: dict[str, dict[str, FieldAccess]] = field(default_factory=dict, compare=False)

    @cached_property
    def is_admin(self) -> bool:
        return self.user_id in self.snapshot.admins

    @cached_property
    def profiles(self) -> list[int]:
        role = self.snapshot.user_roles.get(self.user_id)
        return list(self.snapshot.role_profiles.get(role or "", ()))

    @cached_property
    def view_all(self) -> bool:
        return self.is_admin or any(self.snapshot.profiles[p].view_all for p in self._valid())

    @cached_property
    def edit_all(self) -> bool:
        return self.is_admin or any(self.snapshot.profiles[p].edit_all for p in self._valid())

    def _valid(self) -> list[int]:
        return [p for p in self.profiles if p in self.snapshot.profiles]

    def may(self, module: str, operation: Operation) -> bool:
        if self.is_admin:
            return True
        return any(
            operation in self.snapshot.profiles[p].modules.get(module, frozenset())
            for p in self._valid()
        )

    def tool(self, tool: Tool) -> bool:
        return self.is_admin or any(tool in self.snapshot.profiles[p].tools for p in self._valid())

    @cached_property
    def own_owners(self) -> frozenset[int]:
        """Owners whose records count as the user's own: self, subordinates, groups."""
        snap = self.snapshot
        owners = {self.user_id}
        role = snap.user_roles.get(self.user_id)
        if role is not None:
            owners |= snap.users_in_roles(snap.subtree(role, include_self=False))
        owners |= snap.groups_of(self.user_id)
        return frozenset(owners)

    def shared_owners(self, module: str, *, write: bool) -> frozenset[int]:
        found: set[int] = set()
        for rule in self.snapshot.rules:
            if rule.module != module or (write and rule.access != "write"):
                continue
            if self.snapshot.targets(rule.target_kind, rule.target_id, self.user_id):
                found |= self.snapshot.principals_of(rule.source_kind, rule.source_id)
        return frozenset(found)

    def readable_owners(self, module: str) -> frozenset[int]:
        return self.own_owners | self.shared_owners(module, write=False)

    def writable_owners(self, module: str) -> frozenset[int]:
        return self.own_owners | self.shared_owners(module, write=True)

    def fields(self, module: Module) -> dict[str, FieldAccess]:
        """Most permissive access across profiles; amounts hidden without the tool."""
        key = f"{module.name}/{len(module.fields)}"  # custom fields only ever add
        cached = self._fields.get(key)
        if cached is None:
            cached = self._fields[key] = self._field_levels(module)
        return cached

    def _field_levels(self, module: Module) -> dict[str, FieldAccess]:
        if self.is_admin:
            return {}
        best: dict[str, FieldAccess] = {}
        valid = self._valid()
        for f in module.fields:
            levels = [
                self.snapshot.profiles[p]
                .fields.get(module.name, {})
                .get(f.name, FieldAccess.EDITABLE)
                for p in valid
            ] or [FieldAccess.EDITABLE]
            level = max(levels, key=RANK.__getitem__)
            if f.type is FieldType.CURRENCY and not self.tool(Tool.SEE_AMOUNTS):
                level = FieldAccess.HIDDEN
            if level is not FieldAccess.EDITABLE:
                best[f.name] = level
        return best


class RolePolicy:
    """Access by role, profile, group and sharing rule; reload after changes."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._cache: dict[int, Privileges] = {}

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def replace(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._cache = {}

    def privileges(self, actor: Actor) -> Privileges:
        found = self._cache.get(actor.user_id)
        if found is None:
            found = self._cache[actor.user_id] = Privileges(actor.user_id, self._snapshot)
        return found

    def _level(self, module: Module) -> str:
        return self._snapshot.org_levels.get(module.name, PUBLIC_WRITE)

    def check_module(self, actor: Actor, module: Module, operation: Operation) -> None:
        if actor.kind is ActorKind.PORTAL:
            allowed = portal_allows(module, operation)
        else:
            allowed = self.privileges(actor).may(module.name, operation)
        if not allowed:
            raise AccessDenied(action=operation.value, module=module.name)

    def visible(self, actor: Actor, module: Module, table: Table) -> ColumnElement[bool] | None:
        if actor.kind is ActorKind.PORTAL:
            return portal_visible(actor, module, table)
        p = self.privileges(actor)
        if p.view_all or not module.owned or self._level(module) != PRIVATE:
            return None
        return table.c.assigned_user_id.in_(sorted(p.readable_owners(module.name)))

    def check_record(
        self, actor: Actor, module: Module, owner_id: int | None, operation: Operation
    ) -> None:
        if not self.record_allowed(actor, module, owner_id, operation):
            raise AccessDenied(action=operation.value, module=module.name)

    def record_allowed(
        self, actor: Actor, module: Module, owner_id: int | None, operation: Operation
    ) -> bool:
        if actor.kind is ActorKind.PORTAL:
            # Which records are the customer's is decided by ``visible`` in the query.
            return portal_allows(module, operation)
        p = self.privileges(actor)
        if not p.may(module.name, operation):
            return False
        if p.is_admin or not module.owned:
            return True
        if operation is Operation.VIEW:
            if p.view_all or self._level(module) != PRIVATE:
                return True
            return owner_id in p.readable_owners(module.name)
        if p.edit_all or self._level(module) == PUBLIC_WRITE:
            return True
        return owner_id in p.writable_owners(module.name)

    def field_access(self, actor: Actor, module: Module) -> Mapping[str, FieldAccess]:
        return self.privileges(actor).fields(module)

    def has_tool(self, actor: Actor, tool: Tool) -> bool:
        return actor.kind is not ActorKind.PORTAL and self.privileges(actor).tool(tool)
