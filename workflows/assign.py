"""Choosing an owner among a group's members: round-robin or least loaded.

Only active users are chosen. Round-robin remembers, per workflow and group,
the member who got the last record, in the run's own transaction, so turns
are kept across restarts and a rolled-back run does not use one up. Least
loaded counts each member's records of the module and picks the fewest
(ties go to the lower user id, so the choice is repeatable).
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import Actor
from crm_core.access.admin import AccessAdmin
from crm_core.records.model import Condition, Op
from crm_core.records.service import RecordService
from crm_core.storage.schema import workflow_rotation
from crm_core.users import UserDirectory


class Assigner:
    def __init__(
        self, access: AccessAdmin, users: UserDirectory, records: RecordService, system: Actor
    ) -> None:
        self.access = access
        self.users = users
        self.records = records
        self.system = system

    def members(self, group_id: int) -> set[int]:
        """The group's users, named directly or through a role in it."""
        snapshot = self.access.policy.snapshot
        direct = set(snapshot.group_users.get(group_id, ()))
        return direct | {u for u in snapshot.user_roles if group_id in snapshot.groups_of(u)}

    def is_group(self, principal_id: int) -> bool:
        snapshot = self.access.policy.snapshot
        return principal_id in snapshot.group_ids or principal_id in snapshot.group_users

    async def candidates(self, group_id: int) -> list[int]:
        members = self.members(group_id)
        return sorted(u.id for u in await self.users.all() if u.id in members and u.active)

    async def pick(
        self, conn: AsyncConnection, workflow_id: int, module: str, group_id: int, strategy: str
    ) -> int | None:
        candidates = await self.candidates(group_id)
        if not candidates:
            return None
        if strategy == "least_loaded":
            loads = [
                (
                    await self.records.count(
                        self.system, module, conditions=[Condition("assigned_user_id", Op.EQ, uid)]
                    ),
                    uid,
                )
                for uid in candidates
            ]
            return min(loads)[1]
        return await self._next_in_turn(conn, workflow_id, group_id, candidates)

    async def _next_in_turn(
        self, conn: AsyncConnection, workflow_id: int, group_id: int, candidates: list[int]
    ) -> int:
        where = (workflow_rotation.c.workflow_id == workflow_id) & (
            workflow_rotation.c.group_id == group_id
        )
        stmt = select(workflow_rotation.c.last_user_id).where(where)
        if conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = (await conn.execute(stmt)).one_or_none()
        last = row.last_user_id if row is not None else None
        chosen = next((uid for uid in candidates if last is None or uid > last), candidates[0])
        if row is None:
            await conn.execute(
                insert(workflow_rotation).values(
                    workflow_id=workflow_id, group_id=group_id, last_user_id=chosen
                )
            )
        else:
            await conn.execute(update(workflow_rotation).where(where).values(last_user_id=chosen))
        return chosen
