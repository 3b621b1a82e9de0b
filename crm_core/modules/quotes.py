"""Quotes: priced offers sent to a customer before an order (vtiger Quotes)."""

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
from crm_core.modules.picklists import CARRIERS, TAX_TYPES

INFO = "LBL_QUOTE_INFORMATION"
ADDRESS = "LBL_ADDRESS_INFORMATION"
TERMS = "LBL_TERMS_INFORMATION"
TOTALS = "LBL_ITEM_DETAILS"

QUOTE_STAGES = ("Created", "Delivered", "Reviewed", "Accepted", "Rejected")

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
        text("subject", "Subject", required=True, max_length=100, block=INFO, uitype=2),
        reference("potential_id", "Opportunity Name", ("Potentials",), block=INFO, uitype=76),
        autonumber("quote_no", "Quote No", block=INFO),
        picklist(
            "quotestage",
            "Quote Stage",
            QUOTE_STAGES,
            required=True,
            default="Created",
            block=INFO,
            uitype=15,
        ),
        date("validtill", "Valid Till", block=INFO, uitype=5),
        reference("contact_id", "Contact Name", ("Contacts",), block=INFO, uitype=57),
        picklist("carrier", "Carrier", CARRIERS, block=INFO, uitype=15),
        text("shipping", "Shipping", max_length=100, block=INFO, uitype=1),
        reference("assigned_user_id1", "Inventory Manager", ("Users",), block=INFO, uitype=77),
        reference(
            "account_id", "Organization Name", ("Accounts",), required=True, block=INFO, uitype=73
        ),
        textarea(
            "bill_street",
            "Billing Address",
            required=True,
            max_length=250,
            block=ADDRESS,
            uitype=24,
        ),
        textarea(
            "ship_street",
            "Shipping Address",
            required=True,
            max_length=250,
            block=ADDRESS,
            uitype=24,
        ),
        text("bill_pobox", "Billing Po Box", max_length=30, block=ADDRESS, uitype=1),
        text("ship_pobox", "Shipping Po Box", max_length=30, block=ADDRESS, uitype=1),
        text("bill_city", "Billing City", max_length=30, block=ADDRESS, uitype=1),
        text("ship_city", "Shipping City", max_length=30, block=ADDRESS, uitype=1),
        text("bill_state", "Billing State", max_length=30, block=ADDRESS, uitype=1),
        text("ship_state", "Shipping State", max_length=30, block=ADDRESS, uitype=1),
        text("bill_code", "Billing Code", max_length=30, block=ADDRESS, uitype=1),
        text("ship_code", "Shipping Code", max_length=30, block=ADDRESS, uitype=1),
        text("bill_country", "Billing Country", max_length=30, block=ADDRESS, uitype=1),
        text("ship_country", "Shipping Country", max_length=30, block=ADDRESS, uitype=1),
        textarea("terms_conditions", "Terms & Conditions", block=TERMS, uitype=19),
        currency("hdnSubTotal", "Sub Total", editable=False, block=TOTALS, uitype=72),
        percent("hdnDiscountPercent", "Discount Percent", block=TOTALS, uitype=1),
        currency("hdnDiscountAmount", "Discount Amount", block=TOTALS, uitype=72),
        currency("hdnS_H_Amount", "S&H Amount", block=TOTALS, uitype=72),
        percent("hdnS_H_Percent", "S&H Percent", block=TOTALS, uitype=1),
        picklist(
            "hdnTaxType",
            "Tax Type",
            TAX_TYPES,
            required=True,
            default="group",
            block=TOTALS,
            uitype=16,
        ),
        currency("txtAdjustment", "Adjustment", block=TOTALS, uitype=72),
        currency("pre_tax_total", "Pre Tax Total", editable=False, block=TOTALS, uitype=72),
        currency("hdnGrandTotal", "Total", editable=False, block=TOTALS, uitype=72),
    ),
)
