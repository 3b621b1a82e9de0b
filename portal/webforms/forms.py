"""Web form definitions: what administrators declare, checked and stored.

A form targets one module; each of its fields is a field of that module
(custom fields too) shown to the visitor, or hidden and filled with a fixed
default on the server, never from what the browser sends. A form cannot be
saved if a submission could never succeed: every field the module requires
is on the form, visible or with a default.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.errors import FieldError, NotFound, ValidationFailed
from crm_core.metadata.fields import BadValue, Field, FieldType, check_value, to_json
from crm_core.metadata.module import Module
from crm_core.storage.database import Database
from crm_core.storage.schema import principal, web_form, web_form_field
from portal.webforms.checks import plain_text_problem, web_address_problem
from portal.webforms.const import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    MAX_FORM_FIELDS,
    MAX_LABEL_LENGTH,
    MAX_NAME_LENGTH,
    MAX_THANK_YOU_LENGTH,
    SHOWN_TYPES,
    TARGET_MODULES,
)

ENTITY = "WebForm"
SET_BY_FORM = frozenset({"assigned_user_id"})
SET_FOR_TICKETS = frozenset({"contact_id", "parent_id"})
"""A ticket's contact and organisation come from the visitor's email address."""


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    required: bool = False
    hidden: bool = False
    default: Any = None
    """The JSON form of the value a hidden field always gets."""

    def describe(self) -> dict[str, Any]:
        return {
            "field": self.name,
            "label": self.label,
            "required": self.required,
            "hidden": self.hidden,
            "default": self.default,
        }


@dataclass(frozen=True)
class WebForm:
    id: int
    public_id: str
    name: str
    module: str
    description: str
    enabled: bool
    owner_id: int | None
    return_url: str
    thank_you: str
    challenge: bool
    secret: str
    fields: tuple[FormField, ...]
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def visible(self) -> tuple[FormField, ...]:
        return tuple(f for f in self.fields if not f.hidden)

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.public_id,
            "name": self.name,
            "module": self.module,
            "description": self.description,
            "enabled": self.enabled,
            "owner_id": self.owner_id,
            "return_url": self.return_url,
            "thank_you": self.thank_you,
            "challenge": self.challenge,
            "fields": [f.describe() for f in self.fields],
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


def visitor_fields(form_module: str) -> tuple[FormField, ...]:
    """The fields every ticket form asks before its own: who is writing."""
    if form_module != "HelpDesk":
        return ()
    return (
        FormField(CONTACT_EMAIL, "Email", required=True),
        FormField(CONTACT_NAME, "Name"),
    )


# -- checking what an administrator sends ----------------------------------------

SETTINGS_KEYS = frozenset(
    {"name", "module", "description", "enabled", "owner_id", "return_url", "thank_you", "challenge"}
)
FIELD_KEYS = frozenset({"field", "label", "required", "hidden", "default"})


def check_settings(
    payload: Mapping[str, Any], *, creating: bool, errors: list[FieldError]
) -> dict[str, Any]:
    """The form's own columns from ``payload``; problems go to ``errors``."""
    clean: dict[str, Any] = {}
    for key in sorted(set(payload) - SETTINGS_KEYS - {"fields"}):
        errors.append(FieldError(key, "unknown setting"))
    if creating or "name" in payload:
        name = payload.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(FieldError("name", "is required"))
        elif problem := plain_text_problem(name.strip(), MAX_NAME_LENGTH):
            errors.append(FieldError("name", problem))
        else:
            clean["name"] = name.strip()
    if creating:
        module = payload.get("module")
        if module not in TARGET_MODULES:
            choices = ", ".join(TARGET_MODULES)
            errors.append(FieldError("module", f"must be one of {choices}"))
        else:
            clean["module"] = module
    elif "module" in payload:
        errors.append(FieldError("module", "cannot change; make a new form instead"))
    for key, limit in (("description", MAX_THANK_YOU_LENGTH), ("thank_you", MAX_THANK_YOU_LENGTH)):
        if key in payload:
            value = payload[key] if payload[key] is not None else ""
            if not isinstance(value, str):
                errors.append(FieldError(key, "must be text"))
            elif problem := plain_text_problem(value.strip(), limit, multiline=True):
                errors.append(FieldError(key, problem))
            else:
                clean[key] = value.strip()
    for key in ("enabled", "challenge"):
        if key in payload:
            if not isinstance(payload[key], bool):
                errors.append(FieldError(key, "must be true or false"))
            else:
                clean[key] = payload[key]
    if "return_url" in payload:
        url = payload["return_url"] if payload["return_url"] is not None else ""
        if not isinstance(url, str):
            errors.append(FieldError("return_url", "must be text"))
        elif url.strip() and (problem := web_address_problem(url.strip())):
            errors.append(FieldError("return_url", problem))
        else:
            clean["return_url"] = url.strip()
    if "owner_id" in payload:
        owner = payload["owner_id"]
        if not isinstance(owner, int) or isinstance(owner, bool) or owner < 1:
            errors.append(FieldError("owner_id", "must be a user's or group's id"))
        else:
            clean["owner_id"] = owner
    return clean


def check_fields(module: Module, raw: Any) -> list[FormField]:
    """The form's field list, or ValidationFailed naming each bad entry
    (``fields[2].default``) so an administrator can find it."""
    errors: list[FieldError] = []
    if not isinstance(raw, list) or not raw:
        raise ValidationFailed(ENTITY, [FieldError("fields", "must be a non-empty list")])
    if len(raw) > MAX_FORM_FIELDS:
        raise ValidationFailed(
            ENTITY, [FieldError("fields", f"at most {MAX_FORM_FIELDS} fields allowed")]
        )
    fields: list[FormField] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        at = f"fields[{index}]"
        if not isinstance(entry, Mapping):
            errors.append(FieldError(at, "must be an object with a field name"))
            continue
        for key in sorted(set(entry) - FIELD_KEYS):
            errors.append(FieldError(f"{at}.{key}", "unknown setting"))
        checked = _check_field(module, entry, at, seen, errors)
        if checked is not None:
            fields.append(checked)
    if not errors:
        on_form = {f.name for f in fields}
        for f in module.fields:
            needed = f.required and f.editable and f.default is None
            if needed and f.type is not FieldType.OWNER and f.name not in on_form:
                errors.append(
                    FieldError(
                        "fields",
                        f"{module.name} requires {f.name}: put it on the form "
                        "or give it a hidden default",
                    )
                )
    if errors:
        raise ValidationFailed(ENTITY, errors)
    return fields


def choosable(module: Module) -> list[dict[str, Any]]:
    """The fields an administrator may put on a form of ``module``, in the
    module's order: ``visible`` when a visitor can fill it (else it only
    takes a hidden default), ``needed`` when the form cannot be saved
    without it."""
    found: list[dict[str, Any]] = []
    for f in module.fields:
        if not f.editable or f.name in SET_BY_FORM:
            continue
        if module.name == "HelpDesk" and f.name in SET_FOR_TICKETS:
            continue
        found.append(
            {
                "field": f.name,
                "label": f.label,
                "type": f.type.value,
                "custom": f.custom,
                "visible": f.type in SHOWN_TYPES,
                "needed": f.required and f.default is None and f.type is not FieldType.OWNER,
            }
        )
    return found


def _check_field(
    module: Module, entry: Mapping[str, Any], at: str, seen: set[str], errors: list[FieldError]
) -> FormField | None:
    name = entry.get("field")
    f = module.field(name) if isinstance(name, str) else None
    if f is None or not f.editable:
        errors.append(FieldError(f"{at}.field", f"is not a field {module.name} records can take"))
        return None
    if name in SET_BY_FORM or (module.name == "HelpDesk" and name in SET_FOR_TICKETS):
        errors.append(FieldError(f"{at}.field", "is set by the form itself"))
        return None
    if name in seen:
        errors.append(FieldError(f"{at}.field", "is on the form twice"))
        return None
    seen.add(f.name)
    hidden, required = entry.get("hidden", False), entry.get("required", False)
    if not isinstance(hidden, bool) or not isinstance(required, bool):
        errors.append(FieldError(at, "hidden and required must be true or false"))
        return None
    label = entry.get("label") or f.label
    if not isinstance(label, str):
        errors.append(FieldError(f"{at}.label", "must be text"))
        return None
    if problem := plain_text_problem(label.strip(), MAX_LABEL_LENGTH):
        errors.append(FieldError(f"{at}.label", problem))
        return None
    default = _check_default(f, entry.get("default"), f"{at}.default", errors)
    if default is _BAD:
        return None
    if hidden and default is None:
        errors.append(FieldError(f"{at}.default", "a hidden field needs a default value"))
        return None
    if not hidden and f.type not in SHOWN_TYPES:
        errors.append(FieldError(f"{at}.hidden", "a visitor cannot fill this field: hide it"))
        return None
    return FormField(
        f.name,
        label.strip(),
        required=(required or f.required) and not hidden,
        hidden=hidden,
        default=default,
    )


_BAD = object()


def _check_default(f: Field, raw: Any, at: str, errors: list[FieldError]) -> Any:
    if raw is None:
        return None
    try:
        value = check_value(f, raw)
    except BadValue as exc:
        errors.append(FieldError(at, str(exc)))
        return _BAD
    if isinstance(value, str) and (problem := plain_text_problem(value, 65_535, multiline=True)):
        errors.append(FieldError(at, problem))
        return _BAD
    return to_json(f, value)


# -- storage -----------------------------------------------------------------


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
