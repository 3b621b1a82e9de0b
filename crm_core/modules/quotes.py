"""Quotes: priced offers with line items, sent before an order."""

from crm_core.metadata.fields import (
    autonumber,
    currency,
    date,
    percent,
    picklist,
    reference,
    text,
    textarea,
)
from crm_core.metadata.module import Module, Numbering

QUOTE_INFORMATION = "LBL_QUOTE_INFORMATION"
ADDRESS_INFORMATION = "LBL_ADDRESS_INFORMATION"
TERMS_INFORMATION = "LBL_TERMS_INFORMATION"

QUOTESTAGE_VALUES = ("Created", "Delivered", "Reviewed", "Accepted", "Rejected")
CARRIER_VALUES = ("FedEx", "UPS", "USPS", "DHL", "BlueDart")

QUOTES = Module(
    name="Quotes",
    label="Quotes",
    singular="Quote",
    table="quotes",
    menu="Sales",
    numbering=Numbering("quote_no", "QUO-"),
    inventory=True,
    label_fields=("subject",),
    search_fields=("subject", "quote_no"),
    own_fields=(
        text(
            "subject", "Subject", required=True, max_length=120, block=QUOTE_INFORMATION, uitype=2
        ),
        reference(
            "potential_id", "Potential Name", ("Potentials",), block=QUOTE_INFORMATION, uitype=76
        ),
        autonumber("quote_no", "Quote No", block=QUOTE_INFORMATION),
        picklist(
            "quotestage",
            "Quote Stage",
            QUOTESTAGE_VALUES,
            default="Created",
            required=True,
            block=QUOTE_INFORMATION,
            uitype=15,
        ),
        date("validtill", "Valid Till", block=QUOTE_INFORMATION, uitype=5),
        reference("contact_id", "Contact Name", ("Contacts",), block=QUOTE_INFORMATION, uitype=57),
        picklist("carrier", "Carrier", CARRIER_VALUES, block=QUOTE_INFORMATION, uitype=15),
        text("shipping", "Shipping", max_length=100, block=QUOTE_INFORMATION, uitype=1),
        reference(
            "assigned_user_id1", "Inventory Manager", ("Users",), block=QUOTE_INFORMATION, uitype=77
        ),
        reference(
            "account_id",
            "Account Name",
            ("Accounts",),
            required=True,
            block=QUOTE_INFORMATION,
            uitype=73,
        ),
        textarea(
            "bill_street", "Billing Address", required=True, block=ADDRESS_INFORMATION, uitype=24
        ),
        textarea(
            "ship_street", "Shipping Address", required=True, block=ADDRESS_INFORMATION, uitype=24
        ),
        text("bill_pobox", "Billing Po Box", max_length=50, block=ADDRESS_INFORMATION, uitype=1),
        text("ship_pobox", "Shipping Po Box", max_length=50, block=ADDRESS_INFORMATION, uitype=1),
        text("bill_city", "Billing City", max_length=100, block=ADDRESS_INFORMATION, uitype=1),
        text("ship_city", "Shipping City", max_length=100, block=ADDRESS_INFORMATION, uitype=1),
        text("bill_state", "Billing State", max_length=50, block=ADDRESS_INFORMATION, uitype=1),
        text("ship_state", "Shipping State", max_length=50, block=ADDRESS_INFORMATION, uitype=1),
        text("bill_code", "Billing Code", max_length=50, block=ADDRESS_INFORMATION, uitype=1),
        text("ship_code", "Shipping Code", max_length=50, block=ADDRESS_INFORMATION, uitype=1),
        text(
            "bill_country", "Billing Country", max_length=100, block=ADDRESS_INFORMATION, uitype=1
        ),
        text(
            "ship_country", "Shipping Country", max_length=100, block=ADDRESS_INFORMATION, uitype=1
        ),
        textarea("terms_conditions", "Terms & Conditions", block=TERMS_INFORMATION, uitype=19),
        picklist(
            "hdnTaxType",
            "Tax Type",
            ("group", "individual"),
            required=True,
            default="group",
            block="LBL_TOTALS",
            uitype=16,
        ),
        percent("hdnDiscountPercent", "Discount %", block="LBL_TOTALS", uitype=1),
        currency("hdnDiscountAmount", "Discount Amount", block="LBL_TOTALS", uitype=72),
        currency("hdnS_H_Amount", "Shipping & Handling Charges", block="LBL_TOTALS", uitype=72),
        percent("hdnS_H_Percent", "S&H Percent", block="LBL_TOTALS", uitype=1),
        currency("txtAdjustment", "Adjustment", block="LBL_TOTALS", uitype=72),
        currency("hdnSubTotal", "Sub Total", editable=False, block="LBL_TOTALS", uitype=72),
        currency("pre_tax_total", "Pre Tax Total", editable=False, block="LBL_TOTALS", uitype=72),
        currency("hdnGrandTotal", "Total", editable=False, block="LBL_TOTALS", uitype=72),
    ),
)
