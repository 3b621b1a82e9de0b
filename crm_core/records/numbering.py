"""Record numbers (TT-000123), unique under concurrency.

The counter row is incremented with ``UPDATE … RETURNING`` inside the record's
own transaction: PostgreSQL locks the row until commit and SQLite has one
writer at a time, so two records never get the same number, and a rolled-back
create gives its number back.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.errors import FieldError, ValidationFailed
from crm_core.metadata.module import Module
from crm_core.storage.schema import module_numbering


def format_number(prefix: str, width: int, number: int) -> str:
    return f"{prefix}{number:0{width}d}"


async def reserve_numbers(conn: AsyncConnection, module: Module, count: int = 1) -> list[str]:
    """Take ``count`` consecutive numbers for ``module``."""
    if module.numbering is None or count <= 0:
        return []
    result = await conn.execute(
        update(module_numbering)
        .where(module_numbering.c.module == module.name)
        .values(next_number=module_numbering.c.next_number + count)
        .returning(
            module_numbering.c.prefix, module_numbering.c.width, module_numbering.c.next_number
        )
    )
    row = result.one_or_none()
    if row is None:
        await conn.execute(
            module_numbering.insert().values(
                module=module.name,
                prefix=module.numbering.prefix,
                width=module.numbering.width,
                next_number=1 + count,
            )
        )
        prefix, width, after = module.numbering.prefix, module.numbering.width, 1 + count
    else:
        prefix, width, after = row.prefix, row.width, row.next_number
    first = after - count
    return [format_number(prefix, width, n) for n in range(first, after)]


async def numbering_settings(conn: AsyncConnection, module: Module) -> tuple[str, int, int]:
    """(prefix, width, next number) as currently configured."""
    assert module.numbering is not None
    row = (
        await conn.execute(select(module_numbering).where(module_numbering.c.module == module.name))
    ).one_or_none()
    if row is None:
        return module.numbering.prefix, module.numbering.width, 1
    return row.prefix, row.width, row.next_number


MAX_WIDTH = 12
MAX_NEXT_NUMBER = 10**15
"""Far beyond any real count, and far enough below the 64-bit limit that the
counter can never overflow while it hands out numbers."""
PREFIX_RE = re.compile(r"^[0-9A-Za-zА-Яа-яЁё_/.-]{0,20}$")


def check_numbering(
    prefix: str | None, width: int | None, next_number: int | None, current: tuple[str, int, int]
) -> dict[str, Any]:
    """New numbering settings, or ValidationFailed. The next number may only
    grow: going back would hand out numbers that are already taken."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    if prefix is not None:
        if not isinstance(prefix, str) or not PREFIX_RE.match(prefix):
            errors.append(FieldError("prefix", "up to 20 letters, digits or - _ / ."))
        values["prefix"] = prefix
    if width is not None:
        if isinstance(width, bool) or not isinstance(width, int) or not 0 <= width <= MAX_WIDTH:
            errors.append(FieldError("width", f"a whole number from 0 to {MAX_WIDTH}"))
        values["width"] = width
    if next_number is not None:
        if (
            isinstance(next_number, bool)
            or not isinstance(next_number, int)
            or not current[2] <= next_number <= MAX_NEXT_NUMBER
        ):
            errors.append(
                FieldError("next_number", f"a whole number from {current[2]} to {MAX_NEXT_NUMBER}")
            )
        values["next_number"] = next_number
    if errors:
        raise ValidationFailed("numbering", errors)
    return values


async def set_numbering(conn: AsyncConnection, module: Module, values: dict[str, Any]) -> None:
    """Nothing to change is no change (an UPDATE needs at least one column)."""
    if not values:
        return
    await conn.execute(
        update(module_numbering).where(module_numbering.c.module == module.name).values(values)
    )
