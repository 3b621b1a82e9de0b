"""Leads: prospects not yet qualified into organizations and contacts (vtiger Leads)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    currency,
    email,
    integer,
    phone,
    picklist,
    text,
    textarea,
    url,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.picklists import INDUSTRIES, LEAD_SOURCES, RATINGS, SALUTATIONS

INFO = "LBL_LEAD_INFORMATION"
ADDRESS = "LBL_ADDRESS_INFORMATION"

LEAD_STATUSES = (
    "Attempted to Contact",
    "Cold",
    "Contact in Future",
    "Contacted",
    "Hot",
    "Junk Lead",
    "Lost Lead",
    "Not Contacted",
    "Pre Qualified",
    "Qualified",
    "Warm",
)

LEADS = Module(
    name="Leads",
    label="Leads",
    singular="Lead",
    table="leads",
    menu="Sales",
    numbering=Numbering("lead_no", "LEA-"),
    hidden_flag="converted",
    label_fields=("firstname", "lastname"),
    search_fields=(
        "firstname",
        "lastname",
        "lead_no",
        "company",
        "email",
        "secondaryemail",
        "designation",
    ),
    own_fields=(
        picklist("salutationtype", "Salutation", SALUTATIONS, block=INFO, uitype=55),
        text("firstname", "First Name", max_length=40, block=INFO, uitype=55),
        autonumber("lead_no", "Lead No", block=INFO),
        text(
            "lastname",
            "Last Name",
            required=True,
            max_length=80,
            block=INFO,
            uitype=255,
            indexed=True,
        ),
        phone("phone", "Phone", block=INFO, uitype=11),
        text("company", "Company", max_length=100, block=INFO, uitype=2),
        phone("mobile", "Mobile", block=INFO, uitype=11),
        text("designation", "Designation", max_length=50, block=INFO, uitype=1),
        phone("fax", "Fax", block=INFO, uitype=11),
        picklist("leadsource", "Lead Source", LEAD_SOURCES, block=INFO, uitype=15),
        email("email", "Email", block=INFO, uitype=13),
        picklist("industry", "Industry", INDUSTRIES, block=INFO, uitype=15),
        url("website", "Website", block=INFO, uitype=17),
        currency("annualrevenue", "Annual Revenue", block=INFO, uitype=71),
        picklist("leadstatus", "Lead Status", LEAD_STATUSES, block=INFO, uitype=15),
        integer("noofemployees", "No Of Employees", block=INFO, uitype=1),
        picklist("rating", "Rating", RATINGS, block=INFO, uitype=15),
        email("secondaryemail", "Secondary Email", block=INFO, uitype=13),
        boolean("emailoptout", "Email Opt Out", block=INFO, uitype=56),
        boolean("converted", "Converted", editable=False, block=INFO, uitype=56),
        textarea("lane", "Street", max_length=250, block=ADDRESS, uitype=21),
        text("pobox", "Po Box", max_length=30, block=ADDRESS, uitype=1),
        text("code", "Postal Code", max_length=30, block=ADDRESS, uitype=1),
        text("city", "City", max_length=30, block=ADDRESS, uitype=1),
        text("country", "Country", max_length=30, block=ADDRESS, uitype=1),
        text("state", "State", max_length=30, block=ADDRESS, uitype=1),
    ),
)
