"""Assets: products installed at a customer, by serial number."""

from crm_core.metadata.fields import (
    autonumber,
    date,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering

ASSET_INFORMATION = "LBL_ASSET_INFORMATION"

ASSETSTATUS_VALUES = ("In Service", "Out-of-service")

ASSETS = Module(
    name="Assets",
    label="Assets",
    singular="Asset",
    table="assets",
    menu="Inventory",
    numbering=Numbering("asset_no", "ASSET-"),
    label_fields=("assetname",),
    search_fields=("assetname", "asset_no", "serialnumber"),
    own_fields=(
        autonumber("asset_no", "Asset No", block=ASSET_INFORMATION),
        reference(
            "product",
            "Product Name",
            ("Products",),
            required=True,
            block=ASSET_INFORMATION,
            uitype=10,
        ),
        text(
            "serialnumber",
            "Serial Number",
            required=True,
            max_length=100,
            block=ASSET_INFORMATION,
            uitype=2,
        ),
        date("datesold", "Date Sold", required=True, block=ASSET_INFORMATION, uitype=5),
        date("dateinservice", "Date in Service", required=True, block=ASSET_INFORMATION, uitype=5),
        picklist(
            "assetstatus",
            "Status",
            ASSETSTATUS_VALUES,
            default="In Service",
            required=True,
            block=ASSET_INFORMATION,
            uitype=15,
        ),
        text("tagnumber", "Tag Number", max_length=100, block=ASSET_INFORMATION, uitype=2),
        reference("invoiceid", "Invoice Name", ("Invoice",), block=ASSET_INFORMATION, uitype=10),
        text(
            "shippingmethod", "Shipping Method", max_length=100, block=ASSET_INFORMATION, uitype=2
        ),
        text(
            "shippingtrackingnumber",
            "Shipping Tracking Number",
            max_length=100,
            block=ASSET_INFORMATION,
            uitype=2,
        ),
        text(
            "assetname",
            "Asset Name",
            required=True,
            max_length=120,
            block=ASSET_INFORMATION,
            uitype=1,
        ),
        reference(
            "account",
            "Customer Name",
            ("Accounts",),
            required=True,
            block=ASSET_INFORMATION,
            uitype=10,
        ),
        reference("contact", "Contact Name", ("Contacts",), block=ASSET_INFORMATION, uitype=10),
    ),
)
