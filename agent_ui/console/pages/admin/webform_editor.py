"""The web form editor's HTML form, read into what ``portal.webforms``
takes, and the service's refusals put back beside the row they name.

The editor shows one row per field a form of the module may hold (the
service lists them, custom fields included): a box to put it on the form,
its label, whether the visitor must fill it, and a hidden default. Rows of
an existing form come first, in the form's order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from agent_ui.console.pages.admin.common import refusals, text
from crm_core.errors import InvalidRequest, ValidationFailed
from crm_core.metadata.fields import MULTIPICKLIST_SEPARATOR

SETTINGS = ("name", "description", "thank_you", "return_url")
FLAGS = ("enabled", "challenge")
ROW_ERROR = re.compile(r"fields\[(?P<index>\d+)\](?:\.\w+)?")


@dataclass
class Row:
    """One field of the module as the editor shows it."""

    field: str
    label: str
    type: str
    visible: bool
    needed: bool
    custom: bool
    use: bool = False
    title: str = ""
    required: bool = False
    hidden: bool = False
    default: str = ""


@dataclass
class Edited:
    """What the editor holds: the settings as typed, the rows, and the
    order in which the chosen rows were sent (to place refusals)."""

    shown: dict[str, Any]
    rows: list[Row]
    sent: list[str] = field(default_factory=list)


def rows_for(
    choices: list[dict[str, Any]],
    fields: list[dict[str, Any]],
    label: Callable[[str], str],
) -> list[Row]:
    """The module's choosable fields as rows, filled in from a form's
    ``fields`` (its own first, in order). A field not on the form offers its
    label in the reader's language (``label``), so the visitors read what the
    administrator saw when ticking it."""
    on_form = {f["field"]: f for f in fields}
    order = [f["field"] for f in fields] + [c["field"] for c in choices]
    rank = {name: order.index(name) for name in order}
    rows: list[Row] = []
    for c in sorted(choices, key=lambda c: rank[c["field"]]):
        row = Row(
            c["field"], c["label"], c["type"], c["visible"], c["needed"], bool(c.get("custom"))
        )
        mine = on_form.get(c["field"])
        row.title = label(c["label"])
        if mine is not None:
            row.use = True
            row.title = mine["label"]
            row.required, row.hidden = mine["required"], mine["hidden"]
            row.default = _as_text(mine["default"])
        rows.append(row)
    return rows


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return MULTIPICKLIST_SEPARATOR.join(map(str, value))
    return str(value)


def settings_shown(form: dict[str, Any]) -> dict[str, Any]:
    """A stored form's settings as the editor's inputs show them."""
    shown = {k: form.get(k) or "" for k in SETTINGS}
    shown |= {k: bool(form.get(k)) for k in FLAGS}
    shown["owner_id"] = str(form.get("owner_id") or "")
    return shown


def read_editor(form: Any, choices: list[dict[str, Any]], label: Callable[[str], str]) -> Edited:
    """The posted editor, rows in the order they were shown."""
    shown: dict[str, Any] = {k: text(form, k) for k in SETTINGS}
    shown["description"] = str(form.get("description", "")).strip()
    shown["thank_you"] = str(form.get("thank_you", "")).strip()
    shown |= {k: form.get(k) == "on" for k in FLAGS}
    shown["owner_id"] = text(form, "owner_id")
    chosen = set(form.getall("use", []))
    by_name = {c["field"]: c for c in choices}
    rows: list[Row] = []
    for name in form.getall("row", []):
        c = by_name.get(name)
        if c is None or any(r.field == name for r in rows):
            continue
        rows.append(
            Row(
                name,
                c["label"],
                c["type"],
                c["visible"],
                c["needed"],
                bool(c.get("custom")),
                use=name in chosen,
                title=text(form, f"label.{name}"),
                required=form.get(f"required.{name}") == "on",
                hidden=form.get(f"hidden.{name}") == "on",
                default=text(form, f"default.{name}"),
            )
        )
    rows += [r for r in rows_for(choices, [], label) if r.field not in {x.field for x in rows}]
    return Edited(shown, rows)


def payload_of(edited: Edited, *, module: str | None) -> dict[str, Any]:
    """The service's ``create`` (with ``module``) or ``update`` settings."""
    s = edited.shown
    payload: dict[str, Any] = {k: s[k] for k in (*SETTINGS, *FLAGS)}
    if module is not None:
        payload["module"] = module
    if s["owner_id"].isdigit() and len(s["owner_id"]) <= 9:
        payload["owner_id"] = int(s["owner_id"])
    fields: list[dict[str, Any]] = []
    edited.sent = []
    for r in edited.rows:
        if not r.use:
            continue
        entry: dict[str, Any] = {"field": r.field, "required": r.required, "hidden": r.hidden}
        if r.title:
            entry["label"] = r.title
        if r.default:
            entry["default"] = r.default
        fields.append(entry)
        edited.sent.append(r.field)
    payload["fields"] = fields
    return payload


def placed(
    request: web.Request, exc: ValidationFailed | InvalidRequest, edited: Edited
) -> dict[str, str]:
    """The refusals keyed for the editor: a setting's name, ``row.<field>``
    for one field's row, ``fields`` for the list as a whole, ``*`` else."""
    placed_errors: dict[str, str] = {}
    if isinstance(exc, InvalidRequest):
        return refusals(request, exc)
    for key, reason in refusals(request, exc).items():
        found = ROW_ERROR.fullmatch(key)
        if found and int(found["index"]) < len(edited.sent):
            target = f"row.{edited.sent[int(found['index'])]}"
        elif key in (*SETTINGS, *FLAGS, "owner_id", "fields", "module"):
            target = key
        else:
            target = "*"
        placed_errors[target] = (
            f"{placed_errors[target]}; {reason}" if target in placed_errors else reason
        )
    return placed_errors
