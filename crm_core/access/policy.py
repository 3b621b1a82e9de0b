"""Who is acting, and the seam where access rules plug into the record service.

Every record-service call names its actor explicitly. The policy decides what
that actor may do; the record service asks it before every read and write and
lets it narrow list queries inside the database, so no path can skip it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from sqlalchemy import ColumnElement, Table

from crm_core.errors import AccessDenied
from crm_core.metadata.module import Module


class ActorKind(StrEnum):
    USER = "user"
    SYSTEM = "system"
    PORTAL = "portal"


class Operation(StrEnum):
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"


class Tool(StrEnum):
    """Profile rights that are not about one module's records (vtiger utilities)."""

    IMPORT = "import"
    EXPORT = "export"
    MERGE = "merge"
    CONVERT_LEAD = "convert_lead"
    DIAL_ANY = "dial_any"
    SUPERVISE = "supervise"
    SEE_AMOUNTS = "see_amounts"
    ADMINISTER = "administer"


class FieldAccess(StrEnum):
    HIDDEN = "hidden"
    READONLY = "readonly"
    EDITABLE = "editable"


@dataclass(frozen=True)
class Actor:
    """The principal on whose behalf a call runs; history and events record it.

    ``user_id`` is the users-table id (system actors are users too, so their
    changes show up in history under a name).
    """

    user_id: int
    kind: ActorKind = ActorKind.USER
    is_admin: bool = False
    name: str = ""
    contact_id: int | None = None
    account_id: int | None = None
    account_wide: bool = False
    """For portal actors: the customer's contact, its organisation, and whether
    they may see the whole organisation's records (a customer's coordinator).
    ``user_id`` is then the system user, in whose name portal changes are stored."""


class AccessPolicy(Protocol):
    def check_module(self, actor: Actor, module: Module, operation: Operation) -> None:
        """Raise AccessDenied when the actor may not do ``operation`` in ``module``."""

    def visible(self, actor: Actor, module: Module, table: Table) -> ColumnElement[bool] | None:
        """A condition limiting ``table`` to the rows the actor may view (None: all)."""

    def check_record(
        self, actor: Actor, module: Module, owner_id: int | None, operation: Operation
    ) -> None:
        """Raise AccessDenied when the actor may not do ``operation`` to this record."""

    def record_allowed(
        self, actor: Actor, module: Module, owner_id: int | None, operation: Operation
    ) -> bool:
        """``check_record`` and ``check_module`` together, as an answer rather
        than an exception: asked for every open console on every event."""

    def field_access(self, actor: Actor, module: Module) -> Mapping[str, FieldAccess]:
        """Fields that are hidden or read-only for the actor; others are editable."""

    def has_tool(self, actor: Actor, tool: Tool) -> bool:
        """Whether the actor's profiles grant ``tool``."""


class OpenPolicy:
    """Every signed-in user may do everything: a single-team installation, and
    the policy tests use as a baseline."""

    def check_module(self, actor: Actor, module: Module, operation: Operation) -> None:
        if actor.kind is ActorKind.PORTAL:
            raise AccessDenied(action=operation.value, module=module.name)

    def visible(self, actor: Actor, module: Module, table: Table) -> ColumnElement[bool] | None:
        return None

    def check_record(
        self, actor: Actor, module: Module, owner_id: int | None, operation: Operation
    ) -> None:
        return None

    def record_allowed(
        self, actor: Actor, module: Module, owner_id: int | None, operation: Operation
    ) -> bool:
        return actor.kind is not ActorKind.PORTAL

    def field_access(self, actor: Actor, module: Module) -> Mapping[str, FieldAccess]:
        return {}

    def has_tool(self, actor: Actor, tool: Tool) -> bool:
        return actor.kind is not ActorKind.PORTAL
