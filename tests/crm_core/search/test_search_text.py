"""Search terms: Russian and English word forms meet, and no query text escapes its term."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_core.search.text import document_terms, fts5_match, query_terms, stem, tokens, tsquery

WORD = re.compile(r"[^\W_]+")


def matches(query: str, *texts: str) -> bool:
    """Whether every query term is a prefix of some indexed term, as both databases match."""
    indexed = document_terms(texts).split()
    return all(any(t.startswith(q) for t in indexed) for q in query_terms(query))


# -- tokens -------------------------------------------------------------------------------


def test_tokens_are_lower_case_words() -> None:
    assert tokens("Новая ЗАЯВКА: Printer broken!") == ["новая", "заявка", "printer", "broken"]


def test_yo_reads_as_ye() -> None:
    assert tokens("Ёлка и ёж") == ["елка", "и", "еж"]
    assert stem("ёлка") == stem("елка")
    assert matches("елка", "Ёлка в офисе")
    assert matches("ёлки", "елка в офисе")


def test_decomposed_letters_are_composed() -> None:
    decomposed = "и\u0306од"  # "йод" with the breve as a separate mark
    assert tokens(decomposed) == ["йод"]


def test_record_number_splits_at_hyphen() -> None:
    assert tokens("TT-000123") == ["tt", "000123"]
    assert query_terms("TT-000123") == ["tt", "000123"]
    assert matches("TT-000123", "Ticket TT-000123")
    assert matches("000123", "TT-000123")
    assert matches("tt-0001", "TT-000123")


def test_numbers_are_tokens() -> None:
    assert tokens("Заявка №5 от 12.03.2026, сумма 1500") == [
        "заявка",
        "5",
        "от",
        "12",
        "03",
        "2026",
        "сумма",
        "1500",
    ]
    assert matches("5", "Заявка №5")
    assert matches("150", "сумма 1500")


def test_underscore_separates_words() -> None:
    assert tokens("snake_case __init__") == ["snake", "case", "init"]


def test_very_long_runs_are_cut() -> None:
    (token,) = tokens("a" * 10_000)
    assert len(token) == 64
    assert matches("a" * 10_000, "a" * 10_000)


# -- stems --------------------------------------------------------------------------------


def test_russian_word_forms_share_a_stem() -> None:
    assert stem("заявка") == stem("заявки") == stem("заявкой") == stem("заявку") == "заявк"
    assert stem("клиент") == stem("клиенту") == stem("клиентов")


def test_english_word_forms_share_a_stem() -> None:
    assert stem("ticket") == stem("tickets") == "ticket"
    assert stem("connecting") == stem("connected") == stem("connection") == "connect"


def test_words_no_stemmer_knows_stay_as_they_are() -> None:
    for token in ["tt000123", "000123", "straße", "café", "日本語", "cаша"]:  # "cаша": Latin c
        assert stem(token) == token


def test_stem_is_never_empty() -> None:
    for token in ["а", "и", "я", "ее", "s", "a", "ing"]:
        assert stem(token)


# -- document and query terms -------------------------------------------------------------


def test_document_terms_keep_the_word_next_to_its_stem() -> None:
    assert document_terms(["Новая заявка", None, "", "новая заявка"]) == ("нов новая заявк заявка")
    assert document_terms(["Happy tickets"]).split() == ["happi", "happy", "ticket", "tickets"]


def test_document_terms_of_nothing() -> None:
    assert document_terms([]) == ""
    assert document_terms([None, "", "—!?"]) == ""


@pytest.mark.parametrize("query", ["заявка", "заявки", "заявкой", "заявку", "заяв", "ЗАЯВКИ"])
def test_russian_forms_find_each_other(query: str) -> None:
    assert matches(query, "Новая заявка")
    assert matches(query, "Поступило три заявки")


def test_query_for_plural_finds_singular() -> None:
    assert query_terms("заявки") == ["заявк"]
    assert matches("заявки", "Новая заявка")


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("tickets", "Ticket closed"),
        ("ticket", "Two tickets"),
        ("connecting", "Customer connected"),
        ("connected", "Connecting the line"),
        ("happy", "Happiness survey"),
        ("happ", "Happy customer"),
        ("connecti", "Connecting the line"),
    ],
)
def test_english_forms_find_each_other(query: str, text: str) -> None:
    assert matches(query, text)


def test_mixed_russian_and_english() -> None:
    text = "Клиент не может подключиться к VPN, tickets escalated"
    assert matches("клиенты vpn", text)
    assert matches("escalating ticket", text)
    assert matches("подключение", text) is False  # different stem: "подключен"
    assert matches("подключиться", text)
    assert not matches("заявка vpn", text)


def test_query_terms_deduplicate_and_limit() -> None:
    assert query_terms("заявка заявки Заявкой") == ["заявк"]
    words = " ".join(f"word{i}" for i in range(20))
    assert query_terms(words) == [f"word{i}" for i in range(8)]
    assert query_terms(words, limit=3) == ["word0", "word1", "word2"]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "-- ; ' \" * ()", "___", "№ — …"])
def test_query_without_words_gives_no_terms(query: str) -> None:
    assert query_terms(query) == []


# -- match expressions --------------------------------------------------------------------


def test_fts5_match_ands_quoted_prefixes() -> None:
    assert fts5_match(["заявк", "tt"]) == '"заявк"* AND "tt"*'
    assert fts5_match(['a"b']) == '"a""b"*'
    assert fts5_match(["a\x00b"]) == '"ab"*'


def test_tsquery_ands_prefixes() -> None:
    assert tsquery(["заявк", "tt"]) == "заявк:* & tt:*"


def test_tsquery_keeps_only_word_characters() -> None:
    assert tsquery(["a'b", "x | !y", "<->", "tt"]) == "a:* & b:* & x:* & y:* & tt:*"


@given(st.text())
def test_terms_hold_only_word_characters(text: str) -> None:
    for term in [*query_terms(text), *document_terms([text]).split()]:
        assert WORD.fullmatch(term)
    terms = query_terms(text)
    assert tsquery(terms) == " & ".join(f"{t}:*" for t in terms)


def fts5_rows(expression: str) -> list[int]:
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(terms)")
        db.execute("INSERT INTO t(rowid, terms) VALUES (1, 'x')")
        rows = db.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,))
        return [rid for (rid,) in rows]
    finally:
        db.close()


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_fts5_match_is_always_valid(terms: list[str]) -> None:
    fts5_rows(fts5_match(terms))


@pytest.mark.parametrize(
    "term",
    ['nomatch" OR "x', 'nomatch"* OR x', 'nomatch" OR x OR "', "nomatch OR x", "terms: x", "x\x00"],
)
def test_fts5_terms_cannot_break_out(term: str) -> None:
    assert fts5_rows(fts5_match(["x"])) == [1]
    assert fts5_rows(fts5_match([term, "nomatch"])) == []


# -- a real FTS5 index --------------------------------------------------------------------

DOCUMENTS = {
    1: ["Новая заявка", "Клиент не может подключиться к VPN"],
    2: ["Заявки на ремонт принтера", None],
    3: ["Tickets escalated to the second line", "Connected via SIP trunk"],
    4: ["TT-000123", "Счёт на оплату, оплатил частично"],
    5: ["Connecting customer calls", "Звонок от клиента"],
}


@pytest.fixture
def fts() -> Iterator[sqlite3.Connection]:
    """An FTS5 table with the tokenizer the search_fts migration declares."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(terms, "
        "tokenize='unicode61 remove_diacritics 0')"
    )
    db.executemany(
        "INSERT INTO search_fts(rowid, terms) VALUES (?, ?)",
        [(rid, document_terms(texts)) for rid, texts in DOCUMENTS.items()],
    )
    yield db
    db.close()


def found(db: sqlite3.Connection, query: str) -> set[int]:
    rows = db.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH ?",
        (fts5_match(query_terms(query)),),
    )
    return {rid for (rid,) in rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("заявка", {1, 2}),
        ("заявки", {1, 2}),
        ("заявкой", {1, 2}),
        ("заяв", {1, 2}),
        ("новые заявки", {1}),
        ("клиенту", {1, 5}),
        ("ticket", {3}),
        ("escalating tickets", {3}),
        ("connect", {3, 5}),
        ("connecting", {3, 5}),
        ("connected", {3, 5}),
        ("TT-000123", {4}),
        ("000123", {4}),
        ("tt-0001", {4}),
        ("счет", {4}),
        ("счёта", {4}),
        ("оплата", {4}),
        ("vpn клиент", {1}),
        ("принтер", {2}),
        ("sip", {3}),
        ("звонок", {5}),
        ("факс", set()),
        ('"заявка" OR NOT', set()),
        ("заявка OR ticket", set()),
        ("terms:заявка", set()),
    ],
)
def test_fts5_finds_word_forms(fts: sqlite3.Connection, query: str, expected: set[int]) -> None:
    assert found(fts, query) == expected
