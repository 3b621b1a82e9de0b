"""The console speaks Russian everywhere it speaks English: every message the
templates and page code mark is in the Russian catalog (the union of the
interface's ``.po`` files, each message in one of them), with the same
placeholders, and the catalog holds nothing the code no longer says."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from agent_ui.console.i18n import Languages, catalog_files

CONSOLE = Path(__file__).parents[2] / "agent_ui" / "console"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def marked_messages() -> set[str | tuple[str, ...]]:
    found = extract_from_dir(
        str(CONSOLE),
        [("**/templates/**.html", "jinja2"), ("**.py", "python")],
        {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
        keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
    )
    return {message for _, _, message, _, _ in found}


def russian_catalog() -> Catalog:
    """Every interface file's entries in one catalog; a message kept in two
    files would leave which translation wins to the order of loading."""
    union = Catalog(locale="ru")
    for path in catalog_files("ru"):
        with path.open("rb") as po:
            for entry in read_po(po, locale="ru"):
                if not entry.id:
                    continue
                assert entry.id not in union, f"{entry.id!r} is in two catalog files"
                union[entry.id] = entry
    return union


def test_every_marked_message_has_a_russian_translation() -> None:
    catalog = russian_catalog()
    missing = []
    for message in marked_messages():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(key)
            continue
        translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(translations):
            missing.append(key)
            continue
        sources = message if isinstance(message, tuple) else (message,)
        wanted = set(PLACEHOLDER.findall("".join(sources)))
        for text in translations:
            assert set(PLACEHOLDER.findall(text)) == wanted, f"placeholders differ: {key!r}"
    assert not missing, f"untranslated console messages: {sorted(missing)}"


def test_the_catalog_holds_no_message_the_code_no_longer_says() -> None:
    catalog = russian_catalog()
    marked = {m[0] if isinstance(m, tuple) else m for m in marked_messages()}
    stale = sorted(
        str(entry.id)
        for entry in catalog
        if entry.id and (entry.id[0] if isinstance(entry.id, tuple) else entry.id) not in marked
    )
    assert not stale, f"messages no template or module uses: {stale}"


def test_languages_follow_the_cookie_then_the_browser() -> None:
    from aiohttp.test_utils import make_mocked_request

    languages = Languages("ru", "Europe/Moscow")
    english_browser = make_mocked_request("GET", "/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert languages.choose(english_browser) == "en"
    weighted = make_mocked_request(
        "GET", "/", headers={"Accept-Language": "de;q=1, en;q=0.3, ru;q=0.8"}
    )
    assert languages.choose(weighted) == "ru"
    picked = make_mocked_request(
        "GET", "/", headers={"Accept-Language": "en", "Cookie": "sb_lang=ru"}
    )
    assert languages.choose(picked) == "ru"
    unknown = make_mocked_request("GET", "/", headers={"Accept-Language": "de, fr;q=0.5"})
    assert languages.choose(unknown) == "ru"  # the configured default
    assert languages.translator("ru").gettext("Sign in") == "Вход"
    assert languages.translator("en").gettext("Sign in") == "Sign in"
    assert languages.translator("ru").label("Contacts") == "Контакты"
