"""Choosing a language from the browser's Accept-Language, and compiling a
catalog from its .po file: shared by every channel that shows pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_core.languages import accepted_languages, compile_catalog, negotiate


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.5", ["ru-RU", "ru", "en"]),
        ("en;q=0.3, de, ru;q=0.8", ["de", "ru", "en"]),
        ("fr;q=0, *, en", ["en"]),
        ("en;q=abc, ru", ["ru"]),
        ("", []),
    ],
)
def test_accept_language_is_read_best_first(header: str, expected: list[str]) -> None:
    assert accepted_languages(header) == expected


def test_the_browsers_best_language_of_ours_else_the_default() -> None:
    assert negotiate("de-DE, en-GB;q=0.8, ru;q=0.5", "ru") == "en"
    assert negotiate("ru-RU", "en") == "ru"
    assert negotiate("de, fr", "ru") == "ru"
    assert negotiate("en;" * 10_000, "ru") in ("en", "ru")  # an absurd header is no trouble


def test_a_catalog_is_compiled_from_its_po_file(tmp_path: Path) -> None:
    po = tmp_path / "greeting.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello"\nmsgstr "Здравствуйте"\n',
        encoding="utf-8",
    )
    assert compile_catalog(po, "ru").gettext("Hello") == "Здравствуйте"
    assert compile_catalog(tmp_path / "missing.po", "ru").gettext("Hello") == "Hello"
