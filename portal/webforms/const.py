"""Names and limits web forms share between their modules."""

from __future__ import annotations

from typing import Final

from crm_core.metadata.fields import FieldType

TARGET_MODULES: Final = ("Leads", "Contacts", "HelpDesk")
"""What a web form can make: vtiger offers more, the contact center needs these."""

SOURCE: Final = "webform"
"""The ``source`` of every record a submission creates."""

ROUTE_PREFIX: Final = "/portal/forms"

HONEYPOT: Final = "homepage"
"""A field people never see (CSS moves it off screen) and bots fill in."""

CHALLENGE_TOKEN: Final = "sb_challenge"
CHALLENGE_ANSWER: Final = "sb_answer"

CONTACT_EMAIL: Final = "contact_email"
CONTACT_NAME: Final = "contact_name"
TICKET_VISITOR_FIELDS: Final = (CONTACT_EMAIL, CONTACT_NAME)
"""A ticket form asks who is writing: the ticket is filed under that contact."""

SHOWN_TYPES: Final = frozenset(
    {
        FieldType.TEXT,
        FieldType.TEXTAREA,
        FieldType.INTEGER,
        FieldType.DECIMAL,
        FieldType.CURRENCY,
        FieldType.PERCENT,
        FieldType.DATE,
        FieldType.DATETIME,
        FieldType.BOOLEAN,
        FieldType.EMAIL,
        FieldType.PHONE,
        FieldType.URL,
        FieldType.PICKLIST,
        FieldType.MULTIPICKLIST,
    }
)
"""Field types a visitor can fill in; references and owners only take a
hidden default, since a visitor cannot know the CRM's record ids."""

MAX_FORM_FIELDS: Final = 60
MAX_LABEL_LENGTH: Final = 100
MAX_NAME_LENGTH: Final = 100
MAX_THANK_YOU_LENGTH: Final = 2000
RECENT_LIMIT: Final = 200


class Outcome:
    """What became of a submission, as the submission log says it."""

    CREATED: Final = "created"
    UPDATED: Final = "updated"
    """An existing record of the form's module had empty fields the submission filled."""
    LINKED: Final = "linked"
    """An existing lead or contact matched; the submission was noted on it."""
    SPAM: Final = "spam"
    REJECTED: Final = "rejected"
