"""Administrators' templates and expressions, in Jinja2's sandbox.

Email subjects and bodies, notice texts and field expressions
(``due_date + days(3)``, ``amount * 1.2``) are written by administrators and
run inside the hub, so they run in a sandboxed environment: no attribute of
Python's internals is reachable, and a template that fails reports its error
instead of breaking the run's other actions' transaction unnoticed.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from crm_core.errors import InvalidRequest
from crm_core.records.model import Record


class Templates:
    def __init__(self, time_zone: str) -> None:
        self.zone = zoneinfo.ZoneInfo(time_zone)
        self.env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)

    def names(self, record: Record) -> dict[str, Any]:
        """What a template or expression sees: the record's fields by name,
        ``record`` (its JSON form with ``id`` and ``label``), ``today``, ``now``
        and ``days``/``hours``/``minutes``, which win over fields of those
        names (HelpDesk has ``days`` and ``hours``; ``record.days`` reads them)."""
        now = dt.datetime.now(dt.UTC)
        return dict(record.values) | {
            "days": _days,
            "hours": _hours,
            "minutes": _minutes,
            "record": record.to_json(),
            "id": record.id,
            "label": record.label,
            "module": record.module.name,
            "now": now,
            "today": now.astimezone(self.zone).date(),
        }

    def render(self, source: str, names: Mapping[str, Any]) -> str:
        try:
            return self.env.from_string(source).render(**names)
        except TemplateError as exc:
            raise InvalidRequest(detail=f"template: {exc}") from exc

    def evaluate(self, expression: str, names: Mapping[str, Any]) -> Any:
        try:
            return self.env.compile_expression(expression, undefined_to_none=False)(**names)
        except (TemplateError, TypeError, ArithmeticError, ValueError) as exc:
            raise InvalidRequest(detail=f"expression {expression!r}: {exc}") from exc


def _days(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def _hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


def _minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)
