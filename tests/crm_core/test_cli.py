"""The `switchboard` command, run as a user runs it: a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    [],
    ["init"],
    ["run"],
    ["demo"],
    ["db"],
    ["db", "upgrade"],
    ["user"],
    ["user", "add"],
    ["config"],
    ["config", "show"],
]


def switchboard(
    *args: str, data_dir: Path | None = None, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD")}
    environ.update(env or {})
    if data_dir is not None:
        environ["SWITCHBOARD_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "crm_core.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "main")
def test_every_command_has_help(command: list[str]) -> None:
    result = switchboard(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
    if command and command[-1] not in ("db", "user", "config"):
        assert "--data-dir" in result.stdout


def test_init_user_add_and_config_show(tmp_path: Path) -> None:
    data = tmp_path / "instance"
    first = switchboard(
        "init",
        "--admin-user",
        "boss",
        "--admin-password-stdin",
        data_dir=data,
        stdin="correct horse\n",
    )
    assert first.returncode == 0, first.stderr
    assert (data / "switchboard.db").exists()
    assert "administrator boss added" in first.stdout
    again = switchboard("init", data_dir=data)
    assert again.returncode == 0, again.stderr

    added = switchboard(
        "user",
        "add",
        "agent7",
        "--last-name",
        "Семёнов",
        "--extension",
        "207",
        "--password-stdin",
        data_dir=data,
        stdin="a-long-password\n",
    )
    assert added.returncode == 0, added.stderr
    duplicate = switchboard(
        "user",
        "add",
        "agent7",
        "--last-name",
        "X",
        "--password-stdin",
        data_dir=data,
        stdin="a-long-password\n",
    )
    assert duplicate.returncode == 2
    assert duplicate.stderr.count("\n") == 1
    assert "agent7" in duplicate.stderr and "Traceback" not in duplicate.stderr
    short = switchboard(
        "user",
        "add",
        "agent8",
        "--last-name",
        "X",
        "--password-stdin",
        data_dir=data,
        stdin="short\n",
    )
    assert short.returncode == 2
    assert "password" in short.stderr

    shown = switchboard(
        "config",
        "show",
        data_dir=data,
        env={"SWITCHBOARD__DATABASE__URL": "postgresql+asyncpg://crm:hunter2@db.example/crm"},
    )
    assert shown.returncode == 0, shown.stderr
    assert "hunter2" not in shown.stdout
    assert '"port": 8080' in shown.stdout


def test_two_instances_side_by_side(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert switchboard("init", data_dir=tmp_path / name).returncode == 0
    assert (
        switchboard(
            "user",
            "add",
            "only.in.a",
            "--last-name",
            "A",
            "--password-stdin",
            data_dir=tmp_path / "a",
            stdin="password-a\n",
        ).returncode
        == 0
    )
    again_in_b = switchboard(
        "user",
        "add",
        "only.in.a",
        "--last-name",
        "B",
        "--password-stdin",
        data_dir=tmp_path / "b",
        stdin="password-b\n",
    )
    assert again_in_b.returncode == 0, again_in_b.stderr


def test_invalid_setting_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "switchboard.toml").write_text('[server]\nport = "99x"\n')
    result = switchboard("config", "show", data_dir=tmp_path)
    assert result.returncode == 2
    assert "server.port" in result.stderr and "99x" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_refuses_an_uninitialised_database(tmp_path: Path) -> None:
    result = switchboard("run", data_dir=tmp_path, env={"SWITCHBOARD__SERVER__PORT": "0"})
    assert result.returncode == 2
    assert "switchboard db upgrade" in result.stderr
    assert "Traceback" not in result.stderr
