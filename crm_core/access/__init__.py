"""Who may see and change what: vtiger's roles, profiles, groups and sharing."""

from crm_core.access.policy import (
    AccessPolicy,
    Actor,
    ActorKind,
    FieldAccess,
    OpenPolicy,
    Operation,
    Tool,
)

__all__ = ["AccessPolicy", "Actor", "ActorKind", "FieldAccess", "OpenPolicy", "Operation", "Tool"]
