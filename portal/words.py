"""Picklist values as customers read them, marked for the portal's catalog.

The values are stored in English (vtiger's); the portal shows each in the
reader's language through ``Translator.gettext``.
"""

from __future__ import annotations

from portal.i18n import _

TICKET_STATUSES = (_("Open"), _("In Progress"), _("Wait For Response"), _("Closed"))
TICKET_PRIORITIES = (_("Low"), _("Normal"), _("High"), _("Urgent"))
TICKET_CATEGORIES = (_("Big Problem"), _("Small Problem"), _("Other Problem"))
SALES_STATUSES = (
    _("Created"), _("Delivered"), _("Reviewed"), _("Accepted"), _("Rejected"),
    _("Approved"), _("Cancelled"), _("AutoCreated"), _("Cancel"), _("Sent"),
    _("Credit Invoice"), _("Paid"),
)  # fmt: skip
CONTACT_FIELDS = {
    "salutationtype": _("Salutation"),
    "firstname": _("First name"),
    "lastname": _("Last name"),
    "title": _("Job title"),
    "department": _("Department"),
    "phone": _("Office phone"),
    "mobile": _("Mobile phone"),
    "homephone": _("Home phone"),
    "otherphone": _("Other phone"),
    "fax": _("Fax"),
    "email": _("Email"),
    "secondaryemail": _("Secondary email"),
    "mailingstreet": _("Street"),
    "mailingpobox": _("PO box"),
    "mailingcity": _("City"),
    "mailingstate": _("Region"),
    "mailingzip": _("Postal code"),
    "mailingcountry": _("Country"),
    "otherstreet": _("Other street"),
    "otherpobox": _("Other PO box"),
    "othercity": _("Other city"),
    "otherstate": _("Other region"),
    "otherzip": _("Other postal code"),
    "othercountry": _("Other country"),
    "birthday": _("Birthday"),
    "assistant": _("Assistant"),
    "assistantphone": _("Assistant's phone"),
    "donotcall": _("Do not call me"),
    "emailoptout": _("No marketing email"),
}
"""Every field ``portal.contact_fields`` may name, with its label."""
