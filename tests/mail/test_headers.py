"""Header decoding: encoded words, raw 8-bit, addresses, ids, dates."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime

import pytest

from mail.headers import (
    Address,
    Headers,
    decode_words,
    header_text,
    normalise_id,
    parse_addresses,
    parse_date,
    parse_ids,
)


def _b(text: str, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def test_whitespace_between_encoded_words_is_dropped() -> None:
    text, problems = decode_words(f"{_b('Добрый ', 'koi8-r')} {_b('день', 'utf-8')} and more")
    assert text == "Добрый день and more"
    assert problems == []


def test_a_character_split_across_two_encoded_words_is_joined() -> None:
    data = "Ёлка".encode()
    first = base64.b64encode(data[:1]).decode()
    second = base64.b64encode(data[1:]).decode()
    assert decode_words(f"=?utf-8?B?{first}?= =?utf-8?B?{second}?=")[0] == "Ёлка"


def test_q_encoding_and_language_suffix() -> None:
    assert decode_words("=?windows-1251*ru?Q?=CF=F0=E8=E2=E5=F2_=EC=E8=F0?=")[0] == "Привет мир"


def test_broken_base64_word_is_left_as_written() -> None:
    text, problems = decode_words("=?utf-8?B?@@@?= tail")
    assert text.startswith("=?utf-8?B?@@@?=")
    assert problems


def test_unknown_charset_in_an_encoded_word_is_guessed() -> None:
    text, problems = decode_words(_b("Счёт", "cp1251").replace("cp1251", "x-unknown-cyr"))
    assert text == "Счёт"
    assert problems


def test_raw_8bit_header_is_guessed_and_unfolded() -> None:
    raw = "Смена\r\n адреса".encode("cp1251").decode("ascii", "surrogateescape")
    text, problems = header_text(raw)
    assert text == "Смена адреса"
    assert problems


def test_addresses_with_encoded_and_quoted_names() -> None:
    value = f'{_b("Анна", "utf-8")} <anna@example.ru>, "Smith, John" <john@example.com>, x@y.z'
    addresses, problems = parse_addresses(value)
    assert addresses == (
        Address("Анна", "anna@example.ru"),
        Address("Smith, John", "john@example.com"),
        Address("", "x@y.z"),
    )
    assert problems == []


def test_group_syntax_yields_no_mailbox() -> None:
    assert parse_addresses("undisclosed-recipients:;")[0] == ()


def test_nested_comments_fall_back_to_bare_addresses() -> None:
    addresses, problems = parse_addresses("a@example.com " + "(" * 5000)
    assert addresses == (Address("", "a@example.com"),)
    assert problems


def test_long_address_lists_stay_fast() -> None:
    start = time.perf_counter()
    addresses, _ = parse_addresses("user@example.com, " * 10_000)
    assert len(addresses) == 10_000
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<abc@example.com>", "abc@example.com"),
        ("  <abc@\r\n example.com> (comment)", "abc@example.com"),
        ("abc@example.com", "abc@example.com"),
        ("", None),
        ("<>", None),
    ],
)
def test_normalise_id(raw: str, expected: str | None) -> None:
    assert normalise_id(raw) == expected


def test_parse_ids_keeps_order_and_drops_repeats() -> None:
    raw = "<a@x> <b@x>\r\n <a@x> <c@x>"
    assert parse_ids(raw) == ("a@x", "b@x", "c@x")


def test_parse_ids_accepts_bare_ids() -> None:
    assert parse_ids("a@x (from Bob)") == ("a@x",)


def test_dates() -> None:
    assert parse_date("Tue, 11 Jun 2024 10:00:00 +0300")[0] == datetime.fromisoformat(
        "2024-06-11T10:00:00+03:00"
    )
    assert parse_date("11 Jun 2024 10:00:00 -0000")[0] == datetime(2024, 6, 11, 10, tzinfo=UTC)
    assert parse_date("") == (None, None)
    when, problem = parse_date("Tue, 11 Jun 2024 10:00:00 +9999")
    assert when is None
    assert problem is not None


def test_headers_mapping() -> None:
    headers = Headers([("Received", "one"), ("X-Test", "a"), ("received", "two")])
    assert headers.get_all("RECEIVED") == ("one", "two")
    assert headers.get("x-test") == "a"
    assert headers.get("missing", "default") == "default"
    assert "X-TEST" in headers
    assert "Other" not in headers
    assert len(headers) == 3
    assert next(iter(headers)) == ("Received", "one")
    assert headers == Headers(list(headers))
