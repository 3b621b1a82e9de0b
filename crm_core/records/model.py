"""What the record service hands back: records, pages, history entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from crm_core.metadata.fields import to_json
from crm_core.metadata.module import Module


@dataclass(frozen=True)
class Record:
    module: Module
    id: int
    version: int
    deleted: bool
    label: str
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def to_json(self) -> dict[str, Any]:
        """The record as the API and events show it: ids, version, then fields."""
        data: dict[str, Any] = {
            "id": self.id,
            "module": self.module.name,
            "version": self.version,
            "label": self.label,
        }
        if self.deleted:
            data["deleted"] = True
        for name, value in self.values.items():
            f = self.module.field(name)
            data[name] = to_json(f, value) if f is not None else value
        return data


class Op(StrEnum):
    """Filter operators, as vtiger's list filters offer them."""

    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    CONTAINS = "contains"
    NOT_CONTAINS = "not_contains"
    STARTS = "starts"
    ENDS = "ends"
    IN = "in"
    BETWEEN = "between"
    EMPTY = "empty"
    NOT_EMPTY = "not_empty"


@dataclass(frozen=True)
class Condition:
    field: str
    op: Op
    value: Any = None


@dataclass(frozen=True)
class Sort:
    field: str = "modifiedtime"
    descending: bool = True


@dataclass(frozen=True)
class Page:
    records: list[Record]
    next_cursor: str | None
    last_event_id: int = 0


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    record_id: int
    op: str
    actor_id: int | None
    changed_at: dt.datetime
    changes: dict[str, list[Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "record_id": self.record_id,
            "op": self.op,
            "actor_id": self.actor_id,
            "changed_at": self.changed_at.isoformat(),
            "changes": self.changes,
        }


@dataclass(frozen=True)
class SearchHit:
    module: str
    id: int
    label: str


@dataclass(frozen=True)
class LookupMatch:
    module: str
    id: int
    label: str
    field: str
