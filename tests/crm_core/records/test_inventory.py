"""Line items and totals of inventory documents, in both tax modes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_core.errors import ValidationFailed


async def catalogue(crm):
    account = await crm.records.create(crm.admin, "Accounts", {"accountname": "Клиент"})
    product = await crm.records.create(
        crm.admin, "Products", {"productname": "Гарнитура", "unit_price": "2500"}
    )
    service = await crm.records.create(
        crm.admin, "Services", {"servicename": "Настройка", "unit_price": "10000"}
    )
    return account, product, service


async def test_group_tax_totals(crm) -> None:
    account, product, service = await catalogue(crm)
    invoice = await crm.records.create(
        crm.admin,
        "Invoice",
        {
            "subject": "Счёт 1",
            "account_id": account.id,
            "hdnTaxType": "group",
            "bill_street": "ул. Ленина, 1",
            "ship_street": "ул. Ленина, 1",
            "hdnDiscountPercent": "10",
            "hdnS_H_Amount": "500",
            "txtAdjustment": "-0.50",
            "received": "1000",
        },
        line_items=[
            {"productid": product.id, "quantity": "4", "listprice": "2500"},
            {
                "productid": service.id,
                "quantity": "1",
                "listprice": "10000",
                "discount_amount": "1000",
            },
        ],
    )
    # lines: 10000 + 9000 = 19000; discount 10% = 1900; pre-tax = 17100 + 500 = 17600
    # group taxes 4.5 + 10 + 12.5 = 27% of 17100 = 4617; total = 17600 + 4617 - 0.50
    assert invoice["hdnSubTotal"] == Decimal("19000.00")
    assert invoice["pre_tax_total"] == Decimal("17600.00")
    assert invoice["hdnGrandTotal"] == Decimal("22216.50")
    assert invoice["balance"] == Decimal("21216.50")
    lines = await crm.records.line_items(crm.admin, "Invoice", invoice.id)
    assert [line["net_total"] for line in lines] == ["10000.00", "9000.00"]
    assert lines[0]["tax1"] == "4.500"


async def test_individual_tax_and_recompute_on_change(crm) -> None:
    account, product, _ = await catalogue(crm)
    quote = await crm.records.create(
        crm.admin,
        "Quotes",
        {
            "subject": "КП",
            "account_id": account.id,
            "quotestage": "Created",
            "hdnTaxType": "individual",
            "bill_street": "a",
            "ship_street": "b",
        },
        line_items=[
            {
                "productid": product.id,
                "quantity": "2",
                "listprice": "100",
                "tax1": "20",
                "tax2": "0",
                "tax3": "0",
            }
        ],
    )
    assert quote["hdnSubTotal"] == Decimal("240.00")
    assert quote["hdnGrandTotal"] == Decimal("240.00")
    changed = await crm.records.update(
        crm.admin, "Quotes", quote.id, {"hdnDiscountAmount": "40"}, expected_version=1
    )
    assert changed["hdnGrandTotal"] == Decimal("200.00")
    relined = await crm.records.update(
        crm.admin,
        "Quotes",
        quote.id,
        {},
        line_items=[
            {
                "productid": product.id,
                "quantity": "1",
                "listprice": "100",
                "tax1": "20",
                "tax2": "0",
                "tax3": "0",
            }
        ],
        expected_version=2,
    )
    assert relined["hdnSubTotal"] == Decimal("120.00")
    assert relined["hdnGrandTotal"] == Decimal("80.00")
    assert len(await crm.records.line_items(crm.admin, "Quotes", quote.id)) == 1


async def test_totals_cannot_be_typed_in(crm) -> None:
    account, _, _ = await catalogue(crm)
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.create(
            crm.admin,
            "Invoice",
            {
                "subject": "Хитрый",
                "account_id": account.id,
                "hdnGrandTotal": "1",
                "bill_street": "a",
                "ship_street": "b",
            },
        )
    assert raised.value.errors[0].field == "hdnGrandTotal"


async def test_bad_line_items_are_named(crm) -> None:
    account, product, _ = await catalogue(crm)
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.create(
            crm.admin,
            "SalesOrder",
            {
                "subject": "Заказ",
                "account_id": account.id,
                "sostatus": "Created",
                "bill_street": "a",
                "ship_street": "b",
            },
            line_items=[
                {"productid": product.id, "quantity": "0", "listprice": "1"},
                {"productid": account.id, "quantity": "1", "listprice": "1"},
                {"quantity": "x", "listprice": "-1", "colour": "red"},
            ],
        )
    fields = {e.field for e in raised.value.errors}
    assert {
        "LineItems[0].quantity",
        "LineItems[2].quantity",
        "LineItems[2].productid",
        "LineItems[2].colour",
    } <= fields
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.create(
            crm.admin,
            "SalesOrder",
            {
                "subject": "Заказ",
                "account_id": account.id,
                "sostatus": "Created",
                "bill_street": "a",
                "ship_street": "b",
            },
            line_items=[{"productid": account.id, "quantity": "1", "listprice": "1"}],
        )
    assert [e.field for e in raised.value.errors] == ["LineItems[0].productid"]


async def test_line_items_only_on_inventory_modules(crm) -> None:
    with pytest.raises(ValidationFailed):
        await crm.records.create(
            crm.admin, "Contacts", {"lastname": "X"}, line_items=[{"productid": 1}]
        )
