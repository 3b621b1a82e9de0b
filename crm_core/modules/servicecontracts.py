"""Service contracts: support entitlements tracked in hours, days or incidents."""

from crm_core.metadata.fields import (
    autonumber,
    date,
    decimal,
    percent,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering

SERVICE_CONTRACT_INFORMATION = "LBL_SERVICE_CONTRACT_INFORMATION"

CONTRACT_TYPE_VALUES = ("Support", "Services", "Administrative")
TRACKING_UNIT_VALUES = ("Hours", "Days", "Incidents")
CONTRACT_STATUS_VALUES = (
    "Undefined",
    "In Planning",
    "In Progress",
    "On Hold",
    "Complete",
    "Archived",
)
CONTRACT_PRIORITY_VALUES = ("Low", "Normal", "High")

SERVICECONTRACTS = Module(
    name="ServiceContracts",
    label="Service Contracts",
    singular="Service Contract",
    table="servicecontracts",
    menu="Support",
    numbering=Numbering("contract_no", "SERCON-"),
    label_fields=("subject",),
    search_fields=("subject", "contract_no"),
    own_fields=(
        text(
            "subject",
            "Subject",
            required=True,
            max_length=120,
            block=SERVICE_CONTRACT_INFORMATION,
            uitype=1,
        ),
        autonumber("contract_no", "Contract No", block=SERVICE_CONTRACT_INFORMATION),
        reference(
            "sc_related_to",
            "Related to",
            ("Accounts", "Contacts"),
            block=SERVICE_CONTRACT_INFORMATION,
            uitype=10,
        ),
        picklist(
            "contract_type",
            "Type",
            CONTRACT_TYPE_VALUES,
            block=SERVICE_CONTRACT_INFORMATION,
            uitype=15,
        ),
        picklist(
            "tracking_unit",
            "Tracking Unit",
            TRACKING_UNIT_VALUES,
            block=SERVICE_CONTRACT_INFORMATION,
            uitype=15,
        ),
        date("start_date", "Start Date", block=SERVICE_CONTRACT_INFORMATION, uitype=5),
        decimal("total_units", "Total Units", block=SERVICE_CONTRACT_INFORMATION, uitype=7),
        date("due_date", "Due date", block=SERVICE_CONTRACT_INFORMATION, uitype=23),
        decimal("used_units", "Used Units", block=SERVICE_CONTRACT_INFORMATION, uitype=7),
        date("end_date", "End Date", editable=False, block=SERVICE_CONTRACT_INFORMATION, uitype=5),
        picklist(
            "contract_status",
            "Status",
            CONTRACT_STATUS_VALUES,
            block=SERVICE_CONTRACT_INFORMATION,
            uitype=15,
        ),
        text(
            "planned_duration",
            "Planned Duration",
            editable=False,
            max_length=100,
            block=SERVICE_CONTRACT_INFORMATION,
            uitype=1,
        ),
        picklist(
            "contract_priority",
            "Priority",
            CONTRACT_PRIORITY_VALUES,
            block=SERVICE_CONTRACT_INFORMATION,
            uitype=15,
        ),
        text(
            "actual_duration",
            "Actual Duration",
            editable=False,
            max_length=100,
            block=SERVICE_CONTRACT_INFORMATION,
            uitype=1,
        ),
        percent(
            "progress", "Progress", editable=False, block=SERVICE_CONTRACT_INFORMATION, uitype=9
        ),
    ),
)
