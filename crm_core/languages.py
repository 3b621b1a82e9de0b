"""The languages Switchboard speaks, and the two steps every channel that
shows pages takes: compiling a Babel catalog from its ``.po`` file, and
choosing a language from the browser's ``Accept-Language``.

Catalogs are compiled in memory when a channel starts, so a translator's
edit needs no build step. English is the source language: a missing
catalog is the identity.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES = ("ru", "en")
LONGEST_HEADER = 500
"""Characters of an Accept-Language header read: a browser sends a few dozen."""


def compile_catalog(path: Path, language: str) -> NullTranslations:
    """The translations in ``path`` (its stem is the domain)."""
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=path.stem)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=path.stem)


def accepted_languages(header: str) -> list[str]:
    """Accept-Language's tags, best first (``ru-RU,ru;q=0.9,en;q=0.5``)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:LONGEST_HEADER].split(",")):
        tag, _sep, params = part.strip().partition(";")
        if not tag or tag == "*":
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _q, _p, tag in sorted(weighted)]


def negotiate(header: str, default: str) -> str:
    """The language of ours the browser prefers, else ``default``."""
    offered = accepted_languages(header)
    best = Locale.negotiate(offered, LANGUAGES, sep="-") if offered else None
    return best.language if best is not None else default
