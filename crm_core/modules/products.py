"""Products: the goods the business sells and keeps in stock (vtiger Products)."""

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
from crm_core.modules.picklists import GL_ACCOUNTS

INFO = "LBL_PRODUCT_INFORMATION"
PRICING = "LBL_PRICING_INFORMATION"
STOCK = "LBL_STOCK_INFORMATION"

MANUFACTURERS = ("AltvetPet Inc.", "LexPon Inc.", "MetBeat Corp")
PRODUCT_CATEGORIES = ("Hardware", "Software", "CRM Applications")
USAGE_UNITS = (
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
    search_fields=(
        "productname",
        "product_no",
        "productcode",
        "vendor_part_no",
        "mfr_part_no",
        "serial_no",
    ),
    own_fields=(
        text("productname", "Product Name", required=True, max_length=100, block=INFO, uitype=2),
        autonumber("product_no", "Product No", block=INFO),
        boolean("discontinued", "Product Active", default=True, block=INFO, uitype=56),
        text("productcode", "Part Number", max_length=40, block=INFO, uitype=1),
        date("sales_start_date", "Sales Start Date", block=INFO, uitype=5),
        picklist("manufacturer", "Manufacturer", MANUFACTURERS, block=INFO, uitype=15),
        picklist("productcategory", "Product Category", PRODUCT_CATEGORIES, block=INFO, uitype=15),
        date("start_date", "Support Start Date", block=INFO, uitype=5),
        date("sales_end_date", "Sales End Date", block=INFO, uitype=5),
        date("expiry_date", "Support Expiry Date", block=INFO, uitype=5),
        reference("vendor_id", "Vendor Name", ("Vendors",), block=INFO, uitype=75),
        url("website", "Website", block=INFO, uitype=17),
        text("vendor_part_no", "Vendor PartNo", max_length=200, block=INFO, uitype=1),
        text("mfr_part_no", "Mfr PartNo", max_length=200, block=INFO, uitype=1),
        text("productsheet", "Product Sheet", max_length=200, block=INFO, uitype=1),
        text("serial_no", "Serial No", max_length=200, block=INFO, uitype=1),
        picklist("glacct", "GL Account", GL_ACCOUNTS, block=INFO, uitype=15),
        currency("unit_price", "Unit Price", block=PRICING, uitype=72),
        percent("commissionrate", "Commission Rate", block=PRICING, uitype=9),
        currency("purchase_cost", "Purchase Cost", block=PRICING, uitype=71),
        picklist("usageunit", "Usage Unit", USAGE_UNITS, block=STOCK, uitype=15),
        decimal("qty_per_unit", "Qty/Unit", block=STOCK, uitype=1),
        decimal("qtyinstock", "Qty In Stock", block=STOCK, uitype=1),
        integer("reorderlevel", "Reorder Level", block=STOCK, uitype=1),
        integer("qtyindemand", "Qty In Demand", block=STOCK, uitype=1),
    ),
)
