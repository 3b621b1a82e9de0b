"""Products: goods sold and stocked, with price, stock on hand and reorder level."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    currency,
    date,
    decimal,
    integer,
    percent,
    picklist,
    reference,
    text,
    url,
)
from crm_core.metadata.module import Module, Numbering

PRODUCT_INFORMATION = "LBL_PRODUCT_INFORMATION"
PRICING_INFORMATION = "LBL_PRICING_INFORMATION"
STOCK_INFORMATION = "LBL_STOCK_INFORMATION"

MANUFACTURER_VALUES = ("AltvetPet Inc.", "LexPon Inc.", "MetBeat Corp")
PRODUCTCATEGORY_VALUES = ("Hardware", "Software", "CRM Applications")
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
USAGEUNIT_VALUES = (
    "Box",
    "Carton",
    "Dozen",
    "Each",
    "Hours",
    "Impressions",
    "Lb",
    "M",
    "Pack",
    "Pages",
    "Pieces",
    "Quantity",
    "Reams",
    "Sheet",
    "Spiral Binder",
    "Sq Ft",
)

PRODUCTS = Module(
    name="Products",
    label="Products",
    singular="Product",
    table="products",
    menu="Inventory",
    numbering=Numbering("product_no", "PRO-"),
    label_fields=("productname",),
    search_fields=("productname", "product_no", "serial_no", "productcode", "website"),
    own_fields=(
        text(
            "productname",
            "Product Name",
            required=True,
            max_length=120,
            block=PRODUCT_INFORMATION,
            uitype=2,
        ),
        autonumber("product_no", "Product No", block=PRODUCT_INFORMATION),
        boolean("discontinued", "Product Active", block=PRODUCT_INFORMATION, uitype=56),
        text("productcode", "Part Number", max_length=50, block=PRODUCT_INFORMATION, uitype=1),
        date("sales_start_date", "Sales Start Date", block=PRODUCT_INFORMATION, uitype=5),
        picklist(
            "manufacturer",
            "Manufacturer",
            MANUFACTURER_VALUES,
            block=PRODUCT_INFORMATION,
            uitype=15,
        ),
        picklist(
            "productcategory",
            "Product Category",
            PRODUCTCATEGORY_VALUES,
            block=PRODUCT_INFORMATION,
            uitype=15,
        ),
        date("start_date", "Support Start Date", block=PRODUCT_INFORMATION, uitype=5),
        date("sales_end_date", "Sales End Date", block=PRODUCT_INFORMATION, uitype=5),
        date("expiry_date", "Support Expiry Date", block=PRODUCT_INFORMATION, uitype=5),
        reference("vendor_id", "Vendor Name", ("Vendors",), block=PRODUCT_INFORMATION, uitype=75),
        url("website", "Website", block=PRODUCT_INFORMATION, uitype=17),
        text(
            "vendor_part_no", "Vendor PartNo", max_length=100, block=PRODUCT_INFORMATION, uitype=1
        ),
        text("mfr_part_no", "Mfr PartNo", max_length=100, block=PRODUCT_INFORMATION, uitype=1),
        text("productsheet", "Product Sheet", max_length=100, block=PRODUCT_INFORMATION, uitype=1),
        text("serial_no", "Serial No", max_length=100, block=PRODUCT_INFORMATION, uitype=1),
        picklist("glacct", "GL Account", GLACCT_VALUES, block=PRODUCT_INFORMATION, uitype=15),
        currency("unit_price", "Unit Price", block=PRICING_INFORMATION, uitype=72),
        percent("commissionrate", "Commission Rate", block=PRICING_INFORMATION, uitype=9),
        currency("purchase_cost", "Purchase Cost", block=PRICING_INFORMATION, uitype=71),
        picklist("usageunit", "Usage Unit", USAGEUNIT_VALUES, block=STOCK_INFORMATION, uitype=15),
        decimal("qty_per_unit", "Qty/Unit", block=STOCK_INFORMATION, uitype=1),
        text("qtyinstock", "Qty In Stock", max_length=100, block=STOCK_INFORMATION, uitype=1),
        integer("reorderlevel", "Reorder Level", block=STOCK_INFORMATION, uitype=1),
        integer("qtyindemand", "Qty In Demand", block=STOCK_INFORMATION, uitype=1),
    ),
)
