"""The portal speaks Russian everywhere it speaks English: every message its
templates and code mark is in portal.po, with the same placeholders, and the
catalog holds nothing the code no longer says. The web forms keep their own
catalog."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp.test_utils import make_mocked_request
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from portal.i18n import Languages
from portal.words import CONTACT_FIELDS

PORTAL = Path(__file__).parents[2] / "portal"
CATALOG = PORTAL / "locale" / "ru" / "LC_MESSAGES" / "portal.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def marked_messages() -> set[str]:
    found = extract_from_dir(
        str(PORTAL),
        [("webforms/**", "ignore"), ("**/templates/**.html", "jinja2"), ("**.py", "python")],
        {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
        keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
    )
    return {m[0] if isinstance(m, tuple) else m for _, _, m, _, _ in found}


def russian() -> dict[str, str]:
    with CATALOG.open("rb") as po:
        return {str(e.id): str(e.string) for e in read_po(po, locale="ru") if e.id and not e.fuzzy}


def test_every_marked_message_has_a_russian_translation() -> None:
    catalog = russian()
    marked = marked_messages()
    assert len(marked) > 100
    missing = sorted(m for m in marked if not catalog.get(m))
    assert not missing, f"untranslated portal messages: {missing}"
    for message in marked:
        wanted = set(PLACEHOLDER.findall(message))
        assert set(PLACEHOLDER.findall(catalog[message])) == wanted, message


def test_the_catalog_holds_no_message_the_code_no_longer_says() -> None:
    stale = sorted(set(russian()) - marked_messages())
    assert not stale, f"messages nothing uses: {stale}"


def test_every_contact_field_a_customer_may_edit_has_a_label() -> None:
    from crm_core.settings import PORTAL_CONTACT_FIELDS

    assert set(CONTACT_FIELDS) == set(PORTAL_CONTACT_FIELDS)


def test_the_language_follows_the_cookie_then_the_browser() -> None:
    languages = Languages("ru", "Europe/Moscow")
    english = make_mocked_request("GET", "/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert languages.choose(english) == "en"
    weighted = make_mocked_request(
        "GET", "/", headers={"Accept-Language": "de;q=1, en;q=0.3, ru;q=0.8"}
    )
    assert languages.choose(weighted) == "ru"
    picked = make_mocked_request(
        "GET", "/", headers={"Accept-Language": "en", "Cookie": "sb_portal_lang=ru"}
    )
    assert languages.choose(picked) == "ru"
    staff_choice = make_mocked_request(
        "GET", "/", headers={"Accept-Language": "en", "Cookie": "sb_lang=ru"}
    )
    assert languages.choose(staff_choice) == "en"  # the console's cookie is not the portal's
    unknown = make_mocked_request("GET", "/", headers={"Accept-Language": "de, fr;q=0.5"})
    assert languages.choose(unknown) == "ru"
    assert languages.translator("ru").gettext("Sign in") == "Вход"
    assert languages.translator("en").gettext("Sign in") == "Sign in"
    assert languages.translator("ru").gettext("") == ""
