"""Sales orders: confirmed orders with line items, invoiced later."""

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

SO_INFORMATION = "LBL_SO_INFORMATION"
RECURRING_INVOICE_INFORMATION = "Recurring Invoice Information"
ADDRESS_INFORMATION = "LBL_ADDRESS_INFORMATION"
TERMS_INFORMATION = "LBL_TERMS_INFORMATION"

CARRIER_VALUES = ("FedEx", "UPS", "USPS", "DHL", "BlueDart")
SOSTATUS_VALUES = ("Created", "Approved", "Delivered", "Cancelled")
RECURRING_FREQUENCY_VALUES = ("Daily", "Weekly", "Monthly", "Quarterly", "Yearly")
PAYMENT_DURATION_VALUES = (
    "Net 01 day",
    "Net 05 days",
    "Net 07 days",
    "Net 10 days",
    "Net 15 days",
    "Net 30 days",
    "Net 45 days",
    "Net 60 days",
)
INVOICESTATUS_VALUES = (
    "AutoCreated",
    "Created",
    "Cancel",
    "Approved",
    "Sent",
    "Credit Invoice",
    "Paid",
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
    search_fields=("subject", "salesorder_no"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=120, block=SO_INFORMATION, uitype=2),
        reference(
            "potential_id", "Potential Name", ("Potentials",), block=SO_INFORMATION, uitype=76
        ),
        text("customerno", "Customer No", max_length=100, block=SO_INFORMATION, uitype=1),
        autonumber("salesorder_no", "SalesOrder No", block=SO_INFORMATION),
        reference("quote_id", "Quote Name", ("Quotes",), block=SO_INFORMATION, uitype=78),
        text(
            "vtiger_purchaseorder", "Purchase Order", max_length=100, block=SO_INFORMATION, uitype=1
        ),
        reference("contact_id", "Contact Name", ("Contacts",), block=SO_INFORMATION, uitype=57),
        date("duedate", "Due Date", block=SO_INFORMATION, uitype=5),
        picklist("carrier", "Carrier", CARRIER_VALUES, block=SO_INFORMATION, uitype=15),
        text("pending", "Pending", max_length=100, block=SO_INFORMATION, uitype=1),
        picklist(
            "sostatus",
            "Status",
            SOSTATUS_VALUES,
            default="Created",
            required=True,
            block=SO_INFORMATION,
            uitype=15,
        ),
        decimal("salescommission", "Sales Commission", block=SO_INFORMATION, uitype=1),
        decimal("exciseduty", "Excise Duty", block=SO_INFORMATION, uitype=1),
        reference(
            "account_id",
            "Account Name",
            ("Accounts",),
            required=True,
            block=SO_INFORMATION,
            uitype=73,
        ),
        boolean(
            "enable_recurring", "Enable Recurring", block=RECURRING_INVOICE_INFORMATION, uitype=56
        ),
        picklist(
            "recurring_frequency",
            "Frequency",
            RECURRING_FREQUENCY_VALUES,
            block=RECURRING_INVOICE_INFORMATION,
            uitype=16,
        ),
        date("start_period", "Start Period", block=RECURRING_INVOICE_INFORMATION, uitype=5),
        date("end_period", "End Period", block=RECURRING_INVOICE_INFORMATION, uitype=5),
        picklist(
            "payment_duration",
            "Payment Duration",
            PAYMENT_DURATION_VALUES,
            block=RECURRING_INVOICE_INFORMATION,
            uitype=16,
        ),
        picklist(
            "invoicestatus",
            "Invoice Status",
            INVOICESTATUS_VALUES,
            default="AutoCreated",
            required=True,
            block=RECURRING_INVOICE_INFORMATION,
            uitype=15,
        ),
        date(
            "last_recurring_date",
            "Next Invoice Date",
            editable=False,
            block=RECURRING_INVOICE_INFORMATION,
            uitype=5,
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
