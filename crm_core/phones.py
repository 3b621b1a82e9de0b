"""Phone numbers in E.164, whatever way people type them.

Russian numbers are written a dozen ways (8 (495) 123-45-67, +7 495 1234567,
84951234567); stored and indexed as E.164 they all meet in one indexed lookup.
The default region decides how a number without a country code is read.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from crm_core.metadata.fields import BadValue

MAX_LENGTH = 50
EXTENSION_RE = re.compile(r"^\d{2,6}$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
# "доб." is how Russian speakers write an extension; phonenumbers knows "ext"/"x".
RU_EXTENSION_RE = re.compile(r"\s*(?:доб\.?|добавочный)\s*", re.IGNORECASE)


def is_extension(raw: str) -> bool:
    """An internal PBX extension (2–6 digits), not a phone number."""
    return bool(EXTENSION_RE.match(raw.strip()))


def _parse(raw: str, region: str) -> phonenumbers.PhoneNumber:
    if not isinstance(raw, str):
        raise BadValue("expected a phone number as text")
    if len(raw) > MAX_LENGTH:
        raise BadValue(f"is longer than {MAX_LENGTH} characters")
    if CONTROL_RE.search(raw):
        raise BadValue("contains control characters")
    text = RU_EXTENSION_RE.sub(" ext. ", raw.strip())
    if is_extension(text):
        raise BadValue(f"{raw!r} is an internal extension, not a phone number")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise BadValue(f"{raw!r} is not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise BadValue(f"{raw!r} is not a possible phone number")
    return number


def normalize_phone(raw: str, region: str) -> str:
    """E.164, with ``;ext=N`` when an extension was given; raises BadValue."""
    number = _parse(raw, region)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164};ext={number.extension}" if number.extension else e164


@lru_cache(maxsize=65536)
def lookup_key(raw: str, region: str) -> str | None:
    """The E.164 number to look a caller up by, or None; never raises."""
    try:
        number = _parse(raw, region)
    except BadValue:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
