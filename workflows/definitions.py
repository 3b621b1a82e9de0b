"""What a workflow is, and the checks an administrator's declaration passes.

A workflow arrives as JSON (API, admin page) and is stored as JSON; it is
checked against the module declarations when it is saved, so a rule naming a
field that does not exist is refused with an error naming the part that is
wrong, never found out when the rule fires.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crm_core.catalog import Catalog
from crm_core.errors import FieldError, UnknownModule, ValidationFailed
from crm_core.languages import LANGUAGES
from crm_core.metadata.fields import FieldType
from crm_core.metadata.module import Module

TRIGGERS = ("create", "save", "change", "date", "schedule")
OPERATORS = (
    "is",
    "is_not",
    "contains",
    "starts_with",
    "greater",
    "less",
    "between",
    "empty",
    "not_empty",
    "changed",
    "changed_to",
    "within_last_days",
)
NO_VALUE = frozenset({"empty", "not_empty", "changed"})
ACTIONS = ("update_fields", "create_record", "send_email", "notify", "webhook", "assign")
EVERY = ("daily", "weekly", "monthly")
STRATEGIES = ("round_robin", "least_loaded")
DATE_TYPES = frozenset({FieldType.DATE, FieldType.DATETIME})
TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Workflow:
    id: int
    module: str
    name: str
    trigger: dict[str, Any]
    conditions: dict[str, Any]
    actions: list[dict[str, Any]]
    active: bool = True
    description: str = ""
    secret: str = ""
    created_by: int | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def kind(self) -> str:
        return str(self.trigger["type"])

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "module": self.module,
            "name": self.name,
            "description": self.description,
            "active": self.active,
            "trigger": self.trigger,
            "conditions": self.conditions,
            "actions": self.actions,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


@dataclass
class Checker:
    """Collects every problem of a declaration, so one answer lists them all."""

    catalog: Catalog
    errors: list[FieldError] = field(default_factory=list)

    def fail(self, where: str, reason: str) -> None:
        self.errors.append(FieldError(where, reason))

    def module(self, where: str, name: Any) -> Module | None:
        if not isinstance(name, str):
            self.fail(where, "expected a module name")
            return None
        try:
            return self.catalog.module(name)
        except UnknownModule:
            self.fail(where, f"no module {name!r}")
            return None

    def field_path(self, where: str, module: Module, path: Any) -> FieldType | None:
        """A field of ``module``, or ``reference.field`` of the record it points at."""
        if not isinstance(path, str) or not path:
            self.fail(where, "expected a field name")
            return None
        head, _, tail = path.partition(".")
        f = module.field(head)
        if f is None:
            self.fail(where, f"{module.name} has no field {head!r}")
            return None
        if not tail:
            return f.type
        if f.type is not FieldType.REFERENCE:
            self.fail(where, f"{head!r} is not a reference to another record")
            return None
        for target in f.targets:
            other = self.catalog.modules.get(target)
            if other is not None and other.field(tail) is not None:
                return other.by_name[tail].type
        self.fail(where, f"no module {head!r} points at has a field {tail!r}")
        return None


def check_workflow(catalog: Catalog, data: Mapping[str, Any]) -> dict[str, Any]:
    """The declaration's stored form, or ValidationFailed naming every problem."""
    c = Checker(catalog)
    module = c.module("module", data.get("module"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        c.fail("name", "expected a name of 1 to 200 characters")
    description = data.get("description", "")
    if not isinstance(description, str):
        c.fail("description", "expected text")
    active = data.get("active", True)
    if not isinstance(active, bool):
        c.fail("active", "expected true or false")
    if module is None:
        raise ValidationFailed("workflow", c.errors)
    trigger = _check_trigger(c, module, data.get("trigger"))
    conditions = data.get("conditions") or {"all": []}
    _check_group(c, module, conditions, "conditions")
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        c.fail("actions", "expected a list of at least one action")
        actions = []
    for i, action in enumerate(actions):
        _check_action(c, module, action, f"actions[{i}]")
    if c.errors:
        raise ValidationFailed("workflow", c.errors)
    return {
        "module": module.name,
        "name": str(name).strip(),
        "description": description,
        "active": active,
        "trigger": trigger,
        "conditions": conditions,
        "actions": actions,
    }


def _check_trigger(c: Checker, module: Module, trigger: Any) -> dict[str, Any]:
    if not isinstance(trigger, dict) or trigger.get("type") not in TRIGGERS:
        c.fail("trigger.type", f"expected one of {', '.join(TRIGGERS)}")
        return {}
    kind = trigger["type"]
    if kind == "change":
        c.field_path("trigger.field", module, trigger.get("field"))
        if "." in str(trigger.get("field", "")):
            c.fail("trigger.field", "a change is watched on the module's own fields")
    elif kind == "date":
        ftype = c.field_path("trigger.field", module, trigger.get("field"))
        if ftype is not None and ftype not in DATE_TYPES:
            c.fail("trigger.field", "expected a date or date-and-time field")
        if "." in str(trigger.get("field", "")):
            c.fail("trigger.field", "the date is one of the module's own fields")
        offset = trigger.get("offset_minutes", 0)
        if not _whole(offset) or abs(offset) > 366 * 24 * 60:
            c.fail("trigger.offset_minutes", "expected whole minutes within a year")
        _check_time(c, "trigger.at", trigger.get("at", "00:00"))
    elif kind == "schedule":
        every = trigger.get("every")
        if every not in EVERY:
            c.fail("trigger.every", f"expected one of {', '.join(EVERY)}")
        _check_time(c, "trigger.at", trigger.get("at"))
        if every == "weekly" and not (
            _whole(trigger.get("weekday")) and 0 <= trigger["weekday"] <= 6
        ):
            c.fail("trigger.weekday", "expected 0 (Monday) to 6 (Sunday)")
        if every == "monthly" and not (_whole(trigger.get("day")) and 1 <= trigger["day"] <= 31):
            c.fail("trigger.day", "expected a day of the month, 1 to 31")
    return dict(trigger)


def _check_time(c: Checker, where: str, value: Any) -> None:
    if not isinstance(value, str) or not TIME_OF_DAY.match(value):
        c.fail(where, "expected a time of day as HH:MM")


def check_conditions(c: Checker, module: Module, group: Any, where: str) -> None:
    """Check a condition group of ``module`` into ``c`` (SLA policies ask
    the same conditions as workflows)."""
    _check_group(c, module, group, where)


def _check_group(c: Checker, module: Module, group: Any, where: str) -> None:
    if not isinstance(group, dict) or len(group) != 1 or next(iter(group)) not in ("all", "any"):
        c.fail(where, 'expected {"all": [...]} or {"any": [...]}')
        return
    key = next(iter(group))
    items = group[key]
    if not isinstance(items, list):
        c.fail(f"{where}.{key}", "expected a list of conditions")
        return
    for i, item in enumerate(items):
        at = f"{where}.{key}[{i}]"
        if isinstance(item, dict) and ("all" in item or "any" in item):
            _check_group(c, module, item, at)
        else:
            _check_condition(c, module, item, at)


def _check_condition(c: Checker, module: Module, cond: Any, where: str) -> None:
    if not isinstance(cond, dict):
        c.fail(where, "expected a condition")
        return
    c.field_path(f"{where}.field", module, cond.get("field"))
    op = cond.get("op")
    if op not in OPERATORS:
        c.fail(f"{where}.op", f"expected one of {', '.join(OPERATORS)}")
        return
    if op == "between":
        values = cond.get("value")
        if not isinstance(values, list) or len(values) != 2:
            c.fail(f"{where}.value", "expected [lowest, highest]")
    elif op == "within_last_days":
        if not _whole(cond.get("value")) or cond["value"] < 0:
            c.fail(f"{where}.value", "expected a number of days")
    elif op not in NO_VALUE and "value" not in cond:
        c.fail(f"{where}.value", "a value is required")
    if op in ("changed", "changed_to") and "." in str(cond.get("field", "")):
        c.fail(f"{where}.field", "changes are known for the module's own fields")


def _check_action(c: Checker, module: Module, action: Any, where: str) -> None:
    if not isinstance(action, dict) or action.get("type") not in ACTIONS:
        c.fail(f"{where}.type", f"expected one of {', '.join(ACTIONS)}")
        return
    kind = action["type"]
    if kind == "update_fields":
        _check_values(c, module, module, action.get("values"), f"{where}.values")
    elif kind == "create_record":
        target = c.module(f"{where}.module", action.get("module"))
        if target is not None:
            _check_values(c, target, module, action.get("values"), f"{where}.values")
    elif kind == "send_email":
        to = action.get("to")
        if not isinstance(to, str) or not to:
            c.fail(f"{where}.to", "expected owner, field:<name> or an address")
        elif to.startswith("field:"):
            c.field_path(f"{where}.to", module, to.removeprefix("field:"))
        elif to != "owner" and "@" not in to:
            c.fail(f"{where}.to", "expected owner, field:<name> or an address")
        language_field = action.get("language_field")
        if language_field is not None:
            c.field_path(f"{where}.language_field", module, language_field)
        _check_texts(c, action.get("templates"), f"{where}.templates", ("subject", "body"))
    elif kind == "notify":
        for key in ("users", "groups"):
            ids = action.get(key, [])
            if not isinstance(ids, list) or not all(_whole(i) for i in ids):
                c.fail(f"{where}.{key}", "expected a list of ids")
        if not (action.get("users") or action.get("groups") or action.get("owner")):
            c.fail(where, "name users, groups or the owner to notify")
        message = action.get("message")
        if not isinstance(message, dict) or not any(
            isinstance(message.get(lang), str) for lang in LANGUAGES
        ):
            c.fail(f"{where}.message", "expected the notice's text per language (ru, en)")
    elif kind == "webhook":
        check_webhook_url(c, action.get("url"), f"{where}.url")
    elif kind == "assign":
        if not _whole(action.get("group_id")):
            c.fail(f"{where}.group_id", "expected a group's id")
        if action.get("strategy", "round_robin") not in STRATEGIES:
            c.fail(f"{where}.strategy", f"expected one of {', '.join(STRATEGIES)}")
        if not module.owned:
            c.fail(where, f"{module.name} records have no owner")


def _check_texts(c: Checker, templates: Any, where: str, parts: tuple[str, ...]) -> None:
    if not isinstance(templates, dict) or not templates:
        c.fail(where, "expected templates per language (ru, en)")
        return
    for lang, parts_of in templates.items():
        if lang not in LANGUAGES:
            c.fail(f"{where}.{lang}", f"expected one of {', '.join(LANGUAGES)}")
            continue
        if not isinstance(parts_of, dict) or not all(
            isinstance(parts_of.get(p), str) for p in parts
        ):
            c.fail(f"{where}.{lang}", f"expected {', '.join(parts)} as text")


def _check_values(c: Checker, target: Module, source: Module, values: Any, where: str) -> None:
    """Values to set on ``target``: literals, ``{"field": ...}`` of ``source``
    (``id`` is its record id) or ``{"expr": ...}``."""
    if not isinstance(values, dict) or not values:
        c.fail(where, "expected the fields to set")
        return
    for name, spec in values.items():
        f = target.field(name)
        if f is None:
            c.fail(f"{where}.{name}", f"{target.name} has no field {name!r}")
        elif not f.editable:
            c.fail(f"{where}.{name}", "is set by the system")
        if isinstance(spec, dict):
            if "field" in spec and spec["field"] != "id":
                c.field_path(f"{where}.{name}.field", source, spec["field"])
            elif "expr" in spec:
                if not isinstance(spec["expr"], str) or not spec["expr"].strip():
                    c.fail(f"{where}.{name}.expr", "expected an expression")
            elif "field" not in spec:
                c.fail(f"{where}.{name}", 'expected a value, {"field": ...} or {"expr": ...}')


def check_webhook_url(c: Checker, url: Any, where: str) -> None:
    if not isinstance(url, str):
        c.fail(where, "expected an http or https address")
        return
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        c.fail(where, "expected an http or https address")


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
