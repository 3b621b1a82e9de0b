"""Services: work sold by the unit, priced like products."""

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

SERVICE_INFORMATION = "LBL_SERVICE_INFORMATION"
PRICING_INFORMATION = "LBL_PRICING_INFORMATION"

SERVICE_USAGEUNIT_VALUES = ("Hours", "Days", "Incidents")
SERVICECATEGORY_VALUES = ("Support", "Installation", "Migration", "Customization", "Training")

SERVICES = Module(
    name="Services",
    label="Services",
    singular="Service",
    table="services",
    menu="Inventory",
    numbering=Numbering("service_no", "SER-"),
    label_fields=("servicename",),
    search_fields=("servicename", "service_no", "website"),
    own_fields=(
        text(
            "servicename",
            "Service Name",
            required=True,
            max_length=120,
            block=SERVICE_INFORMATION,
            uitype=2,
        ),
        autonumber("service_no", "Service No", block=SERVICE_INFORMATION),
        picklist(
            "service_usageunit",
            "Usage Unit",
            SERVICE_USAGEUNIT_VALUES,
            block=SERVICE_INFORMATION,
            uitype=15,
        ),
        boolean("discontinued", "Service Active", block=SERVICE_INFORMATION, uitype=56),
        decimal("qty_per_unit", "No of Units", block=SERVICE_INFORMATION, uitype=1),
        url("website", "Website", block=SERVICE_INFORMATION, uitype=17),
        picklist(
            "servicecategory",
            "Service Category",
            SERVICECATEGORY_VALUES,
            block=SERVICE_INFORMATION,
            uitype=15,
        ),
        date("sales_start_date", "Sales Start Date", block=SERVICE_INFORMATION, uitype=5),
        date("sales_end_date", "Sales End Date", block=SERVICE_INFORMATION, uitype=5),
        date("start_date", "Support Start Date", block=SERVICE_INFORMATION, uitype=5),
        date("expiry_date", "Support Expiry Date", block=SERVICE_INFORMATION, uitype=5),
        currency("unit_price", "Price", block=PRICING_INFORMATION, uitype=72),
        percent("commissionrate", "Commission Rate", block=PRICING_INFORMATION, uitype=9),
        currency("purchase_cost", "Purchase Cost", block=PRICING_INFORMATION, uitype=71),
    ),
)
