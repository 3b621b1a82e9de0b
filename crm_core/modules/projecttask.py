"""Project tasks: the steps of a project (vtiger ProjectTask)."""

from crm_core.metadata.fields import (
    autonumber,
    date,
    decimal,
    integer,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.picklists import PROGRESS_STEPS, PROJECT_PRIORITIES, PROJECT_TYPES

INFO = "LBL_PROJECT_TASK_INFORMATION"
CUSTOM = "LBL_CUSTOM_INFORMATION"

PROJECT_TASK_STATUSES = ("Open", "In Progress", "Completed", "Deferred", "Canceled")

PROJECTTASK = Module(
    name="ProjectTask",
    label="Project Tasks",
    singular="Project Task",
    table="projecttask",
    menu="Projects",
    numbering=Numbering("projecttask_no", "PT-"),
    label_fields=("projecttaskname",),
    search_fields=("projecttaskname", "projecttask_no"),
    own_fields=(
        text(
            "projecttaskname",
            "Project Task Name",
            required=True,
            max_length=255,
            block=INFO,
            uitype=2,
        ),
        autonumber("projecttask_no", "Project Task No", block=INFO),
        picklist("projecttaskpriority", "Priority", PROJECT_PRIORITIES, block=INFO, uitype=15),
        picklist("projecttasktype", "Type", PROJECT_TYPES, block=INFO, uitype=15),
        integer("projecttasknumber", "Project Task Number", block=INFO, uitype=7),
        reference("projectid", "Related To", ("Project",), required=True, block=INFO, uitype=10),
        picklist("projecttaskstatus", "Status", PROJECT_TASK_STATUSES, block=INFO, uitype=15),
        picklist("projecttaskprogress", "Progress", PROGRESS_STEPS, block=CUSTOM, uitype=15),
        decimal("projecttaskhours", "Worked Hours", block=CUSTOM, uitype=7),
        date("startdate", "Start Date", block=CUSTOM, uitype=5),
        date("enddate", "End Date", block=CUSTOM, uitype=5),
    ),
)
