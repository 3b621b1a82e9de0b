"""The portal channel's refusals about portal access and web forms, as
the administration pages say them again in the reader's language (the
service words them in English for the API)."""

from __future__ import annotations

import re

from agent_ui.console.i18n import _
from agent_ui.console.reasons import Shape

PORTAL_REASONS: tuple[Shape, ...] = (
    (
        re.compile(r"is needed as the login"),
        _("has no email address, which would be the customer's login"),
    ),
    (re.compile(r".* has access already"), _("has portal access already")),
    (re.compile(r".* is not an address"), _("has an email address that cannot be a login")),
    (re.compile(r"access was revoked; grant it again"), _("access is off: switch it on first")),
    (re.compile(r"language must be one of .*"), _("is not a language the portal speaks")),
    (re.compile(r"must be plain text: markup .*"), _("must be plain text, without <tags>")),
    (
        re.compile(r"must be an http:// or https:// address"),
        _("must be an http:// or https:// address"),
    ),
    (
        re.compile(r"contains spaces or control characters"),
        _("contains spaces or control characters"),
    ),
    (
        re.compile(r"is longer than (?P<limit>\d+) characters"),
        _("is longer than %(limit)s characters"),
    ),
    (re.compile(r"is already used by another form"), _("is already used by another form")),
    (re.compile(r"is not a user or group"), _("no such user or group")),
    (re.compile(r"must be a user's or group's id"), _("no such user or group")),
    (re.compile(r"must be a non-empty list"), _("put at least one field on the form")),
    (
        re.compile(r"at most (?P<count>\d+) fields allowed"),
        _("at most %(count)s fields fit on a form"),
    ),
    (re.compile(r"is not a field \S+ records can take"), _("cannot be put on this form")),
    (re.compile(r"is set by the form itself"), _("is filled in by the form itself")),
    (re.compile(r"is on the form twice"), _("is on the form twice")),
    (
        re.compile(r"a hidden field needs a default value"),
        _("a hidden field needs a default value"),
    ),
    (
        re.compile(r"a visitor cannot fill this field: hide it"),
        _("a visitor cannot fill this field: make it hidden with a default value"),
    ),
    (
        re.compile(r"(?P<module>\w+) requires (?P<field>\w+): put it on the form .*"),
        _("%(module)s records need the field %(field)s: put it on the form or give it a default"),
    ),
)
