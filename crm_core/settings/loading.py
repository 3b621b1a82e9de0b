"""Loading the settings: the layers merged (defaults, the user file, the
environment), validated in one pass, and errors and echoes with secrets masked."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, SecretStr, ValidationError
from pydantic_core import ErrorDetails

from crm_core.errors import ConfigError
from crm_core.settings.base import (
    DEFAULTS_SOURCE,
    ENV_PREFIX,
    MASK,
    RULE_ERROR,
    SECRET_KEY_NAMES,
    SQLITE_FILE_NAME,
    USER_FILE_NAME,
    Section,
)
from crm_core.settings.channels import MailSettings, PbxSettings, PortalSettings, WebFormSettings
from crm_core.settings.hub import (
    AuthSettings,
    ChannelSettings,
    DatabaseSettings,
    FileSettings,
    LocaleSettings,
    LoggingSettings,
    ServerSettings,
)


class Settings(Section):
    """Everything start-up needs; ``data_dir`` is where it was loaded from.

    ``data_dir`` is not a section: it is chosen on the command line or by
    SWITCHBOARD_DATA_DIR before the user file can even be found, so
    ``load_settings`` refuses it in the file and in ``SWITCHBOARD__*``.
    """

    data_dir: Path
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    locale: LocaleSettings = Field(default_factory=LocaleSettings)
    channels: ChannelSettings = Field(default_factory=ChannelSettings)
    pbx: PbxSettings = Field(default_factory=PbxSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    files: FileSettings = Field(default_factory=FileSettings)
    webforms: WebFormSettings = Field(default_factory=WebFormSettings)
    portal: PortalSettings = Field(default_factory=PortalSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)

    @property
    def database_url(self) -> str:
        """The URL to connect to; an empty setting keeps the data in the data directory."""
        if self.database.url:
            return self.database.url
        return f"sqlite+aiosqlite:///{self.data_dir / SQLITE_FILE_NAME}"


SECTIONS: dict[str, type[BaseModel]] = {
    name: field.annotation
    for name, field in Settings.model_fields.items()
    if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
}

Origins = dict[tuple[str, ...], str]


def load_settings(data_dir: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings for ``data_dir``; raise ConfigError on the first bad value.

    Layers, later wins: model defaults, ``<data_dir>/switchboard.toml``, then
    ``SWITCHBOARD__SECTION__KEY`` variables. Validation runs once on the merged
    values so a value is checked the same way whichever layer supplied it.
    """
    data_dir = data_dir.expanduser().resolve()
    values: dict[str, dict[str, Any]] = {}
    origins: Origins = {}
    user_file = data_dir / USER_FILE_NAME
    if user_file.is_file():
        _merge_file(values, origins, user_file)
    _merge_environ(values, origins, os.environ if environ is None else environ)
    try:
        return Settings.model_validate({**values, "data_dir": data_dir})
    except ValidationError as exc:
        raise _config_error(exc.errors()[0], origins) from None


def _merge_file(values: dict[str, dict[str, Any]], origins: Origins, path: Path) -> None:
    source = str(path)
    try:
        with path.open("rb") as fp:
            data = tomllib.load(fp)
    except tomllib.TOMLDecodeError as exc:
        # tomllib reports the position only inside the message: "... (at line 3, column 7)".
        match = re.fullmatch(r"(.*) \(at line (\d+), column \d+\)", str(exc))
        if match is None:
            raise ConfigError(source=source, key="(file)", reason=str(exc)) from None
        reason = f"invalid TOML: {match.group(1)}"
        raise ConfigError(source=source, key=f"line {match.group(2)}", reason=reason) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source=source, key="(file)", reason=str(exc)) from None
    for section, table in data.items():
        if section not in SECTIONS:
            raise ConfigError(source=source, key=section, reason="unknown section")
        if not isinstance(table, dict):
            reason = f"expected a table, got {_shown(section, table)}"
            raise ConfigError(source=source, key=section, reason=reason)
        for key, value in table.items():
            values.setdefault(section, {})[key] = value
            origins[(section, key)] = source


def _merge_environ(
    values: dict[str, dict[str, Any]], origins: Origins, environ: Mapping[str, str]
) -> None:
    for name in sorted(environ):
        # SWITCHBOARD_DATA_DIR has a single underscore, so it never reaches here.
        if not name.upper().startswith(ENV_PREFIX):
            continue
        source = f"environment variable {name}"
        parts = name[len(ENV_PREFIX) :].lower().split("__")
        if len(parts) != 2 or not all(parts):
            dotted = ".".join(parts)
            reason = "expected a name of the form SWITCHBOARD__SECTION__KEY"
            raise ConfigError(source=source, key=dotted, reason=reason)
        section, key = parts
        if section not in SECTIONS:
            raise ConfigError(source=source, key=section, reason="unknown section")
        values.setdefault(section, {})[key] = environ[name]
        origins[(section, key)] = source


def _config_error(error: ErrorDetails, origins: Origins) -> ConfigError:
    loc = tuple(error["loc"])
    if error["type"] == RULE_ERROR:
        loc += tuple(error.get("ctx", {})["at"])
    names = tuple(str(part) for part in loc)
    source = DEFAULTS_SOURCE
    for end in range(len(names), 0, -1):
        if names[:end] in origins:
            source = origins[names[:end]]
            break
    return ConfigError(source=source, key=key_path(loc), reason=_reason(error, names))


def key_path(loc: tuple[str | int, ...]) -> str:
    """``mail.imap[1].port``: a list item by its index (from 0), the rest dotted."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


_EXPECTED = {
    "int_parsing": "expected an integer",
    "int_type": "expected an integer",
    "int_from_float": "expected an integer",
    "int_parsing_size": "expected an integer",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "finite_number": "expected a finite number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected a string",
    "model_type": "expected a table",
    "dict_type": "expected a table",
}


def _reason(error: ErrorDetails, loc: tuple[str, ...]) -> str:
    """A short English reason, worded for someone editing TOML rather than Python."""
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "extra_forbidden":
        return "unknown setting"
    if kind == "missing":
        return "missing setting"
    if kind == RULE_ERROR:
        return str(ctx["reason"])
    if kind in _EXPECTED:
        text = _EXPECTED[kind]
    elif kind == "literal_error":
        text = f"expected {ctx['expected']}"
    elif kind == "greater_than_equal":
        text = f"must be at least {ctx['ge']}"
    elif kind == "greater_than":
        text = f"must be greater than {ctx['gt']}"
    elif kind == "less_than_equal":
        text = f"must be at most {ctx['le']}"
    elif kind == "value_error":
        text = str(ctx["error"])
    else:
        message = error["msg"]
        text = message[:1].lower() + message[1:]
    key = loc[-1] if loc else ""
    return f"{text}, got {_shown(key, error['input'])}"


def _shown(key: str, value: Any) -> str:
    """The offending value as the user wrote it, unless showing it would leak a secret."""
    masked = _masked(key, value)
    return MASK if masked == MASK else repr(masked)


def mask_url_password(value: str) -> str:
    """Hide the password of a URL like ``postgresql://user:pw@host/db``; other text is kept."""
    if "://" not in value:
        return value
    try:
        parts = urlsplit(value)
        has_password = parts.password is not None
    except ValueError:
        return value
    if not has_password:
        return value
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    return parts._replace(netloc=f"{user}:{MASK}@{hostport}").geturl()


def effective_settings(settings: Settings) -> dict[str, Any]:
    """Every setting as plain JSON-ready data, safe to print or attach to a bug report."""
    shown: dict[str, Any] = {"data_dir": str(settings.data_dir)}
    for section in SECTIONS:
        shown[section] = _masked(section, getattr(settings, section))
    return shown


def _masked(key: str, value: Any) -> Any:
    """``value`` as plain data with every secret in it, however deep, masked:
    an IMAP account's password sits two levels down (``mail.imap[0]``)."""
    if key in SECRET_KEY_NAMES or isinstance(value, SecretStr):
        return MASK
    if isinstance(value, BaseModel):
        return {name: _masked(name, getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, Mapping):
        return {name: _masked(str(name), item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(key, item) for item in value]
    if isinstance(value, str):
        return mask_url_password(value)
    return value
