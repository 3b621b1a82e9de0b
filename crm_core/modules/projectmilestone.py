"""Project milestones: the dates a project is measured by."""

from crm_core.metadata.fields import (
    autonumber,
    date,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering

PROJECT_MILESTONE_INFORMATION = "LBL_PROJECT_MILESTONE_INFORMATION"

PROJECTMILESTONETYPE_VALUES = ("administrative", "operative", "other")

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
            max_length=120,
            block=PROJECT_MILESTONE_INFORMATION,
            uitype=2,
        ),
        autonumber(
            "projectmilestone_no", "Project Milestone No", block=PROJECT_MILESTONE_INFORMATION
        ),
        reference(
            "projectid",
            "Related to",
            ("Project",),
            required=True,
            block=PROJECT_MILESTONE_INFORMATION,
            uitype=10,
        ),
        date(
            "projectmilestonedate", "Milestone Date", block=PROJECT_MILESTONE_INFORMATION, uitype=5
        ),
        picklist(
            "projectmilestonetype",
            "Type",
            PROJECTMILESTONETYPE_VALUES,
            block=PROJECT_MILESTONE_INFORMATION,
            uitype=15,
        ),
    ),
)
