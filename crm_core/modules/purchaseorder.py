"""Purchase orders: orders placed with vendors, received into stock (vtiger PurchaseOrder)."""

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
from crm_core.modules.picklists import CARRIERS

INFO = "LBL_PO_INFORMATION"

PO_STATUSES = ("Created", "Approved", "Delivered", "Cancelled", "Received Shipment")

PURCHASEORDER = Module(
    name="PurchaseOrder",
    label="Purchase Orders",
    singular="Purchase Order",
    table="purchaseorder",
    menu="Inventory",
    numbering=Numbering("purchaseorder_no", "PO-"),
    inventory=True,
    label_fields=("subject",),
    search_fields=("subject", "purchaseorder_no", "requisition_no", "tracking_no"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=100, block=INFO, uitype=2),
        autonumber("purchaseorder_no", "PurchaseOrder No", block=INFO),
        reference("vendor_id", "Vendor Name", ("Vendors",), required=True, block=INFO, uitype=81),
        text("requisition_no", "Requisition No", max_length=100, block=INFO, uitype=1),
        text("tracking_no", "Tracking Number", max_length=100, block=INFO, uitype=1),
        reference("contact_id", "Contact Name", ("Contacts",), block=INFO, uitype=57),
        date("duedate", "Due Date", block=INFO, uitype=5),
        picklist("carrier", "Carrier", CARRIERS, block=INFO, uitype=15),
        decimal("salescommission", "Sales Commission", block=INFO, uitype=1),
        decimal("exciseduty", "Excise Duty", block=INFO, uitype=1),
        picklist(
            "postatus",
            "Status",
            PO_STATUSES,
            required=True,
            default="Created",
            block=INFO,
            uitype=15,
        ),
        *document_fields(payment_label="Paid"),
    ),
)
