"""Domain errors with a stable code and named parameters.

Every channel maps these to its own protocol in one place (HTTP status, SMTP
reply, AMI log line), so the domain never needs to know who is calling. The
message template is English and translatable; ``params`` fill its named
placeholders, so a channel can render it in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


class SwitchboardError(Exception):
    """Base of every error the domain raises on purpose."""

    code: ClassVar[str] = "error"
    template: ClassVar[str] = "{detail}"

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template.format(**self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": self.params}


class ConfigError(SwitchboardError):
    """A setting is missing or invalid; start-up stops before any listener opens."""

    code = "config_invalid"
    template = "{source}: {key}: {reason}"


class NotFound(SwitchboardError):
    """The record does not exist, or the actor may not know that it exists."""

    code = "not_found"
    template = "{module} record {record_id} not found"


class AccessDenied(SwitchboardError):
    code = "access_denied"
    template = "{action} on {module} is not permitted"


class Conflict(SwitchboardError):
    """The record changed since the caller read it (optimistic concurrency)."""

    code = "conflict"
    template = (
        "{module} record {record_id} was changed by someone else "
        "(you edited version {expected}, it is now at version {actual})"
    )


class UnknownModule(SwitchboardError):
    code = "unknown_module"
    template = "there is no module named {module!r}"


class InvalidRequest(SwitchboardError):
    """A request that is malformed as a whole (bad filter, bad cursor, bad sort)."""

    code = "invalid_request"
    template = "{detail}"


@dataclass(frozen=True)
class FieldError:
    field: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason}


class ValidationFailed(SwitchboardError):
    """One or more fields were rejected; nothing was written."""

    code = "validation_failed"
    template = "{module}: {summary}"

    def __init__(self, module: str, errors: list[FieldError]) -> None:
        self.errors = errors
        summary = "; ".join(f"{e.field}: {e.reason}" for e in errors)
        super().__init__(module=module, summary=summary)

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        data["errors"] = [e.as_dict() for e in self.errors]
        return data


class SignInFailed(SwitchboardError):
    """Wrong user name or password, or an inactive user: deliberately one answer."""

    code = "signin_failed"
    template = "wrong user name or password"


class NotYet(SwitchboardError):
    """What was asked for is on its way but not stored yet (a call still in
    progress): the same request will succeed shortly."""

    code = "not_yet"
    template = "{what} is not stored yet; ask again shortly"


class ServiceUnavailable(SwitchboardError):
    """The channel that does this is switched off or not connected right now."""

    code = "service_unavailable"
    template = "{service} is not available right now"


class UpstreamRefused(SwitchboardError):
    """A system outside the CRM (the PBX, a mail server) refused the request."""

    code = "upstream_refused"
    template = "{detail}"


class Throttled(SwitchboardError):
    code = "throttled"
    template = "too many failed sign-ins; try again in {retry_after} seconds"
