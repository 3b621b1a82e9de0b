"""Price books: list prices of products and services for a market (vtiger PriceBooks)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    text,
)
from crm_core.metadata.module import Module, Numbering

INFO = "LBL_PRICEBOOK_INFORMATION"

PRICEBOOKS = Module(
    name="PriceBooks",
    label="Price Books",
    singular="Price Book",
    table="pricebooks",
    menu="Inventory",
    owned=False,
    numbering=Numbering("pricebook_no", "PB-"),
    label_fields=("bookname",),
    search_fields=("bookname", "pricebook_no"),
    own_fields=(
        text("bookname", "Price Book Name", required=True, max_length=100, block=INFO, uitype=2),
        boolean("active", "Active", default=True, block=INFO, uitype=56),
        autonumber("pricebook_no", "PriceBook No", block=INFO),
    ),
)
