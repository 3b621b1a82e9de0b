"""Vendors: the suppliers products are bought from (vtiger Vendors)."""

from crm_core.metadata.fields import (
    autonumber,
    email,
    phone,
    picklist,
    text,
    textarea,
    url,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.picklists import GL_ACCOUNTS

INFO = "LBL_VENDOR_INFORMATION"
ADDRESS = "LBL_VENDOR_ADDRESS_INFORMATION"

VENDORS = Module(
    name="Vendors",
    label="Vendors",
    singular="Vendor",
    table="vendors",
    menu="Inventory",
    numbering=Numbering("vendor_no", "VEN-"),
    label_fields=("vendorname",),
    search_fields=("vendorname", "vendor_no", "email", "website", "category"),
    own_fields=(
        text("vendorname", "Vendor Name", required=True, max_length=100, block=INFO, uitype=2),
        autonumber("vendor_no", "Vendor No", block=INFO),
        email("email", "Email", block=INFO, uitype=13),
        phone("phone", "Phone", block=INFO, uitype=1),
        picklist("glacct", "GL Account", GL_ACCOUNTS, block=INFO, uitype=15),
        url("website", "Website", block=INFO, uitype=17),
        text("category", "Category", max_length=50, block=INFO, uitype=1),
        textarea("street", "Street", block=ADDRESS, uitype=21),
        text("pobox", "Po Box", max_length=30, block=ADDRESS, uitype=1),
        text("city", "City", max_length=30, block=ADDRESS, uitype=1),
        text("state", "State", max_length=30, block=ADDRESS, uitype=1),
        text("postalcode", "Postal Code", max_length=100, block=ADDRESS, uitype=1),
        text("country", "Country", max_length=100, block=ADDRESS, uitype=1),
    ),
)
