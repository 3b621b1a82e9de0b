"""Web forms in the database: each form's row and its field rows, changed
together in one transaction, with the checks only the database can answer
(a unique name, an owner that exists)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.errors import FieldError, NotFound, ValidationFailed
from crm_core.storage.database import Database
from crm_core.storage.schema import principal, web_form, web_form_field
from portal.webforms.forms import ENTITY, FormField, WebForm


class FormStore:
    """Web forms in the database; every change is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def all(self) -> list[WebForm]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(web_form).order_by(web_form.c.name))).all()
            return [await _form(conn, row) for row in rows]

    async def get(self, form_id: int) -> WebForm:
        async with self.db.read() as conn:
            row = (await conn.execute(select(web_form).where(web_form.c.id == form_id))).first()
            if row is None:
                raise NotFound(module=ENTITY, record_id=form_id)
            return await _form(conn, row)

    async def by_key(self, public_id: str) -> WebForm | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(web_form).where(web_form.c.public_id == public_id))
            ).first()
            return None if row is None else await _form(conn, row)

    async def create(
        self, settings: Mapping[str, Any], fields: Sequence[FormField], now: dt.datetime
    ) -> WebForm:
        async with self.db.write() as conn:
            await _check_unique_name(conn, settings["name"], None)
            await _check_owner(conn, settings.get("owner_id"))
            result = await conn.execute(
                insert(web_form)
                .values(
                    **settings,
                    public_id=secrets.token_hex(12),
                    secret=secrets.token_hex(32),
                    created_at=now,
                    updated_at=now,
                )
                .returning(web_form.c.id)
            )
            form_id = int(result.scalar_one())
            await _replace_fields(conn, form_id, fields)
        return await self.get(form_id)

    async def update(
        self,
        form_id: int,
        settings: Mapping[str, Any],
        fields: Sequence[FormField] | None,
        now: dt.datetime,
    ) -> WebForm:
        async with self.db.write() as conn:
            if "name" in settings:
                await _check_unique_name(conn, settings["name"], form_id)
            if "owner_id" in settings:
                await _check_owner(conn, settings["owner_id"])
            changed = await conn.execute(
                update(web_form).where(web_form.c.id == form_id).values(**settings, updated_at=now)
            )
            if changed.rowcount == 0:
                raise NotFound(module=ENTITY, record_id=form_id)
            if fields is not None:
                await _replace_fields(conn, form_id, fields)
        return await self.get(form_id)

    async def delete(self, form_id: int) -> None:
        """The form goes with its fields and its submission log (cascades)."""
        async with self.db.write() as conn:
            gone = await conn.execute(delete(web_form).where(web_form.c.id == form_id))
            if gone.rowcount == 0:
                raise NotFound(module=ENTITY, record_id=form_id)


async def _form(conn: AsyncConnection, row: Any) -> WebForm:
    rows = await conn.execute(
        select(web_form_field)
        .where(web_form_field.c.form_id == row.id)
        .order_by(web_form_field.c.sequence)
    )
    fields = tuple(FormField(f.field, f.label, f.required, f.hidden, f.default_value) for f in rows)
    return WebForm(
        id=row.id,
        public_id=row.public_id,
        name=row.name,
        module=row.module,
        description=row.description,
        enabled=row.enabled,
        owner_id=row.owner_id,
        return_url=row.return_url,
        thank_you=row.thank_you,
        challenge=row.challenge,
        secret=row.secret,
        fields=fields,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def _replace_fields(conn: AsyncConnection, form_id: int, fields: Sequence[FormField]) -> None:
    await conn.execute(delete(web_form_field).where(web_form_field.c.form_id == form_id))
    await conn.execute(
        insert(web_form_field),
        [
            {
                "form_id": form_id,
                "field": f.name,
                "label": f.label,
                "required": f.required,
                "hidden": f.hidden,
                "default_value": f.default,
                "sequence": position,
            }
            for position, f in enumerate(fields)
        ],
    )


async def _check_unique_name(conn: AsyncConnection, name: str, form_id: int | None) -> None:
    stmt = select(web_form.c.id).where(web_form.c.name == name)
    if form_id is not None:
        stmt = stmt.where(web_form.c.id != form_id)
    if (await conn.execute(stmt)).first() is not None:
        raise ValidationFailed(ENTITY, [FieldError("name", "is already used by another form")])


async def _check_owner(conn: AsyncConnection, owner_id: int | None) -> None:
    if owner_id is None:
        return
    found = await conn.execute(select(principal.c.id).where(principal.c.id == owner_id))
    if found.first() is None:
        raise ValidationFailed(ENTITY, [FieldError("owner_id", "is not a user or group")])
