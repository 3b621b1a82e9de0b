"""The record service's reasons for refusing a value, in the reader's language.

The service words its reasons in English for the API, where they are part
of the contract. The console recognises their shapes and says them again
through the catalog; a reason it does not know is shown as it came.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent_ui.console.i18n import Translator, _
from crm_core.portal_logins import LOGIN_TAKEN

Shape = tuple[re.Pattern[str], str]
"""A reason's pattern and the catalog message that says it again."""

SHAPES: tuple[Shape, ...] = (
    (re.compile(r"is required"), _("is required")),
    (re.compile(r"is read-only"), _("cannot be changed")),
    (re.compile(r"unknown field"), _("is not a field of this module")),
    (re.compile(r"contains control characters"), _("contains control characters")),
    (
        re.compile(r"is (?P<length>\d+) characters long, at most (?P<limit>\d+) allowed"),
        _("is %(length)s characters long; at most %(limit)s are allowed"),
    ),
    (re.compile(r"expected a whole number.*"), _("expected a whole number")),
    (re.compile(r"is out of range|is too large"), _("is too large")),
    (re.compile(r"expected a number.*|must be a finite number"), _("expected a number")),
    (re.compile(r"is not a sensible percentage"), _("is not a sensible percentage")),
    (re.compile(r"expected a date as YYYY-MM-DD.*"), _("expected a date")),
    (re.compile(r"expected a date and time.*"), _("expected a date and time")),
    (re.compile(r"expected true or false.*"), _("expected yes or no")),
    (re.compile(r".* is not an email address"), _("is not an email address")),
    (re.compile(r".* is not a web address"), _("is not a web address")),
    (re.compile(r".* is not one of the allowed values"), _("is not one of the allowed values")),
    (re.compile(r"too many values"), _("has too many values")),
    (re.compile(r".* is not a record id"), _("is not a record number")),
    (re.compile(r"record \d+ does not exist"), _("points to a record that does not exist")),
    (
        re.compile(r"record \d+ is a .* record, expected .*"),
        _("points to the wrong kind of record"),
    ),
    (re.compile(r"no user or group has id \d+"), _("no such user or group")),
    (re.compile(r".*phone number.*"), _("is not a valid phone number")),
    (re.compile(re.escape(LOGIN_TAKEN)), _("is already another customer's sign-in to the portal")),
)


def translate_reason(words: Translator, reason: str, first: Sequence[Shape] = ()) -> str:
    """``reason`` in the reader's language: the shapes of ``first`` (an
    area's own refusals) are tried before the record service's."""
    for pattern, message in (*first, *SHAPES):
        found = pattern.fullmatch(reason)
        if found:
            return words.gettext(message) % found.groupdict()
    return reason
