"""Saved list views: a list's filters, sort and columns kept under a name.

A view belongs to the user who saved it; a shared one is offered to everyone
who may open the module. It holds only the list's query, so opening it runs
the ordinary list read with the reader's own rights: sharing a view never
shares a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import Row, delete, insert, or_, select
from sqlalchemy.exc import IntegrityError

from crm_core.access import Actor, Operation
from crm_core.errors import AccessDenied, FieldError, NotFound, ValidationFailed
from crm_core.records.reader import RecordReader
from crm_core.records.writer import utcnow
from crm_core.storage.database import Database
from crm_core.storage.schema import saved_view

LIST_KEYS = frozenset({"filter", "sort", "columns", "match"})
"""The parts of a list's address a view keeps; paging and the rest are not."""
NAME_LIMIT = 100
QUERY_LIMIT = 4000


@dataclass(frozen=True)
class SavedView:
    id: int
    user_id: int
    module: str
    name: str
    query: str
    shared: bool


class SavedViews:
    def __init__(self, db: Database, records: RecordReader) -> None:
        self.db = db
        self.records = records

    def _module(self, actor: Actor, module_name: str) -> str:
        return self.records.module(actor, module_name, Operation.VIEW).name

    async def for_module(self, actor: Actor, module_name: str) -> list[SavedView]:
        """The actor's own views of the module, then those others shared."""
        module = self._module(actor, module_name)
        async with self.db.read() as conn:
            rows = (
                await conn.execute(
                    select(saved_view)
                    .where(
                        saved_view.c.module == module,
                        or_(saved_view.c.user_id == actor.user_id, saved_view.c.shared.is_(True)),
                    )
                    .order_by(saved_view.c.user_id != actor.user_id, saved_view.c.name)
                )
            ).all()
        return [_view(row) for row in rows]

    async def save(
        self, actor: Actor, module_name: str, name: str, query: str, *, shared: bool = False
    ) -> SavedView:
        module = self._module(actor, module_name)
        name = name.strip()
        kept = urlencode([(k, v) for k, v in parse_qsl(query) if k in LIST_KEYS])
        errors = []
        if not name or len(name) > NAME_LIMIT:
            errors.append(FieldError("name", f"must be 1 to {NAME_LIMIT} characters"))
        if len(kept) > QUERY_LIMIT:
            errors.append(FieldError("query", "is too long"))
        if errors:
            raise ValidationFailed("SavedViews", errors)
        values = {
            "user_id": actor.user_id,
            "module": module,
            "name": name,
            "query": kept,
            "shared": shared,
            "created_at": utcnow(),
        }
        taken = ValidationFailed(
            "SavedViews", [FieldError("name", f"you already have a view named {name!r}")]
        )
        try:
            async with self.db.write() as conn:
                result = await conn.execute(insert(saved_view).values(**values))
                new_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        except IntegrityError:
            raise taken from None
        return SavedView(new_id, actor.user_id, module, name, kept, shared)

    async def remove(self, actor: Actor, view_id: int) -> None:
        """Only its owner, or an administrator, removes a view."""
        async with self.db.write() as conn:
            row = (
                await conn.execute(select(saved_view).where(saved_view.c.id == view_id))
            ).one_or_none()
            if row is None or (row.user_id != actor.user_id and not row.shared):
                raise NotFound(module="SavedViews", record_id=view_id)
            if row.user_id != actor.user_id and not actor.is_admin:
                raise AccessDenied(action="remove", module="SavedViews")
            await conn.execute(delete(saved_view).where(saved_view.c.id == view_id))


def _view(row: Row[Any]) -> SavedView:
    return SavedView(row.id, row.user_id, row.module, row.name, row.query, bool(row.shared))
