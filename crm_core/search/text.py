"""Search terms for Russian and English text, the same on SQLite and PostgreSQL.

Words are stemmed here with Snowball (Russian for Cyrillic words, English for
Latin ones) and the stems are what both databases index. So "заявки" finds
"заявка" on either database, without depending on which dictionaries a
PostgreSQL server has installed: SQLite's FTS5 and PostgreSQL's 'simple'
configuration only lower-case and split what they are given. Query words
become prefix terms, so results appear while a user is still typing.

Snowball does not undo fleeting vowels: "звонок" and "звонка" stem to
"звонок" and "звонк", so a search for the first misses the second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

# Letters and digits only: the underscore that \w also matches is a separator
# to both FTS5's unicode61 tokenizer and PostgreSQL's parser, so keeping it
# inside a term would index something neither database can look up.
WORD_RE = re.compile(r"[^\W_]+")
CYRILLIC_WORD_RE = re.compile(r"[а-яё]+")
LATIN_WORD_RE = re.compile(r"[a-z]+")

MAX_TOKEN_LENGTH = 64
"""Longer runs (hashes, base64 in a pasted mail) are cut: nobody types them in
full, and PostgreSQL skips words over 2047 bytes rather than indexing them."""

_RUSSIAN = snowballstemmer.stemmer("russian")
_ENGLISH = snowballstemmer.stemmer("english")


def tokens(text: str) -> list[str]:
    """The words of ``text``, lower-cased, in order, repeats kept.

    NFC first, so that text pasted in decomposed form ("й" as и + breve) reads
    as people see it. Not NFKC: it turns "№5" into "no5", and "5" would no
    longer find "Заявка №5". ё becomes е because people type both for one word.
    """
    folded = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return [word[:MAX_TOKEN_LENGTH] for word in WORD_RE.findall(folded)]


@lru_cache(maxsize=65_536)
def stem(token: str) -> str:
    """The Snowball stem of a lower-case word; words mixing scripts or holding
    digits ("tt000123", a Latin "с" typed inside a Russian word) stay as they
    are, since no stemmer knows their endings. Cached because the same few
    thousand words make up nearly all CRM text.
    """
    if CYRILLIC_WORD_RE.fullmatch(token):
        stemmed: str = _RUSSIAN.stemWord(token)
    elif LATIN_WORD_RE.fullmatch(token):
        stemmed = _ENGLISH.stemWord(token)
    else:
        return token
    return stemmed or token


def document_terms(texts: Iterable[str | None]) -> str:
    """What a record's search index row holds for the given field values.

    Each word's stem, and the word itself when it differs, because a query term
    is a stem used as a prefix and a partly typed word ("happy" → "happi", but
    "happ" typed so far) is a prefix of the word, not always of its stem.
    """
    seen: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        for token in tokens(text):
            seen.setdefault(stem(token), None)
            seen.setdefault(token, None)
    return " ".join(seen)


def query_terms(query: str, limit: int = 8) -> list[str]:
    """The distinct stems of the query's words, first ``limit`` of them, each to
    be matched as a prefix. An empty list means there is nothing to search for,
    which callers must check: an empty match expression is an error in FTS5.
    """
    terms: dict[str, None] = {}
    for token in tokens(query):
        terms.setdefault(stem(token), None)
        if len(terms) >= limit:
            break
    return list(terms)[:limit]


def fts5_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression requiring every term as a prefix.

    Each term is a quoted string, so FTS5 operators and column filters inside a
    term are plain text; the quote itself is escaped by doubling, and NUL, which
    ends FTS5's reading of the expression mid-string, is dropped.
    """
    return " AND ".join('"' + term.replace("\x00", "").replace('"', '""') + '"*' for term in terms)


def tsquery(terms: list[str]) -> str:
    """A ``to_tsquery('simple', …)`` text requiring every term as a prefix.

    Only the letters and digits of a term are used, so tsquery operators
    (``|``, ``!``, ``<->``, quotes) cannot reach the query; terms from
    query_terms consist of nothing else.
    """
    return " & ".join(f"{word}:*" for term in terms for word in WORD_RE.findall(term))
