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
