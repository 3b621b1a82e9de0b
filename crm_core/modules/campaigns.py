"""Campaigns: marketing efforts with their target leads, contacts and organisations."""

from crm_core.metadata.fields import (
    autonumber,
    currency,
    date,
    integer,
    percent,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering

CAMPAIGN_INFORMATION = "LBL_CAMPAIGN_INFORMATION"
EXPECTATIONS_AND_ACTUALS = "LBL_EXPECTATIONS_AND_ACTUALS"

CAMPAIGNSTATUS_VALUES = ("Planning", "Active", "Inactive", "Completed", "Cancelled")
CAMPAIGNTYPE_VALUES = (
    "Conference",
    "Webinar",
    "Trade Show",
    "Public Relations",
    "Partners",
    "Referral Program",
    "Advertisement",
    "Banner Ads",
    "Direct Mail",
    "Email",
    "Telemarketing",
    "Others",
)
EXPECTEDRESPONSE_VALUES = ("Excellent", "Good", "Average", "Poor")

CAMPAIGNS = Module(
    name="Campaigns",
    label="Campaigns",
    singular="Campaign",
    table="campaigns",
    menu="Marketing",
    numbering=Numbering("campaign_no", "CAM-"),
    label_fields=("campaignname",),
    search_fields=("campaignname", "campaign_no"),
    own_fields=(
        text(
            "campaignname",
            "Campaign Name",
            required=True,
            max_length=120,
            block=CAMPAIGN_INFORMATION,
            uitype=2,
        ),
        autonumber("campaign_no", "Campaign No", block=CAMPAIGN_INFORMATION),
        picklist(
            "campaignstatus",
            "Campaign Status",
            CAMPAIGNSTATUS_VALUES,
            block=CAMPAIGN_INFORMATION,
            uitype=15,
        ),
        picklist(
            "campaigntype",
            "Campaign Type",
            CAMPAIGNTYPE_VALUES,
            block=CAMPAIGN_INFORMATION,
            uitype=15,
        ),
        reference("product_id", "Product", ("Products",), block=CAMPAIGN_INFORMATION, uitype=59),
        text(
            "targetaudience",
            "Target Audience",
            max_length=100,
            block=CAMPAIGN_INFORMATION,
            uitype=1,
        ),
        date(
            "closingdate",
            "Expected Close Date",
            required=True,
            block=CAMPAIGN_INFORMATION,
            uitype=23,
        ),
        text("sponsor", "Sponsor", max_length=100, block=CAMPAIGN_INFORMATION, uitype=1),
        integer("targetsize", "TargetSize", block=CAMPAIGN_INFORMATION, uitype=1),
        percent("numsent", "Num Sent", block=CAMPAIGN_INFORMATION, uitype=9),
        currency("budgetcost", "Budget Cost", block=EXPECTATIONS_AND_ACTUALS, uitype=71),
        currency("actualcost", "Actual Cost", block=EXPECTATIONS_AND_ACTUALS, uitype=71),
        picklist(
            "expectedresponse",
            "Expected Response",
            EXPECTEDRESPONSE_VALUES,
            block=EXPECTATIONS_AND_ACTUALS,
            uitype=15,
        ),
        currency("expectedrevenue", "Expected Revenue", block=EXPECTATIONS_AND_ACTUALS, uitype=71),
        integer(
            "expectedsalescount", "Expected Sales Count", block=EXPECTATIONS_AND_ACTUALS, uitype=1
        ),
        integer("actualsalescount", "Actual Sales Count", block=EXPECTATIONS_AND_ACTUALS, uitype=1),
        integer(
            "expectedresponsecount",
            "Expected Response Count",
            block=EXPECTATIONS_AND_ACTUALS,
            uitype=1,
        ),
        integer(
            "actualresponsecount", "Actual Response Count", block=EXPECTATIONS_AND_ACTUALS, uitype=1
        ),
        currency("expectedroi", "Expected ROI", block=EXPECTATIONS_AND_ACTUALS, uitype=71),
        currency("actualroi", "Actual ROI", block=EXPECTATIONS_AND_ACTUALS, uitype=71),
    ),
)
