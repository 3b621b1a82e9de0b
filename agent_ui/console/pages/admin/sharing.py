"""Sharing: each owned module's organisation-wide default, and rules that
open one role's or group's records to another role or group."""

from __future__ import annotations

import contextlib
from typing import Any

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.pages.admin.common import (
    access_admin,
    admin_page,
    administrator,
    back_to,
    refusals,
    roles_in_tree,
    text,
)
from agent_ui.console.state import console, translator
from crm_core.errors import NotFound, ValidationFailed
from crm_core.metadata.module import Module

routes = web.RouteTableDef()

LEVEL_WORDS = {
    "private": _("Private"),
    "public_read": _("Public: read only"),
    "public_write": _("Public: read and write"),
}
RULE_ACCESS_WORDS = {"read": _("Read only"), "write": _("Read and write")}
KIND_WORDS = {
    "role": _("Role: %(name)s"),
    "role_sub": _("Role and subordinates: %(name)s"),
    "group": _("Group: %(name)s"),
}
DEFAULT_LEVEL = "public_write"


def _owned(request: web.Request) -> list[Module]:
    return [m for m in console(request).runtime.records.catalog.modules.values() if m.owned]


def _parties(described: dict[str, Any], request: web.Request) -> list[tuple[str, str]]:
    """Who a rule can name, as ``kind:id`` → words."""
    words = translator(request)
    found: list[tuple[str, str]] = []
    for r in roles_in_tree(described):
        for kind in ("role", "role_sub"):
            named = words.gettext(KIND_WORDS[kind]) % {"name": r["rolename"]}
            found.append((f"{kind}:{r['id']}", named))
    for g in described["groups"]:
        named = words.gettext(KIND_WORDS["group"]) % {"name": g["groupname"]}
        found.append((f"group:{g['id']}", named))
    return found


async def _sharing_page(
    request: web.Request,
    levels: dict[str, str] | None = None,
    shown: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    described = await access_admin(request).describe(administrator(request))
    parties = _parties(described, request)
    words = translator(request)
    return admin_page(
        request,
        "admin/sharing.html",
        "sharing",
        status=status,
        modules=_owned(request),
        levels={m.name: described["sharing"].get(m.name, DEFAULT_LEVEL) for m in _owned(request)}
        | (levels or {}),
        level_words=LEVEL_WORDS,
        rules=described["rules"],
        parties=parties,
        party_words=dict(parties),
        access_words=RULE_ACCESS_WORDS,
        module_choices=[(m.name, words.label(m.label)) for m in _owned(request)],
        access_choices=[(k, words.gettext(v)) for k, v in RULE_ACCESS_WORDS.items()],
        shown=shown or {},
        errors=errors or {},
        saved=request.query.get("saved"),
    )


@routes.get("/admin/sharing")
async def sharing(request: web.Request) -> web.StreamResponse:
    return await _sharing_page(request)


@routes.post("/admin/sharing")
async def save_defaults(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    described = await access_admin(request).describe(who)
    form = await request.post()
    chosen = {m.name: text(form, m.name) or DEFAULT_LEVEL for m in _owned(request)}
    errors: dict[str, str] = {}
    for name, level in chosen.items():
        if level == described["sharing"].get(name, DEFAULT_LEVEL):
            continue
        try:
            await access_admin(request).set_org_sharing(who, name, level)
        except ValidationFailed as exc:
            errors[name] = "; ".join(refusals(request, exc).values())
    if errors:
        return await _sharing_page(request, levels=chosen, errors=errors, status=422)
    raise back_to("/sharing?saved=1")


def _party(raw: str) -> tuple[str, str]:
    kind, _sep, ident = raw.partition(":")
    return kind, ident


@routes.post("/admin/sharing/rules")
async def add_rule(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    shown = {n: text(form, n) for n in ("module", "source", "target", "access")}
    try:
        await access_admin(request).add_sharing_rule(
            who,
            shown["module"],
            source=_party(shown["source"]),
            target=_party(shown["target"]),
            access=shown["access"],
        )
    except ValidationFailed as exc:
        return await _sharing_page(request, shown=shown, errors=refusals(request, exc), status=422)
    raise back_to("/sharing?saved=1")


@routes.post("/admin/sharing/rules/{rule:\\d+}/remove")
async def remove_rule(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    # Removed already (perhaps in another tab): the page shows what is left.
    with contextlib.suppress(NotFound):
        await access_admin(request).remove_sharing_rule(who, int(request.match_info["rule"]))
    raise back_to("/sharing")
