"""Russian and English for the console: Babel catalogs, chosen per request.

Catalogs are read from their ``.po`` files at start-up and compiled in
memory, so a translator's edit needs no build step. Two kinds of catalog:
``labels.po`` for the words the module declarations carry (module, block and
field labels, picklist values), which an administrator's custom fields and
picklist values join untranslated; every other ``.po`` file beside it
(``console.po``, ``admin.po``, ...) holds the interface's own words for one
area of the console, and together they make one catalog.

The language is the one the user picked in this browser (a cookie), else the
browser's ``Accept-Language`` best match, else the configured default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from babel import Locale, dates, numbers
from babel.support import NullTranslations, Translations

from crm_core.languages import LANGUAGES, compile_catalog, negotiate

LANGUAGE_COOKIE = "sb_lang"
LOCALE_DIR = Path(__file__).parent / "locale"
LABELS = "labels"


def _(message: str) -> str:
    """Marks a message in Python code for extraction; a page translates it
    when it shows it (``Translator.gettext``)."""
    return message


def catalog_files(language: str) -> list[Path]:
    """The interface's catalog files for a language (labels apart)."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    return sorted(p for p in folder.glob("*.po") if p.stem != LABELS)


def load_labels(language: str) -> NullTranslations:
    return compile_catalog(LOCALE_DIR / language / "LC_MESSAGES" / f"{LABELS}.po", language)


def load_interface(language: str) -> NullTranslations:
    """Every interface file's translations merged into one."""
    merged: NullTranslations | None = None
    for path in catalog_files(language):
        compiled = compile_catalog(path, language)
        if isinstance(merged, Translations) and isinstance(compiled, Translations):
            merged.merge(compiled)
        else:
            merged = compiled
    return merged or NullTranslations()


@dataclass(frozen=True)
class Translator:
    """Everything a page needs to speak one language."""

    language: str
    messages: NullTranslations
    labels: NullTranslations
    time_zone: str

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def gettext(self, message: str) -> str:
        return self.messages.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.messages.ngettext(singular, plural, n)

    def label(self, text: str) -> str:
        """A declared label or picklist value in this language (unknown words,
        such as an administrator's own, as they were written)."""
        return self.labels.gettext(text) if text else text

    def date(self, value: dt.date | None) -> str:
        return "" if value is None else dates.format_date(value, "medium", locale=self.locale)

    def datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return dates.format_datetime(value, "short", tzinfo=self.zone, locale=self.locale)

    def number(self, value: int | float | Decimal | None, scale: int | None = None) -> str:
        if value is None:
            return ""
        if scale is None:
            return numbers.format_decimal(value, locale=self.locale)
        pattern = "#,##0." + "0" * scale if scale else "#,##0"
        return numbers.format_decimal(value, format=pattern, locale=self.locale)

    def context(self) -> dict[str, Any]:
        """Callables a template uses; Jinja's i18n extension finds ``gettext``
        and ``ngettext`` here, so one environment serves every language."""
        return {
            "gettext": self.gettext,
            "ngettext": self.ngettext,
            "_": self.gettext,
            "label": self.label,
            "language": self.language,
        }


class Languages:
    """The loaded catalogs and the rule that picks one for a request."""

    def __init__(self, default: str, time_zone: str) -> None:
        self.default = default
        self.time_zone = time_zone
        self.catalogs = {
            language: {"interface": load_interface(language), LABELS: load_labels(language)}
            for language in LANGUAGES
        }

    def choose(self, request: web.Request) -> str:
        picked = request.cookies.get(LANGUAGE_COOKIE)
        if picked in LANGUAGES:
            return picked
        return negotiate(request.headers.get("Accept-Language", ""), self.default)

    def translator(self, language: str, time_zone: str | None = None) -> Translator:
        catalogs = self.catalogs[language]
        return Translator(
            language=language,
            messages=catalogs["interface"],
            labels=catalogs[LABELS],
            time_zone=time_zone or self.time_zone,
        )
