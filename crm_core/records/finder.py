"""Finding records across modules: full-text search and caller lookup.

Both answer from their own index tables in one query, joined to the shared
id space to leave out deleted records, then narrowed per module by the
access policy inside that same query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, literal_column, or_, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import AccessPolicy, Actor, Operation
from crm_core.catalog import Catalog
from crm_core.errors import AccessDenied
from crm_core.phones import lookup_key
from crm_core.records.model import LookupMatch, SearchHit
from crm_core.search.text import fts5_match, query_terms, tsquery
from crm_core.storage.schema import crm_entity, email_index, phone_index, search_document

CALLER_MODULES = ("Contacts", "Leads", "Accounts")


def _visible_modules(
    catalog: Catalog, policy: AccessPolicy, actor: Actor, modules: Sequence[str] | None
) -> ColumnElement[bool]:
    """crm_entity rows of modules the actor may view, narrowed per module."""
    clauses: list[ColumnElement[bool]] = []
    for name in modules or list(catalog.modules):
        module = catalog.module(name)
        try:
            policy.check_module(actor, module, Operation.VIEW)
        except AccessDenied:
            continue
        table = catalog.table(name)
        visible = policy.visible(actor, module, table)
        clause = crm_entity.c.module == name
        if visible is not None:
            clause = and_(clause, crm_entity.c.id.in_(select(table.c.id).where(visible)))
        clauses.append(clause)
    return or_(*clauses) if clauses else false()


async def search(
    conn: AsyncConnection,
    catalog: Catalog,
    policy: AccessPolicy,
    actor: Actor,
    query: str,
    *,
    modules: Sequence[str] | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    terms = query_terms(query)
    if not terms:
        return []
    visible = _visible_modules(catalog, policy, actor, modules)
    columns: Select[Any] = select(crm_entity.c.id, crm_entity.c.module, crm_entity.c.label)
    if conn.dialect.name == "sqlite":
        fts = text("search_fts")
        stmt = (
            columns.select_from(
                crm_entity.join(fts, literal_column("search_fts.rowid") == crm_entity.c.id)
            )
            .where(text("search_fts MATCH :match").bindparams(match=fts5_match(terms)))
            .order_by(literal_column("search_fts.rank"))
        )
    else:
        vector = func.to_tsvector("simple", search_document.c.terms)
        ts_query = func.to_tsquery("simple", tsquery(terms))
        stmt = (
            columns.select_from(
                crm_entity.join(search_document, search_document.c.record_id == crm_entity.c.id)
            )
            .where(vector.op("@@")(ts_query))
            .order_by(func.ts_rank(vector, ts_query).desc(), crm_entity.c.id)
        )
    stmt = stmt.where(crm_entity.c.deleted.is_(False), visible).limit(limit)
    rows = await conn.execute(stmt)
    return [SearchHit(module=r.module, id=r.id, label=r.label) for r in rows]


async def lookup_phone(
    conn: AsyncConnection,
    catalog: Catalog,
    policy: AccessPolicy,
    actor: Actor,
    number: str,
    region: str,
    modules: Sequence[str] = CALLER_MODULES,
) -> list[LookupMatch]:
    """Records whose phone fields hold ``number``, in any common spelling."""
    found = await lookup_phones(conn, catalog, policy, actor, [number], region, modules)
    return found.get(number, [])


async def lookup_phones(
    conn: AsyncConnection,
    catalog: Catalog,
    policy: AccessPolicy,
    actor: Actor,
    numbers: Sequence[str],
    region: str,
    modules: Sequence[str] = CALLER_MODULES,
) -> dict[str, list[LookupMatch]]:
    """``lookup_phone`` for many numbers in one query (a burst of calls ending
    together); numbers with no match are absent from the result."""
    keys: dict[str, list[str]] = {}
    for number in numbers:
        key = lookup_key(number, region)
        if key is not None:
            keys.setdefault(key, []).append(number)
    if not keys:
        return {}
    stmt = (
        select(
            crm_entity.c.id,
            crm_entity.c.module,
            crm_entity.c.label,
            phone_index.c.field,
            phone_index.c.number,
        )
        .select_from(phone_index.join(crm_entity, crm_entity.c.id == phone_index.c.record_id))
        .where(
            phone_index.c.number.in_(list(keys)),
            crm_entity.c.deleted.is_(False),
            _visible_modules(catalog, policy, actor, modules),
        )
        .order_by(crm_entity.c.id)
    )
    found: dict[str, list[LookupMatch]] = {}
    for r in await conn.execute(stmt):
        match = LookupMatch(module=r.module, id=r.id, label=r.label, field=r.field)
        for number in keys[r.number]:
            found.setdefault(number, []).append(match)
    return found


async def lookup_email(
    conn: AsyncConnection,
    catalog: Catalog,
    policy: AccessPolicy,
    actor: Actor,
    address: str,
    modules: Sequence[str] = CALLER_MODULES,
) -> list[LookupMatch]:
    stmt = (
        select(crm_entity.c.id, crm_entity.c.module, crm_entity.c.label, email_index.c.field)
        .select_from(email_index.join(crm_entity, crm_entity.c.id == email_index.c.record_id))
        .where(
            email_index.c.email == address.strip().lower(),
            crm_entity.c.deleted.is_(False),
            _visible_modules(catalog, policy, actor, modules),
        )
        .order_by(crm_entity.c.id)
    )
    rows = await conn.execute(stmt)
    return [LookupMatch(module=r.module, id=r.id, label=r.label, field=r.field) for r in rows]
