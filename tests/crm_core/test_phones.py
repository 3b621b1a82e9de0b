"""Phone numbers: every common spelling meets in one E.164 form; nothing else passes."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from crm_core.metadata.fields import BadValue
from crm_core.phones import is_extension, lookup_key, normalize_phone

RU_SPELLINGS = [
    "8 (495) 123-45-67",
    "+7 495 1234567",
    "84951234567",
    "7-495-123-45-67",
    "+7(495)123 45 67",
    "495 123 45 67",
    "+7 (495) 123-45-67",
    "8-495-123-45-67",
    "+7.495.123.45.67",
    "  +7 495 123 45 67  ",
    "+7\u00a0495\u00a0123\u201345\u201367",
    "\u202a+7 495 123-45-67\u202c",
]


@pytest.mark.parametrize("spelling", RU_SPELLINGS)
def test_russian_spellings_give_one_number(spelling: str) -> None:
    assert normalize_phone(spelling, "RU") == "+74951234567"
    assert lookup_key(spelling, "RU") == "+74951234567"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+44 20 7946 0958", "RU", "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("8 10 44 20 7946 0958", "RU", "+442079460958"),
        ("+1 212 555 0100", "RU", "+12125550100"),
        ("(212) 555-0100", "US", "+12125550100"),
        ("+7 727 258 00 00", "RU", "+77272580000"),
        ("8 (727) 258-00-00", "KZ", "+77272580000"),
        ("8 (727) 258-00-00", "RU", "+77272580000"),
        ("+375 29 491-19-11", "RU", "+375294911911"),
    ],
)
def test_numbers_from_other_countries(raw: str, region: str, expected: str) -> None:
    assert normalize_phone(raw, region) == expected
    assert lookup_key(raw, region) == expected


def test_region_reads_numbers_without_country_code() -> None:
    assert normalize_phone("020 7946 0958", "GB") == "+442079460958"
    with pytest.raises(BadValue):
        normalize_phone("020 7946 0958", "RU")


@pytest.mark.parametrize(
    "spelling",
    [
        "+7 495 123-45-67 доб. 123",
        "+7 495 123-45-67 доб 123",
        "8 (495) 123-45-67, доб.123",
        "+7 495 123-45-67 добавочный 123",
        "+7 495 123-45-67 ДОБ. 123",
        "+7 495 123-45-67 ext. 123",
        "+7 495 123-45-67 ext 123",
        "+7 495 123-45-67 extension 123",
        "+7 495 123-45-67 x123",
        "+7 495 123-45-67 X 123",
        "+74951234567;ext=123",
    ],
)
def test_extension_is_kept_for_storage_and_dropped_for_lookup(spelling: str) -> None:
    assert normalize_phone(spelling, "RU") == "+74951234567;ext=123"
    assert lookup_key(spelling, "RU") == "+74951234567"


def test_normalizing_twice_changes_nothing() -> None:
    for raw in ["8 (495) 123-45-67", "+7 495 123-45-67 доб. 123", "+44 20 7946 0958"]:
        once = normalize_phone(raw, "RU")
        assert normalize_phone(once, "RU") == once


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("+7495\r\nAction: Originate", "control characters"),
        ("+7 495 123-45-67\x00", "control characters"),
        ("+7 495\t123-45-67", "control characters"),
        ("abc", "letters"),
        ("+7 495 CALL-NOW", "letters"),
        ("1-800-FLOWERS", "letters"),
        ("+7 495 123-45-67 доб. abc", "letters"),
        ("", "empty"),
        ("   ", "empty"),
        ("1" * 60, "at most 50"),
        ("+" + "7" * 49 + "1", "at most 50"),
        ("1" * 20, "too long"),
        ("+7 495 123", "too short"),
        ("3-45-67", "too short"),
        ("+999 123 456 789", "country code"),
        ("+7 495 123*45*67", "cannot have"),
        ("7+495 123 45 67", "cannot have"),
        ("+7 495 123 45 67 #1", "cannot have"),
        ("+", "not a phone number"),
        ("()-", "not a phone number"),
        ("101", "internal extension"),
        ("2001", "internal extension"),
    ],
)
def test_non_numbers_are_rejected_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(BadValue, match=reason) as caught:
        normalize_phone(raw, "RU")
    assert lookup_key(raw, "RU") is None
    # The reason is shown next to the field; it must not echo what was typed.
    if raw.strip():
        assert raw.strip() not in str(caught.value)


def test_unknown_region_does_not_break_lookup() -> None:
    assert lookup_key("84951234567", "ZZ") is None
    assert lookup_key("+74951234567", "ZZ") == "+74951234567"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("101", True),
        ("2001", True),
        ("12", True),
        ("123456", True),
        ("1", False),
        ("1234567", False),
        ("", False),
        ("10a", False),
        ("101\n", False),
        (" 101", False),
        ("+101", False),
        ("١٠١", False),
        ("84951234567", False),
    ],
)
def test_is_extension(raw: str, expected: bool) -> None:
    assert is_extension(raw) is expected


REGIONS = ["RU", "KZ", "BY", "UA", "UZ", "GB", "US", "DE", "FR", "CN", "TR", "IL", "IT"]
FORMATS = [PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL]
TYPES = [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE]
SEPARATORS = ["", " ", "-", ".", "  ", "\u00a0", "\u2013"]


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, str, str]:
    """(a number as a person might write it, its region, its E.164 form)."""
    region = draw(st.sampled_from(REGIONS))
    number = phonenumbers.example_number_for_type(region, draw(st.sampled_from(TYPES)))
    assert number is not None
    fmt = draw(st.sampled_from(FORMATS))
    formatted = phonenumbers.format_number(number, fmt)
    written = []
    for i, char in enumerate(formatted):
        if char in " -":
            written.append(draw(st.sampled_from(SEPARATORS)))
            continue
        written.append(char)
        following = formatted[i + 1 : i + 2]
        if char.isdigit() and following.isdigit():
            written.append(draw(st.sampled_from(SEPARATORS)))
    # A national spelling only means something in its own region.
    read_in = region if fmt == PhoneNumberFormat.NATIONAL else draw(st.sampled_from(REGIONS))
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return "".join(written), read_in, e164


@given(written_numbers())
def test_any_spelling_of_a_valid_number_gives_its_e164(case: tuple[str, str, str]) -> None:
    written, region, e164 = case
    assert normalize_phone(written, region) == e164
    assert lookup_key(written, region) == e164


@given(written_numbers(), st.integers(min_value=1, max_value=99999))
def test_any_spelling_with_extension(case: tuple[str, str, str], extension: int) -> None:
    written, region, e164 = case
    assert normalize_phone(f"{written} доб. {extension}", region) == f"{e164};ext={extension}"


@given(st.text(), st.sampled_from([*REGIONS, "ZZ", ""]))
def test_lookup_key_never_raises(raw: str, region: str) -> None:
    key = lookup_key(raw, region)
    assert key is None or (key.startswith("+") and key[1:].isdigit() and key.isascii())


@given(st.text())
def test_normalize_phone_raises_only_bad_value(raw: str) -> None:
    try:
        value = normalize_phone(raw, "RU")
    except BadValue:
        return
    assert value.isascii()
    assert value.startswith("+")
    assert lookup_key(raw, "RU") == value.split(";", 1)[0]
