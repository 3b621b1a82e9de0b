"""A test that takes ``case`` runs once per corpus message (see mail_corpus)."""

from __future__ import annotations

import pytest
from mail_corpus import corpus_cases, expected_facts


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", corpus_cases(), ids=lambda case: case.name)


@pytest.fixture
def own_addresses() -> list[str]:
    return list(expected_facts()["own_addresses"])
