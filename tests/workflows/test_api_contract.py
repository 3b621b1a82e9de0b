"""The API document spells the workflow channel's names (the console may not
import the channel); they must be the names the channel checks."""

from __future__ import annotations

from agent_ui.api.openapi.operations import workflows as document
from workflows import definitions


def test_the_document_names_what_the_channel_accepts() -> None:
    assert document.TRIGGERS == definitions.TRIGGERS
    assert document.OPERATORS == definitions.OPERATORS
    assert document.ACTIONS == definitions.ACTIONS
    assert document.TRIGGER["properties"]["every"]["enum"] == list(definitions.EVERY)
