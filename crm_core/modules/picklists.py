"""Picklist values shared by several modules, as vtiger ships them.

Values stay in English, as vtiger stores them; the interface translates them.
"""

SALUTATIONS = ("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.")
LEAD_SOURCES = (
    "Cold Call",
    "Existing Customer",
    "Self Generated",
    "Employee",
    "Partner",
    "Public Relations",
    "Direct Mail",
    "Conference",
    "Trade Show",
    "Web Site",
    "Word of mouth",
    "Other",
)
INDUSTRIES = (
    "Apparel",
    "Banking",
    "Biotechnology",
    "Chemicals",
    "Communications",
    "Construction",
    "Consulting",
    "Education",
    "Electronics",
    "Energy",
    "Engineering",
    "Entertainment",
    "Environmental",
    "Finance",
    "Food & Beverage",
    "Government",
    "Healthcare",
    "Hospitality",
    "Insurance",
    "Machinery",
    "Manufacturing",
    "Media",
    "Not For Profit",
    "Recreation",
    "Retail",
    "Shipping",
    "Technology",
    "Telecommunications",
    "Transportation",
    "Utilities",
    "Other",
)
RATINGS = ("Acquired", "Active", "Market Failed", "Project Cancelled", "Shutdown")
"""Leads and organizations (vtiger's ``rating``)."""

CARRIERS = ("FedEx", "UPS", "USPS", "DHL", "BlueDart")
"""Shipping carriers of quotes, sales orders and purchase orders."""

GL_ACCOUNTS = (
    "300-Sales-Software",
    "301-Sales-Hardware",
    "302-Rental-Income",
    "303-Interest-Income",
    "304-Sales-Software-Support",
    "305-Sales Other",
    "306-Internet Sales",
    "307-Service-Hardware Labor",
    "308-Sales-Books",
)
"""General-ledger accounts of products and vendors."""

INVOICE_STATUSES = (
    "AutoCreated",
    "Created",
    "Cancel",
    "Approved",
    "Sent",
    "Credit Invoice",
    "Paid",
)
"""Invoice status; a recurring sales order gives it to the invoices it creates."""

TAX_TYPES = ("individual", "group")
"""Tax mode of an inventory document: taxes per line, or on the document total."""

SERVICE_UNITS = ("Hours", "Days", "Incidents")
"""What a service is sold by and what a service contract counts."""

PROJECT_TYPES = ("administrative", "operative", "other")
PROJECT_PRIORITIES = ("low", "normal", "high")
PROGRESS_STEPS = ("10%", "20%", "30%", "40%", "50%", "60%", "70%", "80%", "90%", "100%")
"""Progress of projects and project tasks, in vtiger's ten steps."""

TASK_PRIORITIES = ("High", "Medium", "Low")
"""Priority of calendar activities (events and tasks)."""

VISIBILITIES = ("Private", "Public")
"""Whether other users see a calendar activity's details."""
