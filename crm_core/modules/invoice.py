"""Invoices: bills with line items, totals and the amount received."""

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

INVOICE_INFORMATION = "LBL_INVOICE_INFORMATION"
ADDRESS_INFORMATION = "LBL_ADDRESS_INFORMATION"
TERMS_INFORMATION = "LBL_TERMS_INFORMATION"

INVOICESTATUS_VALUES = (
    "AutoCreated",
    "Created",
    "Cancel",
    "Approved",
    "Sent",
    "Credit Invoice",
    "Paid",
)

INVOICE = Module(
    name="Invoice",
    label="Invoices",
    singular="Invoice",
    table="invoice",
    menu="Sales",
    numbering=Numbering("invoice_no", "INV-"),
    inventory=True,
    label_fields=("subject",),
    search_fields=("subject", "invoice_no"),
    own_fields=(
        text(
            "subject", "Subject", required=True, max_length=120, block=INVOICE_INFORMATION, uitype=2
        ),
        reference(
            "salesorder_id", "Sales Order", ("SalesOrder",), block=INVOICE_INFORMATION, uitype=80
        ),
        text("customerno", "Customer No", max_length=100, block=INVOICE_INFORMATION, uitype=1),
        autonumber("invoice_no", "Invoice No", block=INVOICE_INFORMATION),
        reference(
            "contact_id", "Contact Name", ("Contacts",), block=INVOICE_INFORMATION, uitype=57
        ),
        date("invoicedate", "Invoice Date", block=INVOICE_INFORMATION, uitype=5),
        date("duedate", "Due Date", block=INVOICE_INFORMATION, uitype=5),
        text(
            "vtiger_purchaseorder",
            "Purchase Order",
            max_length=100,
            block=INVOICE_INFORMATION,
            uitype=1,
        ),
        decimal("exciseduty", "Excise Duty", block=INVOICE_INFORMATION, uitype=1),
        decimal("salescommission", "Sales Commission", block=INVOICE_INFORMATION, uitype=1),
        reference(
            "account_id",
            "Account Name",
            ("Accounts",),
            required=True,
            block=INVOICE_INFORMATION,
            uitype=73,
        ),
        picklist(
            "invoicestatus", "Status", INVOICESTATUS_VALUES, block=INVOICE_INFORMATION, uitype=15
        ),
        reference(
            "potential_id", "Potential Name", ("Potentials",), block=INVOICE_INFORMATION, uitype=10
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
        currency("received", "Received", block="LBL_TOTALS", uitype=72),
        currency("balance", "Balance", editable=False, block="LBL_TOTALS", uitype=72),
    ),
)
