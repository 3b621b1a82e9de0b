"""What every administration page shares: who may open it, the section
menu, and the services' refusals in the reader's language.

The pages call the same services the API calls (``AccessAdmin``, the record
service, the email channel's ``mail.admin``), so a rule checked there holds
here too; the check below only keeps the pages themselves from strangers.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from agent_ui.console.i18n import Translator, _
from agent_ui.console.pages.admin.portal_reasons import PORTAL_REASONS
from agent_ui.console.pages.admin.sla_reasons import SLA_REASONS
from agent_ui.console.reasons import Shape, translate_reason
from agent_ui.console.state import CONSOLE_PREFIX, actor, console, page, translator
from crm_core.access import Actor, Tool
from crm_core.access.admin import AccessAdmin
from crm_core.errors import AccessDenied, InvalidRequest, ValidationFailed

ADMIN_PREFIX = f"{CONSOLE_PREFIX}/admin"

SECTIONS = (
    ("users", _("Users")),
    ("roles", _("Roles")),
    ("profiles", _("Profiles")),
    ("groups", _("Groups")),
    ("sharing", _("Sharing")),
    ("fields", _("Custom fields")),
    ("numbering", _("Numbering")),
    ("mail", _("Mailboxes")),
    ("workflows", _("Workflows")),
    ("sla", _("Service levels")),
    ("portal", _("Portal access")),
    ("webforms", _("Web forms")),
)

ADMIN_REASONS: tuple[Shape, ...] = (
    (re.compile(r"1 to 100 printable characters"), _("must be 1 to 100 printable characters")),
    (re.compile(r"is taken"), _("is taken")),
    (re.compile(r"no such role|no role \S+"), _("no such role")),
    (re.compile(r"no group \S+"), _("no such group")),
    (re.compile(r"no such profile|no profile \S+"), _("no such profile")),
    (re.compile(r"no user \S+"), _("no such user")),
    (re.compile(r"no such field"), _("no such field")),
    (re.compile(r"needed for any other right"), _("is needed for any other right")),
    (
        re.compile(r"a required field cannot be hidden or read-only"),
        _("a required field cannot be hidden or read-only"),
    ),
    (re.compile(r"has no owners to share by"), _("has no owners to share by")),
    (re.compile(r"read or write"), _("must be read or write")),
    (re.compile(r"the top role cannot move"), _("the top role cannot be moved")),
    (re.compile(r"the top role cannot be deleted"), _("the top role cannot be deleted")),
    (
        re.compile(r"cannot be the role itself or one below it"),
        _("cannot be the role itself or one below it"),
    ),
    (re.compile(r"2-100 letters, digits or \. _ @ -"), _("2 to 100 letters, digits or . _ @ -")),
    (
        re.compile(r"must be at least (?P<count>\d+) characters"),
        _("must be at least %(count)s characters"),
    ),
    (re.compile(r"2 to 6 digits"), _("must be 2 to 6 digits")),
    (re.compile(r"the system user is fixed"), _("the system user cannot be changed")),
    (
        re.compile(r"a label of 1 to 100 characters is required"),
        _("a label of 1 to 100 characters is required"),
    ),
    (re.compile(r"must be one of .*"), _("is not one of the allowed values")),
    (
        re.compile(r"a custom field cannot be of type .*"),
        _("a custom field cannot be of this type"),
    ),
    (
        re.compile(r"a list of distinct, non-empty values is needed"),
        _("list distinct, non-empty values, one per line"),
    ),
    (re.compile(r"only picklists have values.*"), _("only picklists have values")),
    (
        re.compile(r"name the modules this field may point to"),
        _("choose the modules it may point to"),
    ),
    (
        re.compile(r"only reference fields have targets"),
        _("only reference fields point to modules"),
    ),
    (re.compile(r"only text fields, 1 to 65535"), _("only text fields, 1 to 65535")),
    (re.compile(r"not a custom field"), _("is not a custom field")),
    (re.compile(r"is not a picklist"), _("is not a picklist")),
    (
        re.compile(r"up to 20 letters, digits or - _ / \."),
        _("up to 20 letters, digits or - _ / ."),
    ),
    (
        re.compile(r"a whole number from (?P<low>\d+) to (?P<high>\d+)"),
        _("a whole number from %(low)s to %(high)s"),
    ),
    (re.compile(r"is a mailbox already"), _("is a mailbox already")),
    (re.compile(r"is declared in the settings file"), _("is declared in the settings file")),
    (re.compile(r"is not a mailbox"), _("is not a mailbox")),
    (re.compile(r"'.*' is not one of .*"), _("is not one of the allowed words")),
    (re.compile(r"has no value to compare with"), _("has no value to compare with")),
    (re.compile(r"longer than \d+ characters"), _("is too long")),
    (re.compile(r"not a regular expression: .*"), _("is not a regular expression")),
    *PORTAL_REASONS,
    *SLA_REASONS,
)


def administrator(request: web.Request) -> Actor:
    """The signed-in user, if they hold the administer tool; anyone else gets
    the console's "not allowed" page."""
    who = actor(request)
    if not console(request).runtime.records.policy.has_tool(who, Tool.ADMINISTER):
        raise AccessDenied(action="administer", module="Administration")
    return who


def access_admin(request: web.Request) -> AccessAdmin:
    return console(request).runtime.access


def admin_page(
    request: web.Request, template: str, section: str, status: int = 200, **context: Any
) -> web.Response:
    return page(
        request,
        template,
        status=status,
        sections=SECTIONS,
        section=section,
        admin=ADMIN_PREFIX,
        **context,
    )


def reason_words(words: Translator, reason: str) -> str:
    return translate_reason(words, reason, ADMIN_REASONS)


def refusals(request: web.Request, exc: ValidationFailed | InvalidRequest) -> dict[str, str]:
    """Field name → reason; a refusal that names no field goes under ``*``."""
    words = translator(request)
    if isinstance(exc, InvalidRequest):
        return {"*": reason_words(words, str(exc.params.get("detail", exc.message)))}
    found: dict[str, str] = {}
    for e in exc.errors:
        text = reason_words(words, e.reason)
        found[e.field] = f"{found[e.field]}; {text}" if e.field in found else text
    return found


def back_to(path: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"{ADMIN_PREFIX}{path}")


def text(form: Any, name: str) -> str:
    return str(form.get(name, "")).strip()


def roles_in_tree(described: dict[str, Any]) -> list[dict[str, Any]]:
    """Roles in tree order (each under its parent), with their depth, for
    indented tables and choosers."""
    ordered = sorted(described["roles"], key=lambda r: [_path_key(p) for p in r["path"]])
    return [r | {"depth": len(r["path"]) - 1} for r in ordered]


def _path_key(role_id: str) -> tuple[int, str]:
    digits = role_id[1:]
    return (int(digits), role_id) if digits.isdigit() else (0, role_id)


def role_options(roles: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(id, name indented by depth) for a role chooser."""
    return [(r["id"], "\u2003" * r["depth"] + r["rolename"]) for r in roles]
