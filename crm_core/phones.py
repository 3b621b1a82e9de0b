"""Phone numbers in E.164, whatever way people type them.

Russian numbers are written a dozen ways (8 (495) 123-45-67, +7 495 1234567,
84951234567); stored and indexed as E.164 they all meet in one indexed lookup.
The default region decides how a number without a country code is read.

Only digits, an optional leading ``+``, separators and an extension marker are
accepted. phonenumbers on its own is more forgiving (it turns letters into
digits as on a keypad and skips text around the number), which would let
"+7495\\r\\nAction: Originate" or a vanity word through to a dial string.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from phonenumbers import NumberParseException, ValidationResult

from crm_core.metadata.fields import DEFAULT_MAX_LENGTH, BadValue, FieldType

MAX_LENGTH = DEFAULT_MAX_LENGTH[FieldType.PHONE]
"""The phone field's own limit, so a value the field takes is one this module reads."""

EXTENSION_DIGITS_RE = re.compile(r"[0-9]{2,6}")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Written extensions: "доб. 123" is the Russian form, ";ext=123" is our own
# output (so normalising twice changes nothing), the rest are English habits.
WRITTEN_EXTENSION_RE = re.compile(
    r"(?:\s*;\s*ext\s*=|[\s,]*(?:доб(?:авочный)?|ext(?:ension)?|x)\.?)\s*([0-9]{1,10})$",
    re.IGNORECASE,
)
# Besides the usual punctuation, invisible format characters count as
# separators: numbers copied from messengers and phone apps carry soft hyphens,
# zero-width spaces and left-to-right marks.
SEPARATORS_RE = re.compile(
    r"[\s\-\u2010-\u2015\u2212./()\u00ad\u200b-\u200f\u202a-\u202e\u2060\ufeff]+"
)
DIGITS_RE = re.compile(r"\+?[0-9]+")

_POSSIBLE_PROBLEMS = {
    ValidationResult.INVALID_COUNTRY_CODE: "has an unknown country code",
    ValidationResult.TOO_SHORT: "is too short for a phone number",
    ValidationResult.TOO_LONG: "is too long for a phone number",
    ValidationResult.INVALID_LENGTH: "has the wrong number of digits for a phone number",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "lacks an area code",
}
_PARSE_PROBLEMS = {
    NumberParseException.INVALID_COUNTRY_CODE: "has an unknown country code",
    NumberParseException.TOO_SHORT_AFTER_IDD: "is too short for a phone number",
    NumberParseException.TOO_SHORT_NSN: "is too short for a phone number",
    NumberParseException.TOO_LONG: "is too long for a phone number",
}


class _Number(NamedTuple):
    e164: str
    extension: str


def is_extension(raw: str) -> bool:
    """Whether ``raw`` is an internal PBX extension (2–6 digits and nothing else).

    Such a value is never read as a phone number: in a region-less reading "101"
    would be a possible short number somewhere, but on our PBX it is a desk.
    """
    return EXTENSION_DIGITS_RE.fullmatch(raw) is not None


@lru_cache(maxsize=16_384)
def _read(raw: str, region: str) -> _Number | str:
    """The number, or the reason it is not one.

    Returns the reason rather than raising so that rejections are cached too:
    an "anonymous" caller id arrives again and again. Callers keep inputs over
    MAX_LENGTH out of the cache.
    """
    if CONTROL_RE.search(raw):
        return "contains control characters"
    text = raw.strip()
    if not text:
        return "is empty"
    if is_extension(text):
        return "is an internal extension, not a phone number"
    extension = ""
    written = WRITTEN_EXTENSION_RE.search(text)
    if written is not None:
        extension = written.group(1)
        text = text[: written.start()]
    if any(c.isalpha() for c in text):
        return "contains letters"
    digits = SEPARATORS_RE.sub("", text)
    if not digits.lstrip("+"):
        return "is not a phone number"
    if DIGITS_RE.fullmatch(digits) is None:
        return "contains characters a phone number cannot have"
    try:
        number = phonenumbers.parse(digits, region.upper())
    except NumberParseException as exc:
        return _PARSE_PROBLEMS.get(exc.error_type, "is not a phone number")
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != ValidationResult.IS_POSSIBLE:
        return _POSSIBLE_PROBLEMS.get(possible, "is not a phone number")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return _Number(e164, extension)


def normalize_phone(raw: str, region: str) -> str:
    """The stored form of a phone field: E.164, with ``;ext=N`` (RFC 3966) when an
    extension was written. ``region`` reads numbers written without a country
    code. Raises BadValue, whose message names the problem and not the value,
    because it is shown next to the field.
    """
    if len(raw) > MAX_LENGTH:
        raise BadValue(f"is {len(raw)} characters long, at most {MAX_LENGTH} allowed")
    number = _read(raw, region)
    if isinstance(number, str):
        raise BadValue(number)
    return f"{number.e164};ext={number.extension}" if number.extension else number.e164


def lookup_key(raw: str, region: str) -> str | None:
    """The E.164 number, without extension, that the phone index is searched by;
    None when ``raw`` cannot be a number (a withheld caller id, an extension).

    Runs on every incoming call with whatever the PBX reports, so it never raises
    and repeated caller ids are answered from a cache.
    """
    if len(raw) > MAX_LENGTH:
        return None
    number = _read(raw, region)
    return None if isinstance(number, str) else number.e164
