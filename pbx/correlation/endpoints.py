"""Who a channel is: a desk phone (an extension), a trunk, or Local plumbing.

Asterisk names channels ``TECH/resource-XXXXXXXX``; the resource of a desk
phone is its extension (``PJSIP/101-0000001c``), a trunk's is its endpoint
name (``PJSIP/mts-000001a2``, ``SIP/toOurAster-000000bb``). Local channels
(``Local/101@from-internal-0000000a;1``) are dialplan plumbing between two
real legs; they stand for the extension they dial but never count as a party
of their own. Whether a number is an extension is the CRM's rule
(crm_core.phones.is_extension), so the ingest and the records agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from crm_core.phones import is_extension, lookup_key

CHANNEL_RE = re.compile(
    r"^(?P<tech>[A-Za-z0-9_]+)/(?P<resource>.+?)(?:-[0-9a-fA-F]{6,})?(?:;[12])?$"
)
UNKNOWN_VALUES = frozenset({"", "<unknown>", "unknown", "anonymous", "<none>", "s"})


class Kind(Enum):
    EXTENSION = "extension"
    TRUNK = "trunk"
    LOCAL = "local"


@dataclass(frozen=True, slots=True)
class Endpoint:
    kind: Kind
    extension: str | None
    """The desk a phone leg or a Local channel stands for; None for a trunk."""

    @property
    def is_trunk(self) -> bool:
        return self.kind is Kind.TRUNK


@lru_cache(maxsize=8192)
def endpoint_of(channel: str) -> Endpoint:
    match = CHANNEL_RE.match(channel)
    if match is None:
        return Endpoint(Kind.TRUNK, None)
    tech, resource = match.group("tech"), match.group("resource")
    if tech.lower() == "local":
        target = resource.partition("@")[0]
        return Endpoint(Kind.LOCAL, target if is_extension(target) else None)
    if is_extension(resource):
        return Endpoint(Kind.EXTENSION, resource)
    return Endpoint(Kind.TRUNK, None)


def party_number(raw: str | None, region: str) -> str | None:
    """A number as the Calls record shows it: E.164 for a phone number, the
    extension for a desk, the digits as sent when they are neither (a short
    service number), None for a withheld or missing caller id."""
    if raw is None:
        return None
    value = raw.strip()
    if value.lower() in UNKNOWN_VALUES:
        return None
    if is_extension(value):
        return value
    e164 = lookup_key(value, region)
    if e164 is not None:
        return e164
    digits = value.lstrip("+")
    return value if digits.isdigit() and len(digits) <= 32 else None


DIAL_NUMBER_RE = re.compile(r"(?:^|/)(\+?[0-9*#]{2,32})(?:@|$)")


def dialled_number(dial_string: str | None) -> str | None:
    """The number inside a Dial() argument: ``84951234567@mts``, ``mts/8495…``,
    ``PJSIP/84951234567@mts``; None when it holds no number."""
    if not dial_string:
        return None
    match = DIAL_NUMBER_RE.search(dial_string)
    return match.group(1) if match else None
