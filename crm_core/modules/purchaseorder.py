"""Purchase orders: orders placed with vendors, received into stock."""

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

PO_INFORMATION = "LBL_PO_INFORMATION"
ADDRESS_INFORMATION = "LBL_ADDRESS_INFORMATION"
TERMS_INFORMATION = "LBL_TERMS_INFORMATION"

CARRIER_VALUES = ("FedEx", "UPS", "USPS", "DHL", "BlueDart")
POSTATUS_VALUES = ("Created", "Approved", "Delivered", "Cancelled", "Received Shipment")

PURCHASEORDER = Module(
    name="PurchaseOrder",
    label="Purchase Orders",
    singular="Purchase Order",
    table="purchaseorder",
    menu="Inventory",
    numbering=Numbering("purchaseorder_no", "PO-"),
    inventory=True,
    label_fields=("subject",),
    search_fields=("subject", "purchaseorder_no"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=120, block=PO_INFORMATION, uitype=2),
        autonumber("purchaseorder_no", "PurchaseOrder No", block=PO_INFORMATION),
        reference(
            "vendor_id", "Vendor Name", ("Vendors",), required=True, block=PO_INFORMATION, uitype=81
        ),
        text("requisition_no", "Requisition No", max_length=100, block=PO_INFORMATION, uitype=1),
        text("tracking_no", "Tracking Number", max_length=100, block=PO_INFORMATION, uitype=1),
        reference("contact_id", "Contact Name", ("Contacts",), block=PO_INFORMATION, uitype=57),
        date("duedate", "Due Date", block=PO_INFORMATION, uitype=5),
        picklist("carrier", "Carrier", CARRIER_VALUES, block=PO_INFORMATION, uitype=15),
        decimal("salescommission", "Sales Commission", block=PO_INFORMATION, uitype=1),
        decimal("exciseduty", "Excise Duty", block=PO_INFORMATION, uitype=1),
        picklist(
            "postatus",
            "Status",
            POSTATUS_VALUES,
            default="Created",
            required=True,
            block=PO_INFORMATION,
            uitype=15,
        ),
        currency("paid", "Paid", editable=False, block=PO_INFORMATION, uitype=72),
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
