"""Opportunities: deals in the sales pipeline (vtiger Potentials)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    currency,
    date,
    percent,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering

OPPORTUNITY_INFORMATION = "LBL_OPPORTUNITY_INFORMATION"

OPPORTUNITY_TYPE_VALUES = ("Existing Business", "New Business")
LEADSOURCE_VALUES = (
    "Cold Call",
    "Existing Customer",
    "Self Generated",
    "Employee",
    "Partner",
    "Public Relations",
    "Direct Mail",
    "Conference",
    "Trade Show",
    "Web Site",
    "Word of mouth",
    "Other",
)
SALES_STAGE_VALUES = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Value Proposition",
    "Id. Decision Makers",
    "Perception Analysis",
    "Proposal or Price Quote",
    "Negotiation or Review",
    "Closed Won",
    "Closed Lost",
)

POTENTIALS = Module(
    name="Potentials",
    label="Opportunities",
    singular="Opportunity",
    table="potentials",
    menu="Sales",
    numbering=Numbering("potential_no", "POT-"),
    label_fields=("potentialname",),
    search_fields=("potentialname", "potential_no"),
    own_fields=(
        text(
            "potentialname",
            "Potential Name",
            required=True,
            max_length=120,
            block=OPPORTUNITY_INFORMATION,
            uitype=2,
        ),
        autonumber("potential_no", "Potential No", block=OPPORTUNITY_INFORMATION),
        reference(
            "related_to", "Related To", ("Accounts",), block=OPPORTUNITY_INFORMATION, uitype=10
        ),
        reference(
            "contact_id", "Contact Name", ("Contacts",), block=OPPORTUNITY_INFORMATION, uitype=10
        ),
        currency("amount", "Amount", block=OPPORTUNITY_INFORMATION, uitype=71),
        picklist(
            "opportunity_type",
            "Type",
            OPPORTUNITY_TYPE_VALUES,
            block=OPPORTUNITY_INFORMATION,
            uitype=15,
        ),
        date(
            "closingdate",
            "Expected Close Date",
            required=True,
            block=OPPORTUNITY_INFORMATION,
            uitype=23,
        ),
        picklist(
            "leadsource", "Lead Source", LEADSOURCE_VALUES, block=OPPORTUNITY_INFORMATION, uitype=15
        ),
        text("nextstep", "Next Step", max_length=100, block=OPPORTUNITY_INFORMATION, uitype=1),
        picklist(
            "sales_stage",
            "Sales Stage",
            SALES_STAGE_VALUES,
            default="Prospecting",
            required=True,
            block=OPPORTUNITY_INFORMATION,
            uitype=15,
        ),
        reference(
            "campaignid",
            "Campaign Source",
            ("Campaigns",),
            block=OPPORTUNITY_INFORMATION,
            uitype=58,
        ),
        percent("probability", "Probability", block=OPPORTUNITY_INFORMATION, uitype=9),
        currency("forecast_amount", "Forecast Amount", block=OPPORTUNITY_INFORMATION, uitype=71),
        boolean(
            "isconvertedfromlead",
            "Is Converted From Lead",
            editable=False,
            block=OPPORTUNITY_INFORMATION,
            uitype=56,
        ),
    ),
)
