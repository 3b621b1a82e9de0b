"""The workflow channel's refusals of SLA policies and business calendars,
as the administration page says them again in the reader's language (the
service words them in English for the API)."""

from __future__ import annotations

import re

from agent_ui.console.i18n import _
from agent_ui.console.reasons import Shape

SLA_REASONS: tuple[Shape, ...] = (
    (re.compile(r"expected whole minutes.*"), _("expected whole minutes")),
    (
        re.compile(r"a policy needs a first-response or resolution target"),
        _("a policy needs a first-response or resolution target"),
    ),
    (re.compile(r"expected a time zone name.*"), _("is not a known time zone")),
    (
        re.compile(r'expected (a list of )?\["HH:MM", "HH:MM"\].*'),
        _("expected working intervals as HH:MM to HH:MM"),
    ),
    (re.compile(r"working intervals of a day overlap"), _("working intervals of a day overlap")),
    (
        re.compile(r"a calendar needs some working time in the week"),
        _("a calendar needs some working time in the week"),
    ),
    (re.compile(r"expected an object with days .*"), _("expected the days mon to sun")),
    (re.compile(r"no such calendar"), _("no such calendar")),
    (re.compile(r"no active user \d+"), _("no such user")),
    (
        re.compile(r"is used by SLA policy (?P<policy>\d+)"),
        _("is used by SLA policy %(policy)s"),
    ),
    (re.compile(r"expected user_id or group_id.*"), _("expected a user or a group, one of them")),
    (re.compile(r"expected a whole number from 0.*"), _("expected a whole number from 0")),
)
