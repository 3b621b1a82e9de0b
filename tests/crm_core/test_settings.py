import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from crm_core.errors import ConfigError
from crm_core.settings import (
    DATA_DIR_ENV,
    MASK,
    SECTIONS,
    USER_FILE_NAME,
    ImapAccountSettings,
    Settings,
    effective_settings,
    load_settings,
)

DEFAULT_TOML = Path(__file__).parents[2] / "config" / "default.toml"


def write_user_file(data_dir: Path, text: str) -> Path:
    path = data_dir / USER_FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path


def model_defaults() -> dict[str, dict[str, Any]]:
    defaults: dict[str, dict[str, Any]] = {}
    for name, model in SECTIONS.items():
        section = model().model_dump()
        defaults[name] = {
            key: value.get_secret_value() if isinstance(value, SecretStr) else value
            for key, value in section.items()
        }
    return defaults


def config_error(data_dir: Path, environ: dict[str, str] | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_settings(data_dir, environ={} if environ is None else environ)
    return info.value


def test_defaults_load_without_a_user_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, environ={})
    assert settings.data_dir == tmp_path.resolve()
    assert settings.server.port == 8080
    assert settings.locale.default_region == "RU"
    assert settings.pbx.secret.get_secret_value() == "switchboard"
    assert settings.pbx.simulator is False
    assert settings.channels.workflows is True
    assert settings.logging.level == "INFO"


def test_data_dir_is_resolved_to_an_absolute_path(tmp_path: Path, monkeypatch: Any) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    settings = load_settings(Path("data"), environ={})
    assert settings.data_dir == (tmp_path / "data").resolve()
    assert settings.data_dir.is_absolute()


def test_user_file_overrides_defaults(tmp_path: Path) -> None:
    write_user_file(
        tmp_path,
        '[server]\nport = 9000\n[pbx]\nsimulator = true\nsecret = "s3"\n'
        '[locale]\nlanguage = "en"\n',
    )
    settings = load_settings(tmp_path, environ={})
    assert settings.server.port == 9000
    assert settings.server.host == "127.0.0.1"
    assert settings.pbx.simulator is True
    assert settings.pbx.secret.get_secret_value() == "s3"
    assert settings.locale.language == "en"


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    write_user_file(tmp_path, "[pbx]\nport = 6000\nsimulator = false\n")
    environ = {
        "SWITCHBOARD__PBX__PORT": "7000",
        "SWITCHBOARD__PBX__SIMULATOR": "true",
        "SWITCHBOARD__PBX__SIMULATOR_CALLS_PER_MINUTE": "1.5",
        "UNRELATED": "x",
    }
    settings = load_settings(tmp_path, environ=environ)
    assert settings.pbx.port == 7000
    assert settings.pbx.simulator is True
    assert settings.pbx.simulator_calls_per_minute == 1.5


def test_environment_names_are_case_insensitive(tmp_path: Path) -> None:
    environ = {"SWITCHBOARD__Mail__SMTP_Port": "2600", "switchboard__logging__level": "DEBUG"}
    settings = load_settings(tmp_path, environ=environ)
    assert settings.mail.smtp_port == 2600
    assert settings.logging.level == "DEBUG"


def test_data_dir_variable_is_not_a_setting(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, environ={DATA_DIR_ENV: "/elsewhere"})
    assert settings.data_dir == tmp_path.resolve()


def test_data_dir_cannot_be_set_in_the_file(tmp_path: Path) -> None:
    write_user_file(tmp_path, 'data_dir = "/elsewhere"\n')
    error = config_error(tmp_path)
    assert error.params["key"] == "data_dir"
    assert error.params["reason"] == "unknown section"


def test_bad_integer_in_file_names_file_key_and_value(tmp_path: Path) -> None:
    path = write_user_file(tmp_path, '[mail]\nsmtp_port = "99x"\n')
    error = config_error(tmp_path)
    assert str(path.resolve()) in str(error)
    assert "mail.smtp_port" in str(error)
    assert "99x" in str(error)
    assert error.params == {
        "source": str(path.resolve()),
        "key": "mail.smtp_port",
        "reason": "expected an integer, got '99x'",
    }
    assert error.code == "config_invalid"


def test_bad_value_from_environment_names_the_variable(tmp_path: Path) -> None:
    write_user_file(tmp_path, "[pbx]\nport = 6000\n")
    error = config_error(tmp_path, {"SWITCHBOARD__PBX__PORT": "five"})
    assert error.params["source"] == "environment variable SWITCHBOARD__PBX__PORT"
    assert error.params["key"] == "pbx.port"
    assert "'five'" in error.params["reason"]


def test_out_of_range_value_is_reported(tmp_path: Path) -> None:
    error = config_error(tmp_path, {"SWITCHBOARD__SERVER__PORT": "70000"})
    assert error.params["key"] == "server.port"
    assert error.params["reason"] == "must be at most 65535, got '70000'"


def test_unknown_key_in_file_is_an_error(tmp_path: Path) -> None:
    path = write_user_file(tmp_path, "[mail]\nsmtp_prot = 25\n")
    error = config_error(tmp_path)
    assert error.params == {
        "source": str(path.resolve()),
        "key": "mail.smtp_prot",
        "reason": "unknown setting",
    }


def test_unknown_section_in_file_is_an_error(tmp_path: Path) -> None:
    path = write_user_file(tmp_path, "[imap]\nport = 993\n")
    error = config_error(tmp_path)
    assert error.params == {
        "source": str(path.resolve()),
        "key": "imap",
        "reason": "unknown section",
    }


def test_section_that_is_not_a_table_is_an_error(tmp_path: Path) -> None:
    write_user_file(tmp_path, "mail = 5\n")
    error = config_error(tmp_path)
    assert error.params["key"] == "mail"
    assert error.params["reason"] == "expected a table, got 5"


def test_unknown_key_and_section_from_environment_are_errors(tmp_path: Path) -> None:
    error = config_error(tmp_path, {"SWITCHBOARD__PBX__PROT": "1"})
    assert error.params["source"] == "environment variable SWITCHBOARD__PBX__PROT"
    assert error.params["key"] == "pbx.prot"
    assert error.params["reason"] == "unknown setting"

    error = config_error(tmp_path, {"SWITCHBOARD__IMAP__PORT": "993"})
    assert error.params["key"] == "imap"
    assert error.params["reason"] == "unknown section"

    error = config_error(tmp_path, {"SWITCHBOARD__PORT": "1"})
    assert error.params["source"] == "environment variable SWITCHBOARD__PORT"


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write_user_file(tmp_path, "[server]\nport = 8080\nhost = \n")
    error = config_error(tmp_path)
    assert error.params["source"] == str(path.resolve())
    assert error.params["key"] == "line 3"
    assert str(path.resolve()) in str(error)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("default_region", "XX"),
        ("default_region", "ru"),
        ("default_region", "001"),
        ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", "../etc/passwd"),
        ("language", "de"),
    ],
)
def test_bad_locale_values_are_rejected(tmp_path: Path, key: str, value: str) -> None:
    path = write_user_file(tmp_path, f'[locale]\n{key} = "{value}"\n')
    error = config_error(tmp_path)
    assert error.params["source"] == str(path.resolve())
    assert error.params["key"] == f"locale.{key}"
    assert error.params["reason"].endswith(f", got {value!r}")


def test_good_locale_values_are_accepted(tmp_path: Path) -> None:
    write_user_file(
        tmp_path, '[locale]\ndefault_region = "DE"\ntime_zone = "UTC"\nlanguage = "en"\n'
    )
    locale = load_settings(tmp_path, environ={}).locale
    assert (locale.default_region, locale.time_zone, locale.language) == ("DE", "UTC", "en")


def test_database_url_defaults_to_sqlite_in_data_dir(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, environ={})
    expected = f"sqlite+aiosqlite:///{tmp_path.resolve() / 'switchboard.db'}"
    assert settings.database_url == expected


def test_database_url_uses_configured_url(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://crm@db.local/crm"
    settings = load_settings(tmp_path, environ={"SWITCHBOARD__DATABASE__URL": url})
    assert settings.database_url == url


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, environ={})
    with pytest.raises(ValueError, match="frozen"):
        settings.server.port = 1


def test_effective_settings_masks_secrets(tmp_path: Path) -> None:
    environ = {
        "SWITCHBOARD__DATABASE__URL": "postgresql+asyncpg://crm:hunter2@db.local:5432/crm",
        "SWITCHBOARD__PBX__SECRET": "amisecret",
    }
    shown = effective_settings(load_settings(tmp_path, environ=environ))
    assert shown["database"]["url"] == f"postgresql+asyncpg://crm:{MASK}@db.local:5432/crm"
    assert shown["pbx"]["secret"] == MASK
    assert shown["pbx"]["username"] == "switchboard"
    assert shown["data_dir"] == str(tmp_path.resolve())
    text = repr(shown)
    assert "hunter2" not in text
    assert "amisecret" not in text


def test_effective_settings_lists_every_key(tmp_path: Path) -> None:
    shown = effective_settings(load_settings(tmp_path, environ={}))
    defaults = model_defaults()
    assert {name: set(section) for name, section in defaults.items()} == {
        name: set(section) for name, section in shown.items() if name != "data_dir"
    }
    assert shown["server"] == defaults["server"]


def test_errors_never_echo_a_secret(tmp_path: Path) -> None:
    write_user_file(tmp_path, "[pbx]\nsecret = 12345\n")
    error = config_error(tmp_path)
    assert error.params["key"] == "pbx.secret"
    assert "12345" not in str(error)

    other = tmp_path / "other"
    other.mkdir()
    url_error = config_error(other, {"SWITCHBOARD__DATABASE__POOL_SIZE": "postgres://u:pw@h/db"})
    assert "pw@" not in str(url_error)
    assert f"u:{MASK}@h" in str(url_error)


def test_default_toml_matches_model_defaults() -> None:
    with DEFAULT_TOML.open("rb") as fp:
        documented = tomllib.load(fp)
    assert documented == model_defaults()


def test_default_toml_loads_as_a_user_file(tmp_path: Path) -> None:
    write_user_file(tmp_path, DEFAULT_TOML.read_text(encoding="utf-8"))
    assert load_settings(tmp_path, environ={}) == Settings(data_dir=tmp_path.resolve())


def test_default_toml_explains_every_key() -> None:
    lines = DEFAULT_TOML.read_text(encoding="utf-8").splitlines()
    explained: dict[str, set[str]] = {}
    section = ""
    for number, line in enumerate(lines):
        if header := re.fullmatch(r"\[(\w+)\]", line):
            section = header.group(1)
        elif assignment := re.match(r"(\w+) = ", line):
            assert lines[number - 1].startswith("# "), f"no comment above {section}.{line}"
            explained.setdefault(section, set()).add(assignment.group(1))
    assert explained == {name: set(model.model_fields) for name, model in SECTIONS.items()}


# IMAP accounts: a list of [[mail.imap]] tables.

IMAP_ACCOUNT = 'host = "imap.example.com"\nusername = "support"\npassword = "imapsecret"\n'


DUPLICATE = (
    "the same host, username and folder as mail.imap[{first}]; an account's folder is polled once"
)


def imap_tables(*extra: str) -> str:
    """``[[mail.imap]]`` tables: the base account plus each of ``extra``'s lines."""
    return "".join(f"[[mail.imap]]\n{IMAP_ACCOUNT}{lines}" for lines in extra)


def test_imap_accounts_are_tables_with_defaults(tmp_path: Path) -> None:
    write_user_file(
        tmp_path,
        '[mail]\ndomain = "shop.example"\n'
        + imap_tables(
            "",
            'folder = "Sales"\nmailbox = " Sales@Shop.Example "\nmove_to = " inbox/done "\n'
            "ssl = false\nstarttls = true\nport = 143\npoll_s = 5\n",
        ),
    )
    first, second = load_settings(tmp_path, environ={}).mail.imap
    assert (first.host, first.port, first.ssl, first.starttls) == (
        "imap.example.com",
        993,
        True,
        False,
    )
    assert (first.folder, first.mailbox, first.move_to, first.poll_s) == ("INBOX", "", "", 60)
    assert first.password.get_secret_value() == "imapsecret"
    assert (second.folder, second.mailbox, second.move_to) == (
        "Sales",
        "sales@shop.example",
        "inbox/done",
    )
    assert (second.port, second.ssl, second.starttls, second.poll_s) == (143, False, True, 5)


def test_no_imap_account_by_default(tmp_path: Path) -> None:
    assert load_settings(tmp_path, environ={}).mail.imap == []


@pytest.mark.parametrize(
    ("tables", "key", "reason"),
    [
        (imap_tables("", ""), "mail.imap[1]", DUPLICATE.format(first=0)),
        (
            imap_tables('folder = "Sales"\n', "port = 143\nssl = false\n", 'folder = "Sales"\n'),
            "mail.imap[2]",
            DUPLICATE.format(first=0),
        ),
        (
            # Host names ignore case, and so does INBOX (and only INBOX).
            imap_tables("", 'folder = "inbox"\n').replace(
                "imap.example.com", "IMAP.Example.COM", 1
            ),
            "mail.imap[1]",
            DUPLICATE.format(first=0),
        ),
        (
            imap_tables("starttls = true\n"),
            "mail.imap[0].starttls",
            "STARTTLS upgrades a plain connection: set ssl = false to use it",
        ),
        (
            imap_tables('move_to = "Inbox"\n'),
            "mail.imap[0].move_to",
            "is the folder mail is taken from: it would be fetched again",
        ),
        (
            imap_tables('folder = "Sales"\n', 'move_to = "Sales"\n'),
            "mail.imap[1].move_to",
            "is the folder mail.imap[0] polls: moved mail would be fetched again",
        ),
        (imap_tables('port = "99x"\n'), "mail.imap[0].port", "expected an integer, got '99x'"),
        (imap_tables("port = 0\n"), "mail.imap[0].port", "must be at least 1, got 0"),
        (imap_tables("poll_s = 0\n"), "mail.imap[0].poll_s", "must be at least 1, got 0"),
        (imap_tables("prot = 993\n"), "mail.imap[0].prot", "unknown setting"),
        (imap_tables('folder = " "\n'), "mail.imap[0].folder", "must not be empty, got ' '"),
        (
            imap_tables("").replace('"imap.example.com"', '"imaps://imap.example.com"'),
            "mail.imap[0].host",
            "expected a host name such as 'imap.example.com', without a scheme, "
            "got 'imaps://imap.example.com'",
        ),
        (
            imap_tables('mailbox = "support"\n'),
            "mail.imap[0].mailbox",
            "expected an email address such as 'support@example.com', got 'support'",
        ),
        ('[[mail.imap]]\nhost = "imap.example.com"\n', "mail.imap[0].username", "missing setting"),
        ('[[mail.imap]]\nusername = "support"\n', "mail.imap[0].host", "missing setting"),
        ('[mail]\nimap_host = "imap.example.com"\n', "mail.imap_host", "unknown setting"),
    ],
)
def test_bad_imap_accounts_name_the_account_and_key(
    tmp_path: Path, tables: str, key: str, reason: str
) -> None:
    path = write_user_file(tmp_path, tables)
    error = config_error(tmp_path)
    assert error.params == {"source": str(path.resolve()), "key": key, "reason": reason}
    assert str(error) == f"{path.resolve()}: {key}: {reason}"
    assert "imapsecret" not in str(error)


def test_distinct_folders_of_one_account_are_accepted(tmp_path: Path) -> None:
    write_user_file(
        tmp_path,
        imap_tables('move_to = "Done"\n', 'folder = "Sales"\n', 'folder = "sales"\n'),
    )
    accounts = load_settings(tmp_path, environ={}).mail.imap
    assert [a.folder for a in accounts] == ["INBOX", "Sales", "sales"]


def test_a_single_imap_table_is_explained_without_its_password(tmp_path: Path) -> None:
    write_user_file(tmp_path, f"[mail.imap]\n{IMAP_ACCOUNT}")
    error = config_error(tmp_path)
    assert error.params["key"] == "mail.imap"
    assert error.params["reason"].startswith(
        "expected [[mail.imap]] tables (two brackets), one per account, got {"
    )
    assert "imapsecret" not in str(error)
    assert f"'password': '{MASK}'" in str(error)


def test_imap_accounts_cannot_come_from_the_environment(tmp_path: Path) -> None:
    error = config_error(tmp_path, {"SWITCHBOARD__MAIL__IMAP": "imap.example.com"})
    assert error.params["source"] == "environment variable SWITCHBOARD__MAIL__IMAP"
    assert error.params["key"] == "mail.imap"
    assert error.params["reason"].startswith("expected [[mail.imap]] tables")


def test_effective_settings_masks_imap_passwords(tmp_path: Path) -> None:
    write_user_file(tmp_path, imap_tables("", 'folder = "Sales"\n'))
    shown = effective_settings(load_settings(tmp_path, environ={}))
    assert [a["password"] for a in shown["mail"]["imap"]] == [MASK, MASK]
    assert shown["mail"]["imap"][1]["folder"] == "Sales"
    assert "imapsecret" not in repr(shown)
    json.dumps(shown)  # plain data, as `switchboard config show` prints it


def test_default_toml_example_account_is_complete_and_valid() -> None:
    """The commented [[mail.imap]] example documents every account key."""
    lines = DEFAULT_TOML.read_text(encoding="utf-8").splitlines()
    start = lines.index("#   [[mail.imap]]")
    example = []
    for line in lines[start:]:
        if not line.startswith("#   "):
            break
        example.append(line.removeprefix("#   "))
    account = tomllib.loads("\n".join(example))["mail"]["imap"][0]
    assert set(account) == set(ImapAccountSettings.model_fields)
    assert ImapAccountSettings.model_validate(account).host == "imap.example.com"
