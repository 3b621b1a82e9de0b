"""Sales orders: what a customer has ordered, to deliver and invoice (vtiger SalesOrder)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    date,
    decimal,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.inventory_document import document_fields
from crm_core.modules.picklists import CARRIERS, INVOICE_STATUSES

INFO = "LBL_SO_INFORMATION"
RECURRING = "Recurring Invoice Information"

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
        *document_fields(),
    ),
)
