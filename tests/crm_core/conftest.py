"""Helpers for record tests: plausible values for any module's fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import pytest

from crm_core.access import Actor
from crm_core.metadata.fields import Field, FieldType
from crm_core.metadata.module import Module

SampleMaker = Callable[[Actor, str], Awaitable[dict[str, Any]]]


def sample_value(f: Field, n: int) -> Any:
    t = f.type
    if f.picklist:
        return [f.picklist[0]] if t is FieldType.MULTIPICKLIST else f.picklist[n % len(f.picklist)]
    return {
        FieldType.TEXT: f"Образец {f.name} {n}"[: f.length_limit or 255],
        FieldType.TEXTAREA: f"Описание {n}: заявка клиента",
        FieldType.INTEGER: 7 + n,
        FieldType.DECIMAL: Decimal("12.50"),
        FieldType.CURRENCY: Decimal("1999.99"),
        FieldType.PERCENT: Decimal("15.000"),
        FieldType.DATE: dt.date(2026, 11, 1 + n % 28),
        FieldType.DATETIME: dt.datetime(2026, 11, 1, 9, n % 60, tzinfo=dt.UTC),
        FieldType.BOOLEAN: True,
        FieldType.EMAIL: f"person{n}@example.ru",
        FieldType.PHONE: f"+7 495 123-4{n % 10}-{10 + n % 90}",
        FieldType.URL: f"https://example{n}.ru",
    }.get(t)


@pytest.fixture
def make_sample(crm: Any) -> SampleMaker:
    """Build valid values for a module, creating referenced records as needed."""
    counter = iter(range(1, 10_000))

    async def make(
        actor: Actor, module_name: str, *, required_only: bool = False
    ) -> dict[str, Any]:
        module: Module = crm.records.catalog.module(module_name)
        n = next(counter)
        values: dict[str, Any] = {}
        for f in module.fields:
            if not f.editable or f.type is FieldType.OWNER:
                continue
            if required_only and not f.required:
                continue
            if f.type is FieldType.REFERENCE:
                if not f.required:
                    continue
                target = next(t for t in crm.records.catalog.targets(f) if t != module_name)
                ref = await crm.records.create(
                    actor, target, await make(actor, target, required_only=True)
                )
                values[f.name] = ref.id
                continue
            value = sample_value(f, n)
            if value is not None:
                values[f.name] = value
        return values

    return make
