"""The pbx settings the telephony channel reads, and the values they refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_core.errors import ConfigError
from crm_core.settings import USER_FILE_NAME, load_settings


def test_pbx_defaults(tmp_path: Path) -> None:
    pbx = load_settings(tmp_path, environ={}).pbx
    assert (pbx.agi_host, pbx.agi_port, pbx.agi_timeout_ms) == ("127.0.0.1", 4573, 300)
    assert pbx.agent_channel == "PJSIP/{extension}"
    assert (pbx.originate_context, pbx.originate_timeout_s) == ("from-internal", 30)
    assert (pbx.callback_window_minutes, pbx.service_level_s, pbx.stats_window_minutes) == (
        60,
        20,
        60,
    )
    assert (pbx.reconnect_max_delay_s, pbx.simulator_speed) == (30.0, 1.0)
    assert pbx.queue_groups == {}


def test_pbx_values_from_the_file(tmp_path: Path) -> None:
    (tmp_path / USER_FILE_NAME).write_text(
        "[pbx]\n"
        'agent_channel = "Local/{extension}@from-internal/n"\n'
        'originate_context = "click_to-call2"\n'
        'queue_groups = { support = "Support Group", sales = "Отдел продаж" }\n'
        "agi_port = 0\n",
        encoding="utf-8",
    )
    pbx = load_settings(tmp_path, environ={}).pbx
    assert pbx.agent_channel == "Local/{extension}@from-internal/n"
    assert pbx.originate_context == "click_to-call2"
    assert pbx.queue_groups == {"support": "Support Group", "sales": "Отдел продаж"}
    assert pbx.agi_port == 0


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("agent_channel", "PJSIP/101"),
        ("agent_channel", "{extension}"),
        ("agent_channel", "PJSIP/{extension}{extension}"),
        ("agent_channel", "PJSIP/{extension}\r\nAction: Command"),
        ("agent_channel", "PJSIP/{extension},30"),
        ("originate_context", ""),
        ("originate_context", "from-internal,s,1"),
        ("originate_context", "default\r\nAction: Command"),
        ("originate_context", "x" * 65),
        ("originate_context", "контекст"),
        ("agi_port", "70000"),
        ("agi_timeout_ms", "0"),
        ("originate_timeout_s", "0"),
        ("callback_window_minutes", "-1"),
        ("service_level_s", "x"),
        ("stats_window_minutes", "0"),
        ("reconnect_max_delay_s", "0"),
        ("simulator_speed", "0"),
        ("queue_groups", "support"),
    ],
)
def test_bad_pbx_value_names_its_key(tmp_path: Path, key: str, value: str) -> None:
    variable = f"SWITCHBOARD__PBX__{key.upper()}"
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path, environ={variable: value})
    assert info.value.params["key"] == f"pbx.{key}"
    assert info.value.params["source"] == f"environment variable {variable}"


def test_blank_queue_group_is_refused(tmp_path: Path) -> None:
    (tmp_path / USER_FILE_NAME).write_text(
        '[pbx]\nqueue_groups = { support = " " }\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path, environ={})
    assert info.value.params["key"] == "pbx.queue_groups"
