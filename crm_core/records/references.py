"""Checks that referenced records and owners exist, in the writing transaction.

Run inside the same transaction as the write, so a record deleted a moment
ago cannot be linked to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.catalog import Catalog
from crm_core.errors import FieldError
from crm_core.metadata.fields import FieldType
from crm_core.metadata.module import Module
from crm_core.storage.schema import crm_entity, principal, users


async def check_references(
    conn: AsyncConnection, catalog: Catalog, module: Module, values: Mapping[str, Any]
) -> list[FieldError]:
    record_refs: dict[str, int] = {}
    user_refs: dict[str, int] = {}
    owner_refs: dict[str, int] = {}
    for name, value in values.items():
        f = module.field(name)
        if f is None or value is None:
            continue
        if f.type is FieldType.OWNER:
            owner_refs[name] = value
        elif f.type is FieldType.REFERENCE and f.targets == ("Users",):
            user_refs[name] = value
        elif f.type is FieldType.REFERENCE:
            record_refs[name] = value
    errors: list[FieldError] = []
    if record_refs:
        rows = await conn.execute(
            select(crm_entity.c.id, crm_entity.c.module, crm_entity.c.deleted).where(
                crm_entity.c.id.in_(set(record_refs.values()))
            )
        )
        found = {r.id: (r.module, r.deleted) for r in rows}
        for name, ref in record_refs.items():
            f = module.by_name[name]
            targets = catalog.targets(f)
            if ref not in found or found[ref][1]:
                errors.append(FieldError(name, f"record {ref} does not exist"))
            elif found[ref][0] not in targets:
                errors.append(
                    FieldError(
                        name,
                        f"record {ref} is a {found[ref][0]} record, "
                        f"expected {' or '.join(targets)}",
                    )
                )
    if user_refs:
        rows = await conn.execute(select(users.c.id).where(users.c.id.in_(user_refs.values())))
        known = {r.id for r in rows}
        errors += [
            FieldError(name, f"user {ref} does not exist")
            for name, ref in user_refs.items()
            if ref not in known
        ]
    if owner_refs:
        rows = await conn.execute(
            select(principal.c.id).where(principal.c.id.in_(owner_refs.values()))
        )
        known = {r.id for r in rows}
        errors += [
            FieldError(name, f"no user or group has id {ref}")
            for name, ref in owner_refs.items()
            if ref not in known
        ]
    return errors
