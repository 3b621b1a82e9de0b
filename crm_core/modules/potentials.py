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
from crm_core.modules.picklists import LEAD_SOURCES

INFO = "LBL_OPPORTUNITY_INFORMATION"

OPPORTUNITY_TYPES = ("Existing Business", "New Business")
SALES_STAGES = (
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
    search_fields=("potentialname", "potential_no", "nextstep"),
    own_fields=(
        text(
            "potentialname", "Opportunity Name", required=True, max_length=120, block=INFO, uitype=2
        ),
        autonumber("potential_no", "Opportunity No", block=INFO),
        reference("related_to", "Organization Name", ("Accounts",), block=INFO, uitype=10),
        reference("contact_id", "Contact Name", ("Contacts",), block=INFO, uitype=10),
        currency("amount", "Amount", block=INFO, uitype=71),
        picklist("opportunity_type", "Type", OPPORTUNITY_TYPES, block=INFO, uitype=15),
        date("closingdate", "Expected Close Date", required=True, block=INFO, uitype=23),
        picklist("leadsource", "Lead Source", LEAD_SOURCES, block=INFO, uitype=15),
        text("nextstep", "Next Step", max_length=100, block=INFO, uitype=1),
        picklist(
            "sales_stage",
            "Sales Stage",
            SALES_STAGES,
            required=True,
            default="Prospecting",
            block=INFO,
            uitype=15,
        ),
        reference("campaignid", "Campaign Source", ("Campaigns",), block=INFO, uitype=58),
        percent("probability", "Probability", block=INFO, uitype=9),
        currency("forecast_amount", "Forecast Amount", block=INFO, uitype=71),
        boolean(
            "isconvertedfromlead", "Is Converted From Lead", editable=False, block=INFO, uitype=56
        ),
    ),
)
