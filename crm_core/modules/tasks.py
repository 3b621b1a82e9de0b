"""Tasks: the calendar's to-do list, each due on a date (vtiger Calendar)."""

from crm_core.metadata.fields import (
    boolean,
    date,
    datetime,
    integer,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module
from crm_core.modules.events import ACTIVITY_PARENTS
from crm_core.modules.picklists import TASK_PRIORITIES, VISIBILITIES

INFO = "LBL_TASK_INFORMATION"
REMINDER = "LBL_REMINDER_INFORMATION"

TASK_STATUSES = (
    "Not Started",
    "In Progress",
    "Completed",
    "Pending Input",
    "Deferred",
    "Planned",
)

TASKS = Module(
    name="Tasks",
    label="Tasks",
    singular="Task",
    table="tasks",
    menu="Tools",
    vtiger_name="Calendar",
    label_fields=("subject",),
    search_fields=("subject", "description"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=255, block=INFO, uitype=2),
        datetime("date_start", "Start Date & Time", required=True, block=INFO, uitype=6),
        date("due_date", "Due Date", required=True, block=INFO, uitype=23, indexed=True),
        reference("parent_id", "Related To", ACTIVITY_PARENTS, block=INFO, uitype=66),
        reference("contact_id", "Contact Name", ("Contacts",), block=INFO, uitype=57),
        picklist(
            "taskstatus",
            "Status",
            TASK_STATUSES,
            required=True,
            default="Not Started",
            block=INFO,
            uitype=15,
        ),
        picklist("taskpriority", "Priority", TASK_PRIORITIES, block=INFO, uitype=15),
        boolean("sendnotification", "Send Notification", block=INFO, uitype=56),
        picklist(
            "visibility", "Visibility", VISIBILITIES, default="Private", block=INFO, uitype=16
        ),
        integer("reminder_time", "Send Reminder (minutes before)", block=REMINDER, uitype=30),
    ),
)
