"""Campaigns: marketing actions and the leads and contacts they reach (vtiger Campaigns)."""

from crm_core.metadata.fields import (
    autonumber,
    currency,
    date,
    decimal,
    integer,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering

INFO = "LBL_CAMPAIGN_INFORMATION"
EXPECTATIONS = "LBL_EXPECTATIONS_AND_ACTUALS"

CAMPAIGN_STATUSES = ("Planning", "Active", "Inactive", "Completed", "Cancelled")
CAMPAIGN_TYPES = (
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
EXPECTED_RESPONSES = ("Excellent", "Good", "Average", "Poor")

CAMPAIGNS = Module(
    name="Campaigns",
    label="Campaigns",
    singular="Campaign",
    table="campaigns",
    menu="Marketing",
    numbering=Numbering("campaign_no", "CAM-"),
    label_fields=("campaignname",),
    search_fields=("campaignname", "campaign_no", "targetaudience", "sponsor"),
    own_fields=(
        text("campaignname", "Campaign Name", required=True, max_length=255, block=INFO, uitype=2),
        autonumber("campaign_no", "Campaign No", block=INFO),
        picklist("campaignstatus", "Campaign Status", CAMPAIGN_STATUSES, block=INFO, uitype=15),
        picklist("campaigntype", "Campaign Type", CAMPAIGN_TYPES, block=INFO, uitype=15),
        reference("product_id", "Product", ("Products",), block=INFO, uitype=59),
        text("targetaudience", "Target Audience", max_length=255, block=INFO, uitype=1),
        date("closingdate", "Expected Close Date", required=True, block=INFO, uitype=23),
        text("sponsor", "Sponsor", max_length=255, block=INFO, uitype=1),
        integer("targetsize", "Target Size", block=INFO, uitype=1),
        decimal("numsent", "Num Sent", block=INFO, uitype=9),
        currency("budgetcost", "Budget Cost", block=EXPECTATIONS, uitype=71),
        currency("actualcost", "Actual Cost", block=EXPECTATIONS, uitype=71),
        picklist(
            "expectedresponse",
            "Expected Response",
            EXPECTED_RESPONSES,
            block=EXPECTATIONS,
            uitype=15,
        ),
        currency("expectedrevenue", "Expected Revenue", block=EXPECTATIONS, uitype=71),
        integer("expectedsalescount", "Expected Sales Count", block=EXPECTATIONS, uitype=1),
        integer("actualsalescount", "Actual Sales Count", block=EXPECTATIONS, uitype=1),
        integer("expectedresponsecount", "Expected Response Count", block=EXPECTATIONS, uitype=1),
        integer("actualresponsecount", "Actual Response Count", block=EXPECTATIONS, uitype=1),
        currency("expectedroi", "Expected ROI", block=EXPECTATIONS, uitype=71),
        currency("actualroi", "Actual ROI", block=EXPECTATIONS, uitype=71),
    ),
)
