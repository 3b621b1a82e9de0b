"""HelpDesk: trouble tickets, the support desk's unit of work (vtiger HelpDesk)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    decimal,
    picklist,
    reference,
    textarea,
)
from crm_core.metadata.module import Module, Numbering

INFO = "LBL_TICKET_INFORMATION"

TICKET_STATUSES = ("Open", "In Progress", "Wait For Response", "Closed")
TICKET_PRIORITIES = ("Low", "Normal", "High", "Urgent")
TICKET_SEVERITIES = ("Minor", "Major", "Feature", "Critical")
TICKET_CATEGORIES = ("Big Problem", "Small Problem", "Other Problem")

HELPDESK = Module(
    name="HelpDesk",
    label="Tickets",
    singular="Ticket",
    table="helpdesk",
    menu="Support",
    numbering=Numbering("ticket_no", "TT-"),
    label_fields=("ticket_title",),
    search_fields=("ticket_title", "ticket_no", "description", "solution"),
    own_fields=(
        textarea("ticket_title", "Title", required=True, max_length=255, block=INFO, uitype=22),
        reference("parent_id", "Organization Name", ("Accounts",), block=INFO, uitype=10),
        reference("contact_id", "Contact Name", ("Contacts",), block=INFO, uitype=10),
        reference("product_id", "Product Name", ("Products",), block=INFO, uitype=59),
        picklist(
            "ticketpriorities",
            "Priority",
            TICKET_PRIORITIES,
            required=True,
            default="Normal",
            block=INFO,
            uitype=15,
        ),
        picklist(
            "ticketstatus",
            "Status",
            TICKET_STATUSES,
            required=True,
            default="Open",
            block=INFO,
            uitype=15,
        ),
        picklist("ticketseverities", "Severity", TICKET_SEVERITIES, block=INFO, uitype=15),
        decimal("hours", "Hours", block=INFO, uitype=1),
        picklist("ticketcategories", "Category", TICKET_CATEGORIES, block=INFO, uitype=15),
        decimal("days", "Days", block=INFO, uitype=1),
        autonumber("ticket_no", "Ticket No", block=INFO),
        boolean("from_portal", "From Portal", editable=False, block=INFO, uitype=56),
        textarea("solution", "Solution", block="LBL_TICKET_RESOLUTION", uitype=19),
    ),
)
