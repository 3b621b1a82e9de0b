"""Related lists and many-to-many links.

A one-to-many related list is every record of another module whose reference
field points here (a ticket's contact). A many-to-many one goes through
``crm_relation`` (contacts in campaigns, documents on any record). Both are
plain list queries on the related module, so filters, sorting, paging and
access rules apply to them exactly as to a list view.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.catalog import ANY_MODULE, Catalog
from crm_core.errors import InvalidRequest
from crm_core.metadata.fields import FieldType
from crm_core.metadata.module import Module
from crm_core.records.model import Record
from crm_core.records.outbox import PendingEvent, PendingHistory
from crm_core.records.writer import Writer
from crm_core.storage.schema import crm_relation
from crm_core.storage.upsert import insert_or_ignore


def related_clause(
    catalog: Catalog, module: Module, record_id: int, related: Module, via: str | None = None
) -> ColumnElement[bool]:
    """Condition on ``related``'s table selecting the records related to ``record_id``.

    ``via`` names one reference field of ``related`` when several point here
    (a contact's "reports to" and a ticket's contact are different lists).
    """
    table = catalog.table(related.name)
    clauses: list[ColumnElement[bool]] = []
    for f in related.fields:
        if f.type is not FieldType.REFERENCE or (via is not None and f.name != via):
            continue
        if module.name in f.targets or ANY_MODULE in f.targets:
            clauses.append(table.c[f.name] == record_id)
    if via is None and catalog.many_to_many_between(module.name, related.name) is not None:
        clauses.append(table.c.id.in_(linked_ids(record_id, related.name)))
    if not clauses:
        raise InvalidRequest(detail=f"{related.name} records are not related to {module.name}")
    return or_(*clauses)


def linked_ids(record_id: int, other_module: str) -> CompoundSelect[Any]:
    """Ids of ``other_module`` records linked to ``record_id`` in either direction."""
    return (
        select(crm_relation.c.right_id)
        .where(crm_relation.c.left_id == record_id, crm_relation.c.right_module == other_module)
        .union(
            select(crm_relation.c.left_id).where(
                crm_relation.c.right_id == record_id, crm_relation.c.left_module == other_module
            )
        )
    )


def _oriented(catalog: Catalog, a: Record, b: Record) -> tuple[Record, Record]:
    relation = catalog.many_to_many_between(a.module.name, b.module.name)
    if relation is None:
        raise InvalidRequest(detail=f"{a.module.name} and {b.module.name} records cannot be linked")
    return (a, b) if relation.left == a.module.name else (b, a)


async def link(w: Writer, a: Record, b: Record) -> bool:
    """Link two records; returns False when they were linked already."""
    left, right = _oriented(w.catalog, a, b)
    values = {
        "left_id": left.id,
        "right_id": right.id,
        "left_module": left.module.name,
        "right_module": right.module.name,
        "created_at": w.now,
    }
    if not await insert_or_ignore(w.conn, crm_relation, values):
        return False
    _note(w, "link", left, right)
    return True


async def unlink(w: Writer, a: Record, b: Record) -> bool:
    left, right = _oriented(w.catalog, a, b)
    result = await w.conn.execute(
        delete(crm_relation).where(
            and_(crm_relation.c.left_id == left.id, crm_relation.c.right_id == right.id)
        )
    )
    if result.rowcount != 1:
        return False
    _note(w, "unlink", left, right)
    return True


def _note(w: Writer, op: str, left: Record, right: Record) -> None:
    for this, other in ((left, right), (right, left)):
        w.history.append(
            PendingHistory(
                this.id,
                this.module.name,
                op,
                {"related": [other.module.name, other.id, other.label]},
            )
        )
    w.events.append(
        PendingEvent(
            "relation",
            op,
            left.module.name,
            left.id,
            {"left": [left.module.name, left.id], "right": [right.module.name, right.id]},
        )
    )


async def move_links(conn: AsyncConnection, from_id: int, to_id: int, to_module: str) -> None:
    """Re-point every many-to-many link of ``from_id`` to ``to_id`` (merge, conversion),
    skipping links ``to_id`` already has."""
    for mine, theirs, mine_module in (
        (crm_relation.c.left_id, crm_relation.c.right_id, crm_relation.c.left_module),
        (crm_relation.c.right_id, crm_relation.c.left_id, crm_relation.c.right_module),
    ):
        rows = (await conn.execute(select(crm_relation).where(mine == from_id))).all()
        for row in rows:
            data = dict(row._mapping)
            other = data[theirs.name]
            exists = await conn.execute(
                select(crm_relation.c.left_id).where(
                    or_(
                        and_(crm_relation.c.left_id == to_id, crm_relation.c.right_id == other),
                        and_(crm_relation.c.left_id == other, crm_relation.c.right_id == to_id),
                    )
                )
            )
            await conn.execute(
                delete(crm_relation).where(
                    crm_relation.c.left_id == data["left_id"],
                    crm_relation.c.right_id == data["right_id"],
                )
            )
            if exists.first() is None and other != to_id:
                data[mine.name] = to_id
                data[mine_module.name] = to_module
                await conn.execute(crm_relation.insert().values(data))
