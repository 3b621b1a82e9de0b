"""Project milestones: dated checkpoints of a project (vtiger ProjectMilestone)."""

from crm_core.metadata.fields import (
    autonumber,
    date,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.picklists import PROJECT_TYPES

INFO = "LBL_PROJECT_MILESTONE_INFORMATION"

PROJECTMILESTONE = Module(
    name="ProjectMilestone",
    label="Project Milestones",
    singular="Project Milestone",
    table="projectmilestone",
    menu="Projects",
    numbering=Numbering("projectmilestone_no", "PM-"),
    label_fields=("projectmilestonename",),
    search_fields=("projectmilestonename", "projectmilestone_no"),
    own_fields=(
        text(
            "projectmilestonename",
            "Project Milestone Name",
            required=True,
            max_length=255,
            block=INFO,
            uitype=2,
        ),
        autonumber("projectmilestone_no", "Project Milestone No", block=INFO),
        reference("projectid", "Related To", ("Project",), required=True, block=INFO, uitype=10),
        date("projectmilestonedate", "Milestone Date", block=INFO, uitype=5),
        picklist("projectmilestonetype", "Type", PROJECT_TYPES, block=INFO, uitype=15),
    ),
)
