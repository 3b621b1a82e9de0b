"""Search terms for Russian and English text, the same on SQLite and PostgreSQL.

Words are stemmed here with Snowball (Russian for Cyrillic words, English for
Latin ones) and the stems are what both databases index. So "заявки" finds
"заявка" on either database, without depending on which dictionaries a
PostgreSQL server has installed. Query words become prefix terms, so results
appear while a user is still typing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

WORD_RE = re.compile(r"\w+", re.UNICODE)
CYRILLIC_RE = re.compile(r"[а-я]")
LATIN_RE = re.compile(r"[a-z]")
MAX_TOKEN = 60

_russian = snowballstemmer.stemmer("russian")
_english = snowballstemmer.stemmer("english")


def tokens(text: str) -> list[str]:
    """Lower-case words, with ё read as е (people type both)."""
    lowered = text.lower().replace("ё", "е")
    return [t for t in WORD_RE.findall(lowered) if len(t) <= MAX_TOKEN and t != "_"]


@lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    if CYRILLIC_RE.search(token):
        return str(_russian.stemWord(token))
    if LATIN_RE.search(token) and token.isalpha():
        return str(_english.stemWord(token))
    return token


def document_terms(texts: Iterable[str | None]) -> str:
    """The terms to index for a record: each word's stem, and the word itself
    when it differs, so an exact prefix of the written word also matches."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        for token in tokens(text):
            seen.setdefault(stem(token), None)
            seen.setdefault(token, None)
    return " ".join(t.replace("_", " ") for t in seen)


def query_terms(query: str, limit: int = 8) -> list[str]:
    """Stems of the query's words, each used as a prefix; at most ``limit``."""
    terms: dict[str, None] = {}
    for token in tokens(query):
        for part in token.split("_"):
            if part:
                terms.setdefault(stem(part), None)
    return list(terms)[:limit]


def fts5_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression requiring every term as a prefix."""
    return " AND ".join('"' + t.replace('"', '""') + '"*' for t in terms)


def tsquery(terms: list[str]) -> str:
    """A to_tsquery('simple', …) expression requiring every term as a prefix."""
    return " & ".join(f"{t}:*" for t in terms if WORD_RE.fullmatch(t))
