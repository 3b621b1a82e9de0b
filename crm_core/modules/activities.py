"""Picklists and targets shared by the calendar modules (Events and Tasks)."""

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
"""What an activity can be "related to" (vtiger's uitype 66 parent)."""

TASK_PRIORITIES = ("High", "Medium", "Low")
VISIBILITIES = ("Private", "Public")
RECURRING_TYPES = ("Daily", "Weekly", "Monthly", "Yearly")
