"""Project tasks: the work items of a project."""

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

PROJECT_TASK_INFORMATION = "LBL_PROJECT_TASK_INFORMATION"
CUSTOM_INFORMATION = "LBL_CUSTOM_INFORMATION"

PROJECTTASKPRIORITY_VALUES = ("low", "normal", "high")
PROJECTTASKTYPE_VALUES = ("administrative", "operative", "other")
PROJECTTASKSTATUS_VALUES = ("Open", "In Progress", "Completed", "Deferred", "Canceled ")
PROJECTTASKPROGRESS_VALUES = ("10%", "20%", "30%", "40%", "50%", "60%", "70%", "80%", "90%", "100%")

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
            max_length=120,
            block=PROJECT_TASK_INFORMATION,
            uitype=2,
        ),
        autonumber("projecttask_no", "Project Task No", block=PROJECT_TASK_INFORMATION),
        picklist(
            "projecttaskpriority",
            "Priority",
            PROJECTTASKPRIORITY_VALUES,
            block=PROJECT_TASK_INFORMATION,
            uitype=15,
        ),
        picklist(
            "projecttasktype",
            "Type",
            PROJECTTASKTYPE_VALUES,
            block=PROJECT_TASK_INFORMATION,
            uitype=15,
        ),
        integer(
            "projecttasknumber", "Project Task Number", block=PROJECT_TASK_INFORMATION, uitype=7
        ),
        reference(
            "projectid",
            "Related to",
            ("Project",),
            required=True,
            block=PROJECT_TASK_INFORMATION,
            uitype=10,
        ),
        picklist(
            "projecttaskstatus",
            "Status",
            PROJECTTASKSTATUS_VALUES,
            block=PROJECT_TASK_INFORMATION,
            uitype=15,
        ),
        picklist(
            "projecttaskprogress",
            "Progress",
            PROJECTTASKPROGRESS_VALUES,
            block=CUSTOM_INFORMATION,
            uitype=15,
        ),
        decimal("projecttaskhours", "Worked Hours", block=CUSTOM_INFORMATION, uitype=7),
        date("startdate", "Start Date", block=CUSTOM_INFORMATION, uitype=5),
        date("enddate", "End Date", block=CUSTOM_INFORMATION, uitype=5),
    ),
)
