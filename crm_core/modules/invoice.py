"""Invoices: bills sent to customers, and what has been paid on them (vtiger Invoice)."""

from crm_core.metadata.fields import (
    autonumber,
    date,
    decimal,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.inventory_document import document_fields
from crm_core.modules.picklists import INVOICE_STATUSES

INFO = "LBL_INVOICE_INFORMATION"

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
        *document_fields(payment_label="Received"),
    ),
)
