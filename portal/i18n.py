"""Russian and English for the portal: one Babel catalog, chosen per request.

The catalog (``locale/ru/LC_MESSAGES/portal.po``) is compiled in memory at
start-up, so a translator's edit needs no build step. The portal keeps its
own words, picklist values included, apart from the console's: customers
read "your request is being handled", not an agent's shorthand.

The language is the one picked in this browser (a cookie), else the
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
from babel.support import NullTranslations

from crm_core.languages import LANGUAGES, compile_catalog, negotiate
from portal.const import LANGUAGE_COOKIE

CATALOG = Path(__file__).parent / "locale" / "{language}" / "LC_MESSAGES" / "portal.po"


def _(message: str) -> str:
    """Marks a message in Python code for extraction; pages translate it when
    they show it."""
    return message


def load_catalog(language: str) -> NullTranslations:
    return compile_catalog(Path(str(CATALOG).format(language=language)), language)


@dataclass(frozen=True)
class Translator:
    language: str
    messages: NullTranslations
    time_zone: str

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    def gettext(self, message: str) -> str:
        return self.messages.gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.messages.ngettext(singular, plural, n)

    def date(self, value: dt.date | None) -> str:
        return "" if value is None else dates.format_date(value, "medium", locale=self.locale)

    def datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        zone = ZoneInfo(self.time_zone)
        return dates.format_datetime(value, "short", tzinfo=zone, locale=self.locale)

    def money(self, value: Decimal | int | float | str | None) -> str:
        if value is None or value == "":
            return ""
        return numbers.format_decimal(Decimal(str(value)), format="#,##0.00", locale=self.locale)

    def number(self, value: Decimal | int | float | str | None) -> str:
        if value is None or value == "":
            return ""
        return numbers.format_decimal(Decimal(str(value)).normalize(), locale=self.locale)

    def context(self) -> dict[str, Any]:
        """What templates call; Jinja's i18n extension finds ``gettext`` and
        ``ngettext`` here, so one environment serves both languages."""
        return {
            "gettext": self.gettext,
            "ngettext": self.ngettext,
            "_": self.gettext,
            "language": self.language,
            "t": self,
        }


class Languages:
    def __init__(self, default: str, time_zone: str) -> None:
        self.default = default
        self.time_zone = time_zone
        self.catalogs = {language: load_catalog(language) for language in LANGUAGES}

    def choose(self, request: web.Request) -> str:
        picked = request.cookies.get(LANGUAGE_COOKIE)
        if picked in LANGUAGES:
            return picked
        return negotiate(request.headers.get("Accept-Language", ""), self.default)

    def translator(self, language: str) -> Translator:
        return Translator(language, self.catalogs[language], self.time_zone)
