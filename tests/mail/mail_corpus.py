"""The message corpus: raw .eml files under corpus/ and, in expected.json,
what each must parse to; and a strategy that damages corpus messages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class Case:
    name: str
    raw: bytes
    expected: dict[str, Any]


@cache
def expected_facts() -> dict[str, Any]:
    return json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


@cache
def corpus_cases() -> tuple[Case, ...]:
    facts = expected_facts()["messages"]
    return tuple(
        Case(path.name, path.read_bytes(), facts.get(path.name, {}))
        for path in sorted(CORPUS.glob("*.eml"))
    )


def corpus_case(name: str) -> Case:
    return next(case for case in corpus_cases() if case.name == name)


MIME_PIECES = st.sampled_from(
    [
        b"\r\n",
        b"\n\n",
        b"--",
        b'Content-Type: multipart/mixed; boundary="b"\r\n',
        b"--b\r\n",
        b"--b--\r\n",
        b"Content-Transfer-Encoding: base64\r\n",
        b"Content-Transfer-Encoding: quoted-printable\r\n",
        b"=?koi8-r?B?8NLJ18XU?=",
        b"=?x-bogus?Q?=FF?=",
        b"charset=utf-7",
        b"<script>alert(1)</script>",
        b"<img src=http://x/p.gif>",
        b"\xff\xfe\x00",
        b"(((",
        b'"',
        b"\r",
    ]
)


@st.composite
def mutated_corpus_message(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from([case.raw for case in corpus_cases()])))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "repeat"]))
        if action == "flip" and position < len(raw):
            raw[position] ^= draw(st.integers(1, 255))
        elif action == "delete":
            del raw[position : position + draw(st.integers(1, 64))]
        elif action == "insert":
            raw[position:position] = draw(st.one_of(MIME_PIECES, st.binary(max_size=32)))
        elif action == "truncate":
            del raw[position:]
        else:
            raw[position:position] = raw[position : position + draw(st.integers(1, 200))] * 3
    return bytes(raw)
