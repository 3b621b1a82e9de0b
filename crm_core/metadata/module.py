"""Module declarations: what a CRM module is, as data.

A module file lists its own fields only. The fields every record carries
(owner, creator, timestamps, source) are added here, once, so that all
modules agree on their names, which are vtiger's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from crm_core.metadata.fields import (
    Field,
    FieldType,
    datetime,
    owner,
    reference,
    text,
)

SYSTEM_BLOCK = "LBL_SYSTEM_INFORMATION"


@dataclass(frozen=True)
class Numbering:
    """Record numbers such as TT-000123; prefix and width can be changed by an admin."""

    field: str
    prefix: str
    width: int = 6


@dataclass(frozen=True)
class Module:
    """A CRM module declared once; forms, lists, API and storage derive from it.

    ``vtiger_name`` is the vtiger module this one maps to when it is named
    differently here (Calls are vtiger's PBXManager, Comments its ModComments).
    ``owned`` modules have an owner (user or group) and obey sharing; the
    others (FAQ, price books) are visible to anyone allowed the module.
    """

    name: str
    label: str
    singular: str
    table: str
    own_fields: tuple[Field, ...]
    label_fields: tuple[str, ...]
    search_fields: tuple[str, ...] = ()
    numbering: Numbering | None = None
    owned: bool = True
    menu: str = ""
    inventory: bool = False
    vtiger_name: str | None = None
    description_field: bool = True
    hidden_flag: str | None = None
    """A boolean field that takes a record out of list views when set (a
    converted lead); the record stays readable and can be listed by filtering
    on the flag explicitly."""

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        """Every built-in field: the module's own first, then the common ones."""
        common: list[Field] = []
        own = {f.name for f in self.own_fields}
        if self.owned and "assigned_user_id" not in own:
            common.append(owner(required=True, block=SYSTEM_BLOCK))
        if self.description_field and "description" not in own:
            common.append(
                Field("description", "Description", FieldType.TEXTAREA, block="LBL_DESCRIPTION")
            )
        common += [
            reference(
                "created_user_id", "Created By", ("Users",), editable=False, block=SYSTEM_BLOCK
            ),
            reference(
                "modifiedby", "Last Modified By", ("Users",), editable=False, block=SYSTEM_BLOCK
            ),
            datetime("createdtime", "Created Time", editable=False, block=SYSTEM_BLOCK),
            datetime("modifiedtime", "Modified Time", editable=False, block=SYSTEM_BLOCK),
            text("source", "Source", max_length=100, editable=False, block=SYSTEM_BLOCK),
        ]
        return self.own_fields + tuple(f for f in common if f.name not in own)

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> Field | None:
        return self.by_name.get(name)


@dataclass(frozen=True)
class ManyToMany:
    """A many-to-many relation as vtiger has it (contacts in campaigns, products in
    price books). ``left`` is the side whose related list shows it first;
    ``"*"`` on the right means any module (documents attach to any record)."""

    left: str
    right: str
    label: str = ""

    def joins(self, a: str, b: str) -> bool:
        return (self.left == a and self.right in (b, "*")) or (
            self.left == b and self.right in (a, "*")
        )
