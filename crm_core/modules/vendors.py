"""Vendors: suppliers of products, the other side of purchase orders."""

from crm_core.metadata.fields import (
    autonumber,
    email,
    picklist,
    text,
    textarea,
    url,
)
from crm_core.metadata.module import Module, Numbering

VENDOR_INFORMATION = "LBL_VENDOR_INFORMATION"
VENDOR_ADDRESS_INFORMATION = "LBL_VENDOR_ADDRESS_INFORMATION"

GLACCT_VALUES = (
    "300-Sales-Software",
    "301-Sales-Hardware",
    "302-Rental-Income",
    "303-Interest-Income",
    "304-Sales-Software-Support",
    "305-Sales Other",
    "306-Internet Sales",
    "307-Service-Hardware Labor",
    "308-Sales-Books",
)

VENDORS = Module(
    name="Vendors",
    label="Vendors",
    singular="Vendor",
    table="vendors",
    menu="Inventory",
    numbering=Numbering("vendor_no", "VEN-"),
    label_fields=("vendorname",),
    search_fields=("vendorname", "vendor_no", "email", "website"),
    own_fields=(
        text(
            "vendorname",
            "Vendor Name",
            required=True,
            max_length=120,
            block=VENDOR_INFORMATION,
            uitype=2,
        ),
        autonumber("vendor_no", "Vendor No", block=VENDOR_INFORMATION),
        email("email", "Email", block=VENDOR_INFORMATION, uitype=13),
        text("phone", "Phone", max_length=100, block=VENDOR_INFORMATION, uitype=1),
        picklist("glacct", "GL Account", GLACCT_VALUES, block=VENDOR_INFORMATION, uitype=15),
        url("website", "Website", block=VENDOR_INFORMATION, uitype=17),
        text("category", "Category", max_length=100, block=VENDOR_INFORMATION, uitype=1),
        textarea("street", "Street", block=VENDOR_ADDRESS_INFORMATION, uitype=21),
        text("pobox", "Po Box", max_length=50, block=VENDOR_ADDRESS_INFORMATION, uitype=1),
        text("city", "City", max_length=100, block=VENDOR_ADDRESS_INFORMATION, uitype=1),
        text("state", "State", max_length=50, block=VENDOR_ADDRESS_INFORMATION, uitype=1),
        text(
            "postalcode", "Postal Code", max_length=50, block=VENDOR_ADDRESS_INFORMATION, uitype=1
        ),
        text("country", "Country", max_length=100, block=VENDOR_ADDRESS_INFORMATION, uitype=1),
    ),
)
