"""The Russian ``labels`` catalog covers every word the module declarations carry.

Module labels and singulars, field labels, block keys and picklist values
are shown through ``Translator.label``; a word missing from ``labels.po``
would show up in English on a Russian page. The catalog must also hold
nothing the modules no longer declare, and no entry may be an untranslated
copy of its English.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po

import agent_ui
from crm_core.catalog import Catalog
from crm_core.modules import picklists

LABELS_PO = Path(agent_ui.__file__).parent / "console/locale/ru/LC_MESSAGES/labels.po"

KEPT_AS_IS = frozenset(
    {
        # Manufacturers and carriers: proper nouns, written the same in Russian.
        "AltvetPet Inc.",
        "LexPon Inc.",
        "MetBeat Corp",
        "BlueDart",
        "FedEx",
        "USPS",
    }
)
"""Entries whose Russian may equal the English although they contain a word."""

ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")


def declared_words() -> set[str]:
    """Every label, singular, block key and picklist value of the built-in
    modules, plus the shared picklists even where no field uses them."""
    words: set[str] = set()
    for module in Catalog.build().modules.values():
        words.update((module.label, module.singular))
        for f in module.fields:
            words.update((f.label, f.block))
            words.update(f.picklist or ())
    for value in vars(picklists).values():
        if isinstance(value, tuple):
            words.update(v for v in value if isinstance(v, str))
    words.discard("")
    return words


def russian_catalog() -> PoCatalog:
    """Read as the file says, without forcing a locale, so its header counts."""
    with LABELS_PO.open("rb") as po:
        return read_po(po, domain="labels")


def translations() -> dict[str, str]:
    return {
        str(message.id): str(message.string or "")
        for message in russian_catalog()
        if message.id and not message.pluralizable
    }


def test_every_declared_word_has_a_russian_translation() -> None:
    translated = translations()
    missing = sorted(w for w in declared_words() if not translated.get(w, "").strip())
    assert not missing, f"{len(missing)} words without Russian in {LABELS_PO.name}: {missing}"


def test_catalog_has_no_fuzzy_or_plural_entries() -> None:
    odd = sorted(
        str(message.id)
        for message in russian_catalog()
        if message.id and (message.fuzzy or message.pluralizable)
    )
    assert not odd, f"fuzzy or plural entries in {LABELS_PO.name}: {odd}"


def test_catalog_has_no_stale_entries() -> None:
    stale = sorted(set(translations()) - declared_words())
    assert not stale, f"{len(stale)} entries no module declares any more: {stale}"


def test_no_entry_is_an_untranslated_copy() -> None:
    copied = sorted(
        msgid
        for msgid, msgstr in translations().items()
        if msgstr == msgid and ENGLISH_WORD.search(msgid) and msgid not in KEPT_AS_IS
    )
    assert not copied, f"entries left in English (or add them to KEPT_AS_IS): {copied}"


def test_allow_list_holds_only_catalog_entries() -> None:
    unknown = sorted(KEPT_AS_IS - set(translations()))
    assert not unknown, f"KEPT_AS_IS names words the catalog does not hold: {unknown}"


def test_catalog_header_is_russian_utf8() -> None:
    catalog = russian_catalog()
    assert str(catalog.locale) == "ru"
    assert catalog.charset.lower() == "utf-8"
    assert catalog.num_plurals == 3
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == "ru"
    assert "charset=utf-8" in headers["Content-Type"].lower()
    assert headers["Plural-Forms"].startswith("nplurals=3;")
