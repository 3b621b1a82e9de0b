"""The package tree's promise: crm_core imports no channel, channels import no
other channel. Checked on the source, so a violation fails before it ships."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHANNELS = ("pbx", "mail", "portal", "agent_ui", "workflows")
PACKAGES = ("crm_core", *CHANNELS)


def imported_packages(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in PACKAGES and top != package:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_crm_core_imports_no_channel() -> None:
    assert imported_packages("crm_core") == {}


@pytest.mark.parametrize("channel", CHANNELS)
def test_channels_import_only_crm_core(channel: str) -> None:
    others = {k: v for k, v in imported_packages(channel).items() if k != "crm_core"}
    assert others == {}
