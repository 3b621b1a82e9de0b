"""Sales orders: what a customer has ordered, to deliver and invoice (vtiger SalesOrder)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
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
from crm_core.modules.picklists import CARRIERS, INVOICE_STATUSES, TAX_TYPES

INFO = "LBL_SO_INFORMATION"
RECURRING = "Recurring Invoice Information"
ADDRESS = "LBL_ADDRESS_INFORMATION"
TERMS = "LBL_TERMS_INFORMATION"
TOTALS = "LBL_ITEM_DETAILS"

SO_STATUSES = ("Created", "Approved", "Delivered", "Cancelled")
RECURRING_FREQUENCIES = ("Daily", "Weekly", "Monthly", "Quarterly", "Yearly")
PAYMENT_DURATIONS = (
    "Net 01 day",
    "Net 05 days",
    "Net 07 days",
    "Net 10 days",
    "Net 15 days",
    "Net 30 days",
    "Net 45 days",
    "Net 60 days",
)

SALESORDER = Module(
    name="SalesOrder",
    label="Sales Orders",
    singular="Sales Order",
    table="salesorder",
    menu="Sales",
    numbering=Numbering("salesorder_no", "SO-"),
    inventory=True,
    label_fields=("subject",),
    search_fields=("subject", "salesorder_no", "customerno", "vtiger_purchaseorder"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=100, block=INFO, uitype=2),
        reference("potential_id", "Opportunity Name", ("Potentials",), block=INFO, uitype=76),
        text("customerno", "Customer No", max_length=100, block=INFO, uitype=1),
        autonumber("salesorder_no", "SalesOrder No", block=INFO),
        reference("quote_id", "Quote Name", ("Quotes",), block=INFO, uitype=78),
        text("vtiger_purchaseorder", "Purchase Order", max_length=200, block=INFO, uitype=1),
        reference("contact_id", "Contact Name", ("Contacts",), block=INFO, uitype=57),
        date("duedate", "Due Date", block=INFO, uitype=5),
        picklist("carrier", "Carrier", CARRIERS, block=INFO, uitype=15),
        text("pending", "Pending", max_length=200, block=INFO, uitype=1),
        picklist(
            "sostatus",
            "Status",
            SO_STATUSES,
            required=True,
            default="Created",
            block=INFO,
            uitype=15,
        ),
        decimal("salescommission", "Sales Commission", block=INFO, uitype=1),
        decimal("exciseduty", "Excise Duty", block=INFO, uitype=1),
        reference(
            "account_id", "Organization Name", ("Accounts",), required=True, block=INFO, uitype=73
        ),
        boolean("enable_recurring", "Enable Recurring", block=RECURRING, uitype=56),
        picklist(
            "recurring_frequency", "Frequency", RECURRING_FREQUENCIES, block=RECURRING, uitype=16
        ),
        date("start_period", "Start Period", block=RECURRING, uitype=5),
        date("end_period", "End Period", block=RECURRING, uitype=5),
        picklist(
            "payment_duration", "Payment Duration", PAYMENT_DURATIONS, block=RECURRING, uitype=16
        ),
        picklist(
            "invoicestatus",
            "Invoice Status",
            INVOICE_STATUSES,
            required=True,
            default="AutoCreated",
            block=RECURRING,
            uitype=15,
        ),
        date("last_recurring_date", "Next Invoice Date", editable=False, block=RECURRING, uitype=5),
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
