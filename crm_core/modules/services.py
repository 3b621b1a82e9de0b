"""Services: work sold by the unit, such as hours of support (vtiger Services)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    currency,
    date,
    decimal,
    percent,
    picklist,
    text,
    url,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.picklists import SERVICE_UNITS

INFO = "LBL_SERVICE_INFORMATION"
PRICING = "LBL_PRICING_INFORMATION"

SERVICE_CATEGORIES = ("Support", "Installation", "Migration", "Customization", "Training")

SERVICES = Module(
    name="Services",
    label="Services",
    singular="Service",
    table="services",
    menu="Inventory",
    numbering=Numbering("service_no", "SER-"),
    label_fields=("servicename",),
    search_fields=("servicename", "service_no"),
    own_fields=(
        text("servicename", "Service Name", required=True, max_length=50, block=INFO, uitype=2),
        autonumber("service_no", "Service No", block=INFO),
        picklist("service_usageunit", "Usage Unit", SERVICE_UNITS, block=INFO, uitype=15),
        boolean("discontinued", "Service Active", default=True, block=INFO, uitype=56),
        decimal("qty_per_unit", "No of Units", block=INFO, uitype=1),
        url("website", "Website", block=INFO, uitype=17),
        picklist("servicecategory", "Service Category", SERVICE_CATEGORIES, block=INFO, uitype=15),
        date("sales_start_date", "Sales Start Date", block=INFO, uitype=5),
        date("sales_end_date", "Sales End Date", block=INFO, uitype=5),
        date("start_date", "Support Start Date", block=INFO, uitype=5),
        date("expiry_date", "Support Expiry Date", block=INFO, uitype=5),
        currency("unit_price", "Price", block=PRICING, uitype=72),
        percent("commissionrate", "Commission Rate", block=PRICING, uitype=9),
        currency("purchase_cost", "Purchase Cost", block=PRICING, uitype=71),
    ),
)
