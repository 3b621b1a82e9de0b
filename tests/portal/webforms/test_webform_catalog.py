"""The public pages speak Russian wherever they speak English: every message
the web forms' code and templates mark is translated in webforms.po with the
same placeholders, and the catalog holds nothing the code no longer says."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from portal.webforms.i18n import CATALOG

WEBFORMS = Path(__file__).parents[3] / "portal" / "webforms"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def marked() -> set[str]:
    found = extract_from_dir(
        str(WEBFORMS),
        [("**/templates/**.html", "jinja2"), ("**.py", "python")],
        {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
        keywords={"_": None, "gettext": None},
    )
    return {str(message) for _, _, message, _, _ in found}


def catalog() -> dict[str, str]:
    with CATALOG.open("rb") as po:
        return {str(e.id): str(e.string) for e in read_po(po, locale="ru") if e.id and not e.fuzzy}


def test_every_marked_message_is_translated_with_its_placeholders() -> None:
    russian = catalog()
    messages = marked()
    assert len(messages) > 20
    missing = sorted(m for m in messages if not russian.get(m))
    assert not missing, f"untranslated web form messages: {missing}"
    for message in messages:
        assert set(PLACEHOLDER.findall(russian[message])) == set(PLACEHOLDER.findall(message))


def test_the_catalog_holds_nothing_the_code_no_longer_says() -> None:
    stale = sorted(set(catalog()) - marked())
    assert not stale, f"messages no template or module uses: {stale}"
