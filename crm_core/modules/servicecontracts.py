"""Service contracts: support entitlements sold to a customer (vtiger ServiceContracts)."""

from crm_core.metadata.fields import (
    autonumber,
    date,
    decimal,
    integer,
    percent,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.picklists import SERVICE_UNITS

INFO = "LBL_SERVICE_CONTRACT_INFORMATION"

CONTRACT_TYPES = ("Support", "Services", "Administrative")
CONTRACT_STATUSES = ("Undefined", "In Planning", "In Progress", "On Hold", "Complete", "Archived")
CONTRACT_PRIORITIES = ("Low", "Normal", "High")

SERVICECONTRACTS = Module(
    name="ServiceContracts",
    label="Service Contracts",
    singular="Service Contract",
    table="servicecontracts",
    menu="Support",
    numbering=Numbering("contract_no", "SERCON-"),
    description_field=False,
    label_fields=("subject",),
    search_fields=("subject", "contract_no"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=100, block=INFO, uitype=1),
        autonumber("contract_no", "Contract No", block=INFO),
        reference("sc_related_to", "Related To", ("Accounts", "Contacts"), block=INFO, uitype=10),
        picklist("contract_type", "Type", CONTRACT_TYPES, block=INFO, uitype=15),
        picklist("tracking_unit", "Tracking Unit", SERVICE_UNITS, block=INFO, uitype=15),
        date("start_date", "Start Date", block=INFO, uitype=5),
        decimal("total_units", "Total Units", block=INFO, uitype=7),
        date("due_date", "Due date", block=INFO, uitype=23),
        decimal("used_units", "Used Units", block=INFO, uitype=7),
        date("end_date", "End Date", editable=False, block=INFO, uitype=5),
        picklist("contract_status", "Status", CONTRACT_STATUSES, block=INFO, uitype=15),
        integer("planned_duration", "Planned Duration", editable=False, block=INFO, uitype=1),
        picklist("contract_priority", "Priority", CONTRACT_PRIORITIES, block=INFO, uitype=15),
        integer("actual_duration", "Actual Duration", editable=False, block=INFO, uitype=1),
        percent("progress", "Progress", editable=False, block=INFO, uitype=9),
    ),
)
