"""Projects: pieces of work delivered to a customer (vtiger Project)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    currency,
    date,
    picklist,
    reference,
    text,
    url,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.picklists import PROGRESS_STEPS, PROJECT_PRIORITIES, PROJECT_TYPES

INFO = "LBL_PROJECT_INFORMATION"
CUSTOM = "LBL_CUSTOM_INFORMATION"

PROJECT_STATUSES = (
    "prospecting",
    "initiated",
    "in progress",
    "waiting for feedback",
    "on hold",
    "completed",
    "delivered",
    "archived",
)

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
        text("projectname", "Project Name", required=True, max_length=255, block=INFO, uitype=2),
        autonumber("project_no", "Project No", block=INFO),
        date("startdate", "Start Date", block=INFO, uitype=23),
        date("targetenddate", "Target End Date", block=INFO, uitype=23),
        date("actualenddate", "Actual End Date", block=INFO, uitype=23),
        picklist("projectstatus", "Status", PROJECT_STATUSES, block=INFO, uitype=15),
        picklist("projecttype", "Type", PROJECT_TYPES, block=INFO, uitype=15),
        reference(
            "linktoaccountscontacts", "Related To", ("Accounts", "Contacts"), block=INFO, uitype=10
        ),
        boolean(
            "isconvertedfrompotential",
            "Is Converted From Opportunity",
            editable=False,
            block=INFO,
            uitype=56,
        ),
        reference("potentialid", "Opportunity Name", ("Potentials",), block=INFO, uitype=10),
        currency("targetbudget", "Target Budget", block=CUSTOM, uitype=7),
        url("projecturl", "Project Url", block=CUSTOM, uitype=17),
        picklist("projectpriority", "Priority", PROJECT_PRIORITIES, block=CUSTOM, uitype=15),
        picklist("progress", "Progress", PROGRESS_STEPS, block=CUSTOM, uitype=15),
    ),
)
