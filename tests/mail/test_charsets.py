"""Charset labels, the guess for unlabelled 8-bit text, and scrubbing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mail.charsets import decode_bytes, guess_charset, resolve_charset, scrub

RUSSIAN = "Добрый день! Прошу перезвонить по поводу договора, лучше после обеда."


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        (b"plain ascii text", "ascii"),
        (RUSSIAN.encode("utf-8"), "utf-8"),
        (RUSSIAN.encode("cp1251"), "cp1251"),
        (RUSSIAN.encode("koi8-r"), "koi8-r"),
        ("Café crème, déjà vu".encode("latin-1"), "latin-1"),
        ("Größe und Maße".encode("latin-1"), "latin-1"),
    ],
)
def test_guess(data: bytes, charset: str) -> None:
    assert guess_charset(data) == charset


def test_guess_keeps_utf8_with_one_bad_byte() -> None:
    data = RUSSIAN.encode("utf-8") * 3 + b"\xff"
    assert guess_charset(data) == "utf-8"


def test_guess_accepts_utf8_cut_in_the_middle_of_a_character() -> None:
    assert guess_charset(RUSSIAN.encode("utf-8")[:-1]) == "utf-8"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("windows-1251", "cp1251"),
        ("Win-1251", "cp1251"),
        ("x-cp1251", "cp1251"),
        ('"KOI8-R"', "koi8-r"),
        ("koi8r", "koi8-r"),
        ("ISO-8859-5", "iso8859-5"),
        ("utf8", "utf-8"),
        ("gb2312", "gb18030"),
    ],
)
def test_labels_resolve(label: str, codec: str) -> None:
    assert resolve_charset(label) == codec


@pytest.mark.parametrize(
    "label", ["x-bogus", "", "zlib", "base64", "rot13", "hex", "idna", "a" * 80]
)
def test_labels_that_name_no_charset(label: str) -> None:
    assert resolve_charset(label) is None


def test_declared_charset_is_trusted() -> None:
    decoded = decode_bytes(RUSSIAN.encode("iso-8859-5"), "iso-8859-5")
    assert decoded.text == RUSSIAN
    assert decoded.problem is None


def test_unknown_label_falls_back_to_the_guess_and_says_so() -> None:
    decoded = decode_bytes(RUSSIAN.encode("cp1251"), "x-bogus")
    assert decoded.text == RUSSIAN
    assert decoded.charset == "cp1251"
    assert decoded.problem is not None
    assert "x-bogus" in decoded.problem


def test_a_codec_that_is_not_a_charset_is_not_applied() -> None:
    data = b"eJzLSM3JyVcozy/KSQEAGgQEXQ=="
    decoded = decode_bytes(data, "base64")
    assert decoded.text == data.decode()
    assert decoded.problem is not None


def test_mislabelled_utf8_is_read_as_what_it_is() -> None:
    decoded = decode_bytes(RUSSIAN.encode("koi8-r"), "utf-8")
    assert decoded.text == RUSSIAN
    assert decoded.charset == "koi8-r"
    assert decoded.problem is not None


def test_ascii_label_on_utf8_text() -> None:
    decoded = decode_bytes(RUSSIAN.encode("utf-8"), "us-ascii")
    assert decoded.text == RUSSIAN
    assert decoded.problem is not None


def test_utf8_with_a_stray_byte_keeps_the_rest() -> None:
    decoded = decode_bytes(RUSSIAN.encode("utf-8") + b"\xff", "utf-8")
    assert decoded.text == RUSSIAN + "\ufffd"
    assert decoded.problem is not None


def test_undeclared_utf8_is_not_a_problem() -> None:
    assert decode_bytes(RUSSIAN.encode("utf-8"), None).problem is None


def test_undeclared_single_byte_text_is_reported_as_guessed() -> None:
    decoded = decode_bytes(RUSSIAN.encode("cp1251"), None)
    assert decoded.text == RUSSIAN
    assert decoded.problem is not None
    assert "guessed" in decoded.problem


def test_latin1_label_reads_windows_quotes() -> None:
    assert decode_bytes(b"\x93quoted\x94", "iso-8859-1").text == "\u201cquoted\u201d"


def test_scrub() -> None:
    assert scrub("a\r\nb\rc\x00d\x07e\tf\ud800") == "a\nb\ncde\tf\ufffd"


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=512), st.one_of(st.none(), st.text(max_size=20)))
def test_decode_never_raises_and_returns_safe_text(data: bytes, label: str | None) -> None:
    decoded = decode_bytes(data, label)
    decoded.text.encode("utf-8")
    assert "\x00" not in decoded.text
