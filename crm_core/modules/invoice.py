"""Invoices: bills sent to customers, and what has been paid on them (vtiger Invoice)."""

from crm_core.metadata.fields import (
    autonumber,
    currency,
    date,
    decimal,
    percent,
    picklist,
    reference,
    text,
    textarea,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.picklists import INVOICE_STATUSES, TAX_TYPES

INFO = "LBL_INVOICE_INFORMATION"
ADDRESS = "LBL_ADDRESS_INFORMATION"
TERMS = "LBL_TERMS_INFORMATION"
TOTALS = "LBL_ITEM_DETAILS"

INVOICE = Module(
    name="Invoice",
    label="Invoices",
    singular="Invoice",
    table="invoice",
    menu="Sales",
    numbering=Numbering("invoice_no", "INV-"),
    inventory=True,
    label_fields=("subject",),
    search_fields=("subject", "invoice_no", "customerno", "vtiger_purchaseorder"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=100, block=INFO, uitype=2),
        reference("salesorder_id", "Sales Order", ("SalesOrder",), block=INFO, uitype=80),
        text("customerno", "Customer No", max_length=100, block=INFO, uitype=1),
        autonumber("invoice_no", "Invoice No", block=INFO),
        reference("contact_id", "Contact Name", ("Contacts",), block=INFO, uitype=57),
        date("invoicedate", "Invoice Date", block=INFO, uitype=5),
        date("duedate", "Due Date", block=INFO, uitype=5),
        text("vtiger_purchaseorder", "Purchase Order", max_length=200, block=INFO, uitype=1),
        decimal("exciseduty", "Excise Duty", block=INFO, uitype=1),
        decimal("salescommission", "Sales Commission", block=INFO, uitype=1),
        reference(
            "account_id", "Organization Name", ("Accounts",), required=True, block=INFO, uitype=73
        ),
        picklist(
            "invoicestatus", "Status", INVOICE_STATUSES, default="Created", block=INFO, uitype=15
        ),
        reference("potential_id", "Opportunity Name", ("Potentials",), block=INFO, uitype=10),
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
        currency("received", "Received", block=TOTALS, uitype=72),
        currency("balance", "Balance", editable=False, block=TOTALS, uitype=72),
    ),
)
