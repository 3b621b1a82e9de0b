"""Line items and totals of quotes, sales orders, invoices and purchase orders.

Totals are never taken from the caller: they are computed here from the lines
and the header's discount, shipping, adjustment and tax mode, as vtiger does,
and written in the same transaction as the lines, so the document and its
total always agree.

* line net = quantity × list price − line discount
* individual tax mode: each line adds its own taxes; group mode: one set of
  taxes on the whole document after the overall discount
* subtotal = Σ line totals; pre-tax total = subtotal − discount + shipping
* total = pre-tax total + group taxes + adjustment; balance = total − received
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.errors import FieldError, ValidationFailed
from crm_core.metadata.fields import BadValue, Field, FieldType, check_value
from crm_core.metadata.module import Module
from crm_core.storage.schema import crm_entity, inventory_line, inventory_tax

CENT = Decimal("0.01")
TAX_COLUMNS = ("tax1", "tax2", "tax3")
MAX_LINES = 1000
LINE_FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("productid", "Item", FieldType.REFERENCE, required=True),
        Field("quantity", "Quantity", FieldType.DECIMAL, required=True, scale=3),
        Field("listprice", "List Price", FieldType.CURRENCY, required=True, scale=8),
        Field("discount_percent", "Discount %", FieldType.PERCENT, scale=3),
        Field("discount_amount", "Discount", FieldType.CURRENCY, scale=8),
        Field("comment", "Comment", FieldType.TEXTAREA, max_length=2000),
        Field("description", "Description", FieldType.TEXTAREA, max_length=2000),
        *(Field(t, t, FieldType.PERCENT, scale=3) for t in TAX_COLUMNS),
    )
}
TOTAL_FIELDS = frozenset({"hdnSubTotal", "pre_tax_total", "hdnGrandTotal", "balance"})
HEADER_INPUTS = frozenset(
    {
        "hdnTaxType",
        "hdnDiscountPercent",
        "hdnDiscountAmount",
        "hdnS_H_Amount",
        "txtAdjustment",
        "received",
    }
)


@dataclass(frozen=True)
class Line:
    productid: int
    quantity: Decimal
    listprice: Decimal
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None
    comment: str = ""
    description: str = ""
    tax1: Decimal | None = None
    tax2: Decimal | None = None
    tax3: Decimal | None = None

    @property
    def net(self) -> Decimal:
        gross = self.quantity * self.listprice
        if self.discount_amount is not None:
            gross -= self.discount_amount
        elif self.discount_percent is not None:
            gross -= gross * self.discount_percent / 100
        return gross

    def tax_rate(self) -> Decimal:
        return sum((t for t in (self.tax1, self.tax2, self.tax3) if t is not None), Decimal(0))

    def to_json(self) -> dict[str, Any]:
        return {
            "productid": self.productid,
            "quantity": str(self.quantity),
            "listprice": str(self.listprice),
            "discount_percent": None
            if self.discount_percent is None
            else str(self.discount_percent),
            "discount_amount": None if self.discount_amount is None else str(self.discount_amount),
            "comment": self.comment,
            "description": self.description,
            **{
                t: (None if getattr(self, t) is None else str(getattr(self, t)))
                for t in TAX_COLUMNS
            },
            "net_total": str(money(self.net)),
        }


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def check_lines(module: Module, raw: Any) -> list[Line]:
    """Validate line items; errors are named ``LineItems[i].field``."""
    errors: list[FieldError] = []
    if not isinstance(raw, list):
        raise ValidationFailed(module.name, [FieldError("LineItems", "expected a list")])
    if len(raw) > MAX_LINES:
        raise ValidationFailed(module.name, [FieldError("LineItems", f"at most {MAX_LINES}")])
    lines: list[Line] = []
    for i, item in enumerate(raw):
        where = f"LineItems[{i}]"
        if not isinstance(item, Mapping):
            errors.append(FieldError(where, "expected an object"))
            continue
        values: dict[str, Any] = {}
        for key, value in item.items():
            f = LINE_FIELDS.get(key)
            if f is None:
                if key not in ("net_total", "lineitem_id", "sequence_no"):
                    errors.append(FieldError(f"{where}.{key}", "unknown field"))
                continue
            try:
                values[key] = check_value(f, value)
            except BadValue as exc:
                errors.append(FieldError(f"{where}.{key}", str(exc)))
        for name, f in LINE_FIELDS.items():
            if f.required and values.get(name) is None:
                errors.append(FieldError(f"{where}.{name}", "is required"))
        if values.get("quantity") is not None and values["quantity"] <= 0:
            errors.append(FieldError(f"{where}.quantity", "must be more than zero"))
        if values.get("listprice") is not None and values["listprice"] < 0:
            errors.append(FieldError(f"{where}.listprice", "cannot be negative"))
        if values.get("discount_percent") is not None and values.get("discount_amount") is not None:
            errors.append(
                FieldError(
                    f"{where}.discount_amount",
                    "give a discount as a percentage or an amount, not both",
                )
            )
        if errors:
            continue
        values = {k: v for k, v in values.items() if v is not None}
        lines.append(Line(**values))
    if errors:
        raise ValidationFailed(module.name, errors)
    return lines


async def active_taxes(conn: AsyncConnection) -> dict[str, Decimal]:
    rows = await conn.execute(
        select(inventory_tax.c.taxname, inventory_tax.c.percentage).where(
            inventory_tax.c.deleted.is_(False)
        )
    )
    return {r.taxname: Decimal(str(r.percentage)) for r in rows if r.taxname in TAX_COLUMNS}


def with_default_taxes(
    lines: Sequence[Line], taxes: Mapping[str, Decimal], mode: str
) -> list[Line]:
    """Group mode stores the document's tax rates on every line, as vtiger does;
    individual mode keeps a line's own rates and fills missing ones."""

    def rate(own: Decimal | None, name: str) -> Decimal | None:
        return taxes.get(name) if mode == "group" or own is None else own

    return [
        dataclasses.replace(
            line,
            tax1=rate(line.tax1, "tax1"),
            tax2=rate(line.tax2, "tax2"),
            tax3=rate(line.tax3, "tax3"),
        )
        for line in lines
    ]


def compute_totals(
    module: Module, lines: Sequence[Line], header: Mapping[str, Any], taxes: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    mode = header.get("hdnTaxType") or "group"
    individual = mode == "individual"
    subtotal = Decimal(0)
    for line in lines:
        net = line.net
        subtotal += net + (net * line.tax_rate() / 100 if individual else 0)
    discount = header.get("hdnDiscountAmount")
    if discount is None and header.get("hdnDiscountPercent") is not None:
        discount = subtotal * Decimal(header["hdnDiscountPercent"]) / 100
    discount = Decimal(discount or 0)
    shipping = Decimal(header.get("hdnS_H_Amount") or 0)
    pre_tax = subtotal - discount + shipping
    group_tax = Decimal(0)
    if not individual:
        group_tax = (subtotal - discount) * sum(taxes.values(), Decimal(0)) / 100
    total = pre_tax + group_tax + Decimal(header.get("txtAdjustment") or 0)
    totals = {
        "hdnSubTotal": money(subtotal),
        "pre_tax_total": money(pre_tax),
        "hdnGrandTotal": money(total),
    }
    if "balance" in module.by_name:
        totals["balance"] = money(total - Decimal(header.get("received") or 0))
    return totals


async def check_items_exist(conn: AsyncConnection, module: Module, lines: Sequence[Line]) -> None:
    ids = {line.productid for line in lines}
    if not ids:
        return
    rows = await conn.execute(
        select(crm_entity.c.id).where(
            crm_entity.c.id.in_(ids),
            crm_entity.c.module.in_(("Products", "Services")),
            crm_entity.c.deleted.is_(False),
        )
    )
    found = {r.id for r in rows}
    errors = [
        FieldError(f"LineItems[{i}].productid", f"no product or service {line.productid}")
        for i, line in enumerate(lines)
        if line.productid not in found
    ]
    if errors:
        raise ValidationFailed(module.name, errors)


async def replace_lines(conn: AsyncConnection, record_id: int, lines: Sequence[Line]) -> None:
    await conn.execute(delete(inventory_line).where(inventory_line.c.id == record_id))
    if lines:
        await conn.execute(
            insert(inventory_line),
            [
                {
                    "id": record_id,
                    "sequence_no": n,
                    "net_total": money(line.net),
                    **dataclasses.asdict(line),
                }
                for n, line in enumerate(lines, start=1)
            ],
        )


async def load_lines(conn: AsyncConnection, record_id: int) -> list[Line]:
    rows = await conn.execute(
        select(inventory_line)
        .where(inventory_line.c.id == record_id)
        .order_by(inventory_line.c.sequence_no)
    )
    lines = []
    for r in rows:
        data = r._mapping
        lines.append(
            Line(
                productid=data["productid"],
                quantity=Decimal(str(data["quantity"])),
                listprice=Decimal(str(data["listprice"])),
                discount_percent=_dec(data["discount_percent"]),
                discount_amount=_dec(data["discount_amount"]),
                comment=data["comment"],
                description=data["description"],
                tax1=_dec(data["tax1"]),
                tax2=_dec(data["tax2"]),
                tax3=_dec(data["tax3"]),
            )
        )
    return lines


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
