"""Russian and English for the public pages: one small Babel catalog.

The catalog is read from its ``.po`` file and compiled in memory at start,
as the console does with its own; English is the source language. The
language follows the visitor's ``Accept-Language``, else the installation's
default. A refused value's reason is shown in the visitor's words: the
record service explains in English for developers, so it is mapped here by
the kind of problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.support import NullTranslations

from crm_core.languages import LANGUAGES, compile_catalog, negotiate
from crm_core.metadata.fields import FieldType
from portal.webforms import challenge
from portal.webforms.checks import MARKUP_REASON

CATALOG = Path(__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "webforms.po"


def _(message: str) -> str:
    """Marks a message for extraction; ``Translator.gettext`` translates it."""
    return message


def load_catalog(path: Path = CATALOG) -> NullTranslations:
    return compile_catalog(path, "ru")


@dataclass(frozen=True)
class Translator:
    language: str
    messages: NullTranslations

    def gettext(self, message: str) -> str:
        return self.messages.gettext(message)


LENGTH_RE = re.compile(r"is (\d+) characters long, at most (\d+) allowed")

BY_REASON = {
    "is required": _("Please fill in this field."),
    "unknown field": _("This form has no such field."),
    "contains control characters": _("Contains characters that are not allowed."),
    MARKUP_REASON: _("Plain text only: markup such as <tags> is not accepted."),
    challenge.WRONG: _("That is not the right answer; try again."),
    challenge.EXPIRED: _("The question has expired; please answer the new one."),
    challenge.MISSING: _("Please answer the question."),
}
BY_TYPE = {
    FieldType.EMAIL: _("Enter an email address, such as name@example.com."),
    FieldType.PHONE: _("Enter a phone number, such as +7 495 123-45-67."),
    FieldType.URL: _("Enter a web address starting with http:// or https://."),
    FieldType.PICKLIST: _("Choose one of the offered values."),
    FieldType.MULTIPICKLIST: _("Choose among the offered values."),
    FieldType.INTEGER: _("Enter a whole number."),
    FieldType.DECIMAL: _("Enter a number."),
    FieldType.CURRENCY: _("Enter an amount."),
    FieldType.PERCENT: _("Enter a percentage."),
    FieldType.DATE: _("Enter a date as YYYY-MM-DD."),
    FieldType.DATETIME: _("Enter a date and time."),
    FieldType.BOOLEAN: _("Tick the box or leave it empty."),
}
TOO_LONG = _("Too long: at most %(limit)s characters.")
INVALID = _("This value is not accepted.")


class Languages:
    def __init__(self, default: str) -> None:
        self.default = default if default in LANGUAGES else "ru"
        self.translators = {
            "ru": Translator("ru", load_catalog()),
            "en": Translator("en", NullTranslations()),
        }

    def choose(self, accept_language: str) -> Translator:
        return self.translators[negotiate(accept_language, self.default)]

    def get(self, language: str | None) -> Translator:
        return self.translators.get(language or "", self.translators[self.default])


def explain(t: Translator, reason: str, field_type: FieldType | None) -> str:
    """A refused value's reason for a visitor, in their language."""
    if reason in BY_REASON:
        return t.gettext(BY_REASON[reason])
    if found := LENGTH_RE.fullmatch(reason):
        return t.gettext(TOO_LONG) % {"limit": found.group(2)}
    if field_type is not None and field_type in BY_TYPE:
        return t.gettext(BY_TYPE[field_type])
    return t.gettext(INVALID)
