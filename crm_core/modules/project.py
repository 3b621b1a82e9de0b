"""Projects: customer projects with tasks and milestones."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    date,
    decimal,
    picklist,
    reference,
    text,
    url,
)
from crm_core.metadata.module import Module, Numbering

PROJECT_INFORMATION = "LBL_PROJECT_INFORMATION"
CUSTOM_INFORMATION = "LBL_CUSTOM_INFORMATION"

PROJECTSTATUS_VALUES = (
    "prospecting",
    "initiated",
    "in progress",
    "waiting for feedback",
    "on hold",
    "completed",
    "delivered",
    "archived",
)
PROJECTTYPE_VALUES = ("administrative", "operative", "other")
PROJECTPRIORITY_VALUES = ("low", "normal", "high")
PROGRESS_VALUES = ("10%", "20%", "30%", "40%", "50%", "60%", "70%", "80%", "90%", "100%")

PROJECT = Module(
    name="Project",
    label="Projects",
    singular="Project",
    table="project",
    menu="Projects",
    numbering=Numbering("project_no", "PROJ-"),
    label_fields=("projectname",),
    search_fields=("projectname", "project_no"),
    own_fields=(
        text(
            "projectname",
            "Project Name",
            required=True,
            max_length=120,
            block=PROJECT_INFORMATION,
            uitype=2,
        ),
        autonumber("project_no", "Project No", block=PROJECT_INFORMATION),
        date("startdate", "Start Date", block=PROJECT_INFORMATION, uitype=23),
        date("targetenddate", "Target End Date", block=PROJECT_INFORMATION, uitype=23),
        date("actualenddate", "Actual End Date", block=PROJECT_INFORMATION, uitype=23),
        picklist(
            "projectstatus", "Status", PROJECTSTATUS_VALUES, block=PROJECT_INFORMATION, uitype=15
        ),
        picklist("projecttype", "Type", PROJECTTYPE_VALUES, block=PROJECT_INFORMATION, uitype=15),
        reference(
            "linktoaccountscontacts",
            "Related to",
            ("Accounts", "Contacts"),
            block=PROJECT_INFORMATION,
            uitype=10,
        ),
        boolean(
            "isconvertedfrompotential",
            "Is Converted From Opportunity",
            editable=False,
            block=PROJECT_INFORMATION,
            uitype=56,
        ),
        reference(
            "potentialid", "Potential Name", ("Potentials",), block=PROJECT_INFORMATION, uitype=10
        ),
        decimal("targetbudget", "Target Budget", block=CUSTOM_INFORMATION, uitype=7),
        url("projecturl", "Project Url", block=CUSTOM_INFORMATION, uitype=17),
        picklist(
            "projectpriority",
            "Priority",
            PROJECTPRIORITY_VALUES,
            block=CUSTOM_INFORMATION,
            uitype=15,
        ),
        picklist("progress", "Progress", PROGRESS_VALUES, block=CUSTOM_INFORMATION, uitype=15),
    ),
)
