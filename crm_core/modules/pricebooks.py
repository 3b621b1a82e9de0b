"""Price books: list prices of products and services for a market or customer group."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    text,
)
from crm_core.metadata.module import Module, Numbering

PRICEBOOK_INFORMATION = "LBL_PRICEBOOK_INFORMATION"


PRICEBOOKS = Module(
    name="PriceBooks",
    label="Price Books",
    singular="Price Book",
    table="pricebooks",
    menu="Inventory",
    numbering=Numbering("pricebook_no", "PB-"),
    owned=False,
    label_fields=("bookname",),
    search_fields=("bookname", "pricebook_no"),
    own_fields=(
        text(
            "bookname",
            "Price Book Name",
            required=True,
            max_length=120,
            block=PRICEBOOK_INFORMATION,
            uitype=2,
        ),
        boolean("active", "Active", block=PRICEBOOK_INFORMATION, uitype=56),
        autonumber("pricebook_no", "PriceBook No", block=PRICEBOOK_INFORMATION),
    ),
)
