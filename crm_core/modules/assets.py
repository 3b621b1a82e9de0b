"""Assets: products installed at a customer, by serial number (vtiger Assets)."""

from crm_core.metadata.fields import (
    autonumber,
    date,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering

INFO = "LBL_ASSET_INFORMATION"

ASSET_STATUSES = ("In Service", "Out-of-service")

ASSETS = Module(
    name="Assets",
    label="Assets",
    singular="Asset",
    table="assets",
    menu="Inventory",
    numbering=Numbering("asset_no", "ASSET-"),
    label_fields=("assetname",),
    search_fields=("assetname", "asset_no", "serialnumber", "tagnumber", "shippingtrackingnumber"),
    own_fields=(
        text("assetname", "Asset Name", required=True, max_length=100, block=INFO, uitype=1),
        autonumber("asset_no", "Asset No", block=INFO),
        reference("product", "Product Name", ("Products",), required=True, block=INFO, uitype=10),
        text("serialnumber", "Serial Number", required=True, max_length=200, block=INFO, uitype=2),
        date("datesold", "Date Sold", required=True, block=INFO, uitype=5),
        date("dateinservice", "Date in Service", required=True, block=INFO, uitype=5),
        picklist(
            "assetstatus",
            "Status",
            ASSET_STATUSES,
            required=True,
            default="In Service",
            block=INFO,
            uitype=15,
        ),
        text("tagnumber", "Tag Number", max_length=300, block=INFO, uitype=2),
        reference("invoiceid", "Invoice Name", ("Invoice",), block=INFO, uitype=10),
        text("shippingmethod", "Shipping Method", max_length=200, block=INFO, uitype=2),
        text(
            "shippingtrackingnumber",
            "Shipping Tracking Number",
            max_length=200,
            block=INFO,
            uitype=2,
        ),
        reference("account", "Customer Name", ("Accounts",), required=True, block=INFO, uitype=10),
        reference("contact", "Contact Name", ("Contacts",), block=INFO, uitype=10),
    ),
)
