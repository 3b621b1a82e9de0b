"""The pieces every settings section is built from: the names of files and
variables, the patterns values are checked against, and the section base."""

from __future__ import annotations

import re

import phonenumbers
from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

DATA_DIR_ENV = "SWITCHBOARD_DATA_DIR"
USER_FILE_NAME = "switchboard.toml"
ENV_PREFIX = "SWITCHBOARD__"
SQLITE_FILE_NAME = "switchboard.db"
MASK = "********"
DEFAULTS_SOURCE = "defaults"

# Keys whose values are secret whatever their type, so a plain ``str`` added
# later under one of these names is still masked and never echoed in errors.
SECRET_KEY_NAMES = frozenset({"password", "secret"})

DIALPLAN_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""A context name that cannot smuggle dialplan syntax or AMI line breaks."""

_CHANNEL_CHARS = r"[A-Za-z0-9_.@/:+*#-]*"
AGENT_CHANNEL_RE = re.compile(rf"[A-Za-z0-9_-]+/{_CHANNEL_CHARS}\{{extension\}}{_CHANNEL_CHARS}")
"""A technology and a resource with exactly one ``{extension}`` to fill in, and
nothing that could end an AMI line or split a dialplan argument."""

# "001" is the pseudo-region of non-geographic numbers; it cannot be a default.
PHONE_REGIONS = frozenset(
    region
    for regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.values()
    for region in regions
    if re.fullmatch(r"[A-Z]{2}", region)
)


RULE_ERROR = "settings_rule"


def rule_error(at: tuple[str | int, ...], reason: str) -> PydanticCustomError:
    """A broken rule between settings, reported at ``at`` (a path below the
    model that checks it) rather than at the model, and without echoing the
    model's values, which may hold a password."""
    return PydanticCustomError(RULE_ERROR, "{reason}", {"at": at, "reason": reason})


class Section(BaseModel):
    """Frozen and closed: a typo in a key must fail, not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)
