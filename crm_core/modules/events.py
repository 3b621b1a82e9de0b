"""Events: meetings and calls in the calendar, with a start and an end (vtiger Events)."""

from crm_core.metadata.fields import (
    boolean,
    datetime,
    integer,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module
from crm_core.modules.picklists import TASK_PRIORITIES, VISIBILITIES

INFO = "LBL_EVENT_INFORMATION"
REMINDER = "LBL_REMINDER_INFORMATION"
RECURRENCE = "LBL_RECURRENCE_INFORMATION"
RELATED = "LBL_RELATED_TO"

ACTIVITY_PARENTS = (
    "Accounts",
    "Leads",
    "Potentials",
    "HelpDesk",
    "Campaigns",
    "Quotes",
    "SalesOrder",
    "Invoice",
    "PurchaseOrder",
    "Project",
)
"""What an event or a task can be "related to" (vtiger's uitype 66 parent)."""

EVENT_STATUSES = ("Planned", "Held", "Not Held")
ACTIVITY_TYPES = ("Call", "Meeting", "Mobile Call")
RECURRING_TYPES = ("Daily", "Weekly", "Monthly", "Yearly")

EVENTS = Module(
    name="Events",
    label="Events",
    singular="Event",
    table="events",
    menu="Tools",
    vtiger_name="Events",
    label_fields=("subject",),
    search_fields=("subject", "location", "description"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=255, block=INFO, uitype=2),
        datetime(
            "date_start", "Start Date & Time", required=True, block=INFO, uitype=6, indexed=True
        ),
        datetime("due_date", "End Date & Time", required=True, block=INFO, uitype=23, indexed=True),
        picklist(
            "eventstatus",
            "Status",
            EVENT_STATUSES,
            required=True,
            default="Planned",
            block=INFO,
            uitype=15,
        ),
        boolean("sendnotification", "Send Notification", block=INFO, uitype=56),
        picklist(
            "activitytype",
            "Activity Type",
            ACTIVITY_TYPES,
            required=True,
            default="Meeting",
            block=INFO,
            uitype=15,
        ),
        text("location", "Location", max_length=150, block=INFO, uitype=1),
        picklist("taskpriority", "Priority", TASK_PRIORITIES, block=INFO, uitype=15),
        picklist("visibility", "Visibility", VISIBILITIES, default="Public", block=INFO, uitype=16),
        integer("reminder_time", "Send Reminder (minutes before)", block=REMINDER, uitype=30),
        picklist("recurringtype", "Recurrence", RECURRING_TYPES, block=RECURRENCE, uitype=16),
        reference("contact_id", "Contact Name", ("Contacts",), block=RELATED, uitype=57),
        reference("parent_id", "Related To", ACTIVITY_PARENTS, block=RELATED, uitype=66),
    ),
)
