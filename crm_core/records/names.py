"""What a page shows in place of an id: a referenced record's label, an
owner's name.

A label is part of a record: it is shown only when the reader may view the
record it names, decided by the same policy condition a list applies. A
reference the reader may not see stays a bare mention, so a detail page
never leaks the name of a colleague's private contact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import AccessPolicy, Actor, Operation
from crm_core.catalog import Catalog
from crm_core.errors import AccessDenied
from crm_core.storage.schema import crm_entity, groups, users


@dataclass(frozen=True)
class Names:
    records: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Record id → (module, label) for the records the reader may view."""
    owners: dict[int, str] = field(default_factory=dict)
    """User or group id → the name shown for it."""


async def record_labels(
    conn: AsyncConnection,
    catalog: Catalog,
    policy: AccessPolicy,
    actor: Actor,
    ids: Iterable[int],
) -> dict[int, tuple[str, str]]:
    wanted = set(ids)
    if not wanted:
        return {}
    by_module: dict[str, set[int]] = defaultdict(set)
    labels: dict[int, str] = {}
    for row in await conn.execute(
        select(crm_entity.c.id, crm_entity.c.module, crm_entity.c.label).where(
            crm_entity.c.id.in_(wanted), crm_entity.c.deleted.is_(False)
        )
    ):
        by_module[row.module].add(row.id)
        labels[row.id] = row.label
    found: dict[int, tuple[str, str]] = {}
    for module_name, module_ids in by_module.items():
        module = catalog.modules.get(module_name)
        if module is None:
            continue
        try:
            policy.check_module(actor, module, Operation.VIEW)
        except AccessDenied:
            continue
        table = catalog.table(module_name)
        stmt = select(table.c.id).where(table.c.id.in_(module_ids))
        visible = policy.visible(actor, module, table)
        if visible is not None:
            stmt = stmt.where(visible)
        for row in await conn.execute(stmt):
            found[row.id] = (module_name, labels[row.id])
    return found


async def owner_names(conn: AsyncConnection, ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    names: dict[int, str] = {}
    for row in await conn.execute(
        select(users.c.id, users.c.first_name, users.c.last_name, users.c.user_name).where(
            users.c.id.in_(wanted)
        )
    ):
        names[row.id] = f"{row.first_name} {row.last_name}".strip() or row.user_name
    for group in await conn.execute(
        select(groups.c.id, groups.c.groupname).where(groups.c.id.in_(wanted))
    ):
        names[group.id] = group.groupname
    return names
