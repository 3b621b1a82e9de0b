"""Typed settings, layered from defaults, the user file and the environment.

The object is built once at start-up and passed in, so nothing deep in the
code reads ``os.environ``. Every value is validated in one pass before any
listener opens, and a bad value is reported with the place it came from and
its dotted key path, because "invalid port" alone does not tell an operator
whether to look in the file or in the service unit's environment.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
import zoneinfo
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import phonenumbers
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from crm_core.errors import ConfigError
from crm_core.metadata.fields import EMAIL_RE

DATA_DIR_ENV = "SWITCHBOARD_DATA_DIR"
USER_FILE_NAME = "switchboard.toml"
ENV_PREFIX = "SWITCHBOARD__"
SQLITE_FILE_NAME = "switchboard.db"
MASK = "********"
DEFAULTS_SOURCE = "defaults"

# Keys whose values are secret whatever their type, so a plain ``str`` added
# later under one of these names is still masked and never echoed in errors.
SECRET_KEY_NAMES = frozenset({"password", "secret"})

DIALPLAN_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""A context name that cannot smuggle dialplan syntax or AMI line breaks."""

_CHANNEL_CHARS = r"[A-Za-z0-9_.@/:+*#-]*"
AGENT_CHANNEL_RE = re.compile(rf"[A-Za-z0-9_-]+/{_CHANNEL_CHARS}\{{extension\}}{_CHANNEL_CHARS}")
"""A technology and a resource with exactly one ``{extension}`` to fill in, and
nothing that could end an AMI line or split a dialplan argument."""

# "001" is the pseudo-region of non-geographic numbers; it cannot be a default.
PHONE_REGIONS = frozenset(
    region
    for regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.values()
    for region in regions
    if re.fullmatch(r"[A-Z]{2}", region)
)


RULE_ERROR = "settings_rule"


def rule_error(at: tuple[str | int, ...], reason: str) -> PydanticCustomError:
    """A broken rule between settings, reported at ``at`` (a path below the
    model that checks it) rather than at the model, and without echoing the
    model's values, which may hold a password."""
    return PydanticCustomError(RULE_ERROR, "{reason}", {"at": at, "reason": reason})


class _Section(BaseModel):
    """Frozen and closed: a typo in a key must fail, not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseSettings(_Section):
    url: str = Field(
        default="",
        description=(
            "SQLAlchemy URL such as postgresql+asyncpg://user@host/db; empty means "
            "the SQLite file switchboard.db in the data directory"
        ),
    )
    echo: bool = Field(default=False, description="Log every SQL statement (for debugging only)")
    pool_size: int = Field(
        default=5, ge=1, description="Connections kept open to the database server"
    )
    sqlite_busy_timeout_ms: int = Field(
        default=5000,
        ge=0,
        description="How long SQLite waits for a lock before failing, in milliseconds",
    )


class ServerSettings(_Section):
    host: str = Field(default="127.0.0.1", description="Address the web server listens on")
    port: int = Field(
        default=8080,
        ge=0,
        le=65535,
        description="Port the web server listens on; 0 picks a free port",
    )
    public_url: str = Field(
        default="",
        description="Base URL users reach the server at; empty means derived from host and port",
    )


class LocaleSettings(_Section):
    default_region: str = Field(
        default="RU", description="Region used to read phone numbers written without a country code"
    )
    language: Literal["ru", "en"] = Field(
        default="ru", description="Language of the user interface"
    )
    time_zone: str = Field(
        default="Europe/Moscow", description="IANA time zone for new users and scheduled work"
    )

    @field_validator("default_region")
    @classmethod
    def check_region(cls, value: str) -> str:
        if value not in PHONE_REGIONS:
            raise ValueError("expected a two-letter region code known to phonenumbers")
        return value

    @field_validator("time_zone")
    @classmethod
    def check_time_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError("expected an IANA time zone such as 'Europe/Moscow'") from None
        return value


class ChannelSettings(_Section):
    pbx: bool = Field(default=True, description="Connect to Asterisk (AMI) for calls")
    mail: bool = Field(default=True, description="Receive and send email")
    portal: bool = Field(default=True, description="Serve the customer portal")
    agent_ui: bool = Field(default=True, description="Serve the agent console")
    workflows: bool = Field(default=True, description="Run workflows and scheduled jobs")


class PbxSettings(_Section):
    host: str = Field(default="127.0.0.1", description="Asterisk Manager Interface host")
    port: int = Field(default=5038, ge=1, le=65535, description="Asterisk Manager Interface port")
    username: str = Field(default="switchboard", description="AMI user name")
    secret: SecretStr = Field(default=SecretStr("switchboard"), description="AMI secret (password)")
    simulator: bool = Field(
        default=False,
        description="Run the built-in AMI simulator instead of a real Asterisk (demo)",
    )
    simulator_port: int = Field(
        default=0, ge=0, le=65535, description="Port of the AMI simulator; 0 picks a free port"
    )
    simulator_calls_per_minute: float = Field(
        default=6.0, gt=0, description="How many calls per minute the simulator generates"
    )
    simulator_speed: float = Field(
        default=1.0, gt=0, description="How much faster than real time the simulator's calls run"
    )
    reconnect_max_delay_s: float = Field(
        default=30.0, gt=0, description="Longest wait between AMI reconnect attempts, in seconds"
    )
    agi_host: str = Field(
        default="127.0.0.1", description="Address the FastAGI server listens on for the dialplan"
    )
    agi_port: int = Field(
        default=4573, ge=0, le=65535, description="Port of the FastAGI server; 0 picks a free port"
    )
    agi_timeout_ms: int = Field(
        default=300,
        ge=1,
        description="A dialplan lookup slower than this answers with the safe default",
    )
    agent_channel: str = Field(
        default="PJSIP/{extension}",
        description="How an agent's extension becomes a channel to dial",
    )
    originate_context: str = Field(
        default="from-internal",
        description="The only dialplan context click-to-call may send calls into",
    )
    originate_timeout_s: int = Field(
        default=30, ge=1, description="How long click-to-call rings the agent's phone, in seconds"
    )
    callback_window_minutes: int = Field(
        default=60,
        ge=1,
        description="A caller gets one call-back task for all calls missed within this window",
    )
    service_level_s: int = Field(
        default=20, ge=1, description="Calls answered within this many seconds meet service level"
    )
    stats_window_minutes: int = Field(
        default=60, ge=1, description="Queue statistics cover the calls of this many minutes"
    )
    queue_groups: dict[str, str] = Field(
        default_factory=dict,
        description="Asterisk queue name to the CRM group that owns its call-back tasks",
    )

    @field_validator("agent_channel")
    @classmethod
    def check_agent_channel(cls, value: str) -> str:
        if not AGENT_CHANNEL_RE.fullmatch(value):
            raise ValueError(
                "expected a channel such as 'PJSIP/{extension}' containing {extension} once"
            )
        return value

    @field_validator("originate_context")
    @classmethod
    def check_originate_context(cls, value: str) -> str:
        if not DIALPLAN_NAME_RE.fullmatch(value):
            raise ValueError("expected a dialplan context name: 1-64 letters, digits, _ or -")
        return value

    @field_validator("queue_groups")
    @classmethod
    def check_queue_groups(cls, value: dict[str, str]) -> dict[str, str]:
        for queue, group in value.items():
            if not queue.strip() or not group.strip():
                raise ValueError('expected queue = "group name" pairs, neither blank')
        return value


class ImapAccountSettings(_Section):
    """One IMAP folder fed into one CRM mailbox (a ``[[mail.imap]]`` table)."""

    host: str = Field(description="IMAP server mail is fetched from")
    port: int = Field(default=993, ge=1, le=65535, description="Port of the IMAP server")
    ssl: bool = Field(default=True, description="Connect to the IMAP server over TLS")
    starttls: bool = Field(
        default=False, description="With ssl = false: switch to TLS with STARTTLS after connecting"
    )
    username: str = Field(description="IMAP login name")
    password: SecretStr = Field(default=SecretStr(""), description="IMAP password")
    folder: str = Field(default="INBOX", description="IMAP folder new mail is taken from")
    mailbox: str = Field(
        default="",
        description="CRM mailbox the fetched mail counts as delivered to; empty: support@<domain>",
    )
    move_to: str = Field(
        default="", description="IMAP folder a stored message is moved to; empty: mark it seen"
    )
    poll_s: int = Field(
        default=60, ge=1, description="Seconds between checks when the server has no IDLE"
    )

    @field_validator("host", "username", "folder")
    @classmethod
    def check_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("host")
    @classmethod
    def check_host(cls, value: str) -> str:
        if "://" in value or any(c.isspace() for c in value):
            raise ValueError("expected a host name such as 'imap.example.com', without a scheme")
        return value

    @field_validator("folder", "move_to")
    @classmethod
    def check_folder(cls, value: str) -> str:
        """INBOX is the one folder name IMAP compares without case (RFC 3501)."""
        value = value.strip()
        return "INBOX" if value.upper() == "INBOX" else value

    @field_validator("mailbox")
    @classmethod
    def check_mailbox(cls, value: str) -> str:
        value = value.strip().lower()
        if value and not EMAIL_RE.match(value):
            raise ValueError("expected an email address such as 'support@example.com'")
        return value

    @model_validator(mode="after")
    def check_consistent(self) -> ImapAccountSettings:
        if self.ssl and self.starttls:
            raise rule_error(
                ("starttls",), "STARTTLS upgrades a plain connection: set ssl = false to use it"
            )
        if self.move_to == self.folder:
            raise rule_error(
                ("move_to",), "is the folder mail is taken from: it would be fetched again"
            )
        return self

    @property
    def identity(self) -> tuple[str, str, str]:
        """What makes two accounts the same folder: host names ignore case."""
        return (self.host.lower(), self.username, self.folder)


BLOCKED_ATTACHMENT_TYPES = (
    ".exe", ".scr", ".com", ".pif", ".bat", ".cmd", ".msi", ".js", ".jse", ".vbs", ".vbe",
    ".wsf", ".hta", ".jar", ".ps1", ".lnk", ".cpl",
)  # fmt: skip


class MailSettings(_Section):
    domain: str = Field(default="example.com", description="Mail domain the CRM receives mail for")
    smtp_host: str = Field(default="127.0.0.1", description="Address the SMTP server listens on")
    smtp_port: int = Field(
        default=2525,
        ge=0,
        le=65535,
        description="Port the SMTP server listens on; 0 picks a free port",
    )
    max_message_bytes: int = Field(
        default=26214400, ge=1, description="Largest incoming message accepted, in bytes"
    )
    mailboxes: dict[str, str] = Field(
        default_factory=dict,
        description="Mailboxes declared here: address = what a new message makes "
        "(ticket, lead or none)",
    )
    reopen_closed: bool = Field(
        default=True, description="A customer's reply reopens a closed ticket"
    )
    create_contacts: bool = Field(
        default=True, description="A new ticket from an unknown sender creates their contact"
    )
    tls_certificate: str = Field(
        default="", description="PEM certificate (chain) for STARTTLS; empty: no STARTTLS"
    )
    tls_key: str = Field(default="", description="PEM private key of that certificate")
    relay_host: str = Field(
        default="", description="SMTP relay that sends our mail; empty: mail waits in the outbox"
    )
    relay_port: int = Field(default=25, ge=1, le=65535, description="Port of the SMTP relay")
    relay_starttls: bool = Field(default=False, description="Use STARTTLS with the relay")
    relay_username: str = Field(default="", description="Relay login; empty: no login")
    relay_password: SecretStr = Field(default=SecretStr(""), description="Relay password")
    blocked_attachment_types: list[str] = Field(
        default_factory=lambda: list(BLOCKED_ATTACHMENT_TYPES),
        description="File name endings of attachments never kept (programs, scripts)",
    )
    acknowledge_new_tickets: bool = Field(
        default=True, description="Send the customer an acknowledgement for a new ticket"
    )
    acknowledgements_per_hour: int = Field(
        default=3, ge=0, description="At most this many automatic replies to one sender an hour"
    )
    imap: list[ImapAccountSettings] = Field(
        default_factory=list,
        description="IMAP accounts mail is fetched from, each a [[mail.imap]] table; "
        "none: no IMAP poller",
    )

    @field_validator("imap", mode="before")
    @classmethod
    def check_imap_tables(cls, value: Any) -> Any:
        """``[mail.imap]`` (one bracket) is a single table, not a list of them:
        the mistake is easy to make and "expected a list" would not explain it."""
        if not isinstance(value, list):
            raise ValueError("expected [[mail.imap]] tables (two brackets), one per account")
        return value

    @field_validator("imap")
    @classmethod
    def check_imap_accounts(cls, accounts: list[ImapAccountSettings]) -> list[ImapAccountSettings]:
        """Each folder is polled by one poller, and no poller reads what another
        moves away: either would fetch every message twice."""
        seen: dict[tuple[str, str, str], int] = {}
        for index, account in enumerate(accounts):
            first = seen.setdefault(account.identity, index)
            if first != index:
                raise rule_error(
                    (index,),
                    f"the same host, username and folder as mail.imap[{first}]; "
                    "an account's folder is polled once",
                )
        for index, account in enumerate(accounts):
            target = (account.host.lower(), account.username, account.move_to)
            if account.move_to and target in seen:
                raise rule_error(
                    (index, "move_to"),
                    f"is the folder mail.imap[{seen[target]}] polls: "
                    "moved mail would be fetched again",
                )
        return accounts


class FileSettings(_Section):
    max_upload_bytes: int = Field(
        default=52428800, ge=1, description="Largest file upload, in bytes"
    )


class AuthSettings(_Section):
    session_idle_minutes: int = Field(
        default=120, ge=1, description="A browser session ends after this long unused"
    )
    session_max_hours: int = Field(
        default=12, ge=1, description="A browser session ends this long after sign-in, used or not"
    )
    failed_signins_per_account: int = Field(
        default=5, ge=1, description="Failed sign-ins for one user name before it is throttled"
    )
    failed_signins_per_address: int = Field(
        default=20, ge=1, description="Failed sign-ins from one address before it is throttled"
    )
    throttle_minutes: int = Field(
        default=15, ge=1, description="The window failed sign-ins are counted over"
    )
    secure_cookies: bool = Field(
        default=False, description="Send the session cookie over HTTPS only (set behind TLS)"
    )


PORTAL_CONTACT_FIELDS = (
    "salutationtype", "firstname", "lastname", "title", "department", "phone", "mobile",
    "homephone", "otherphone", "fax", "email", "secondaryemail", "mailingstreet",
    "mailingpobox", "mailingcity", "mailingstate", "mailingzip", "mailingcountry",
    "otherstreet", "otherpobox", "othercity", "otherstate", "otherzip", "othercountry",
    "birthday", "assistant", "assistantphone", "donotcall", "emailoptout",
)  # fmt: skip
"""Contact fields an administrator may let customers edit: their own details,
never ownership, portal flags or the organisation they belong to."""


class PortalSettings(_Section):
    contact_fields: list[str] = Field(
        default_factory=lambda: ["firstname", "lastname", "phone", "mobile", "mailingstreet",
                                 "mailingcity", "mailingzip", "mailingcountry"],
        description="Contact fields a customer may edit on the portal",
    )  # fmt: skip
    invitation_hours: int = Field(
        default=72, ge=1, description="An invitation link works for this many hours"
    )
    reset_minutes: int = Field(
        default=60, ge=1, description="A password-reset link works for this many minutes"
    )
    session_idle_minutes: int = Field(
        default=60, ge=1, description="A customer's session ends after this long unused"
    )
    session_max_hours: int = Field(
        default=12, ge=1, description="A customer's session ends this long after sign-in"
    )
    failed_signins_per_login: int = Field(
        default=5, ge=1, description="Failed portal sign-ins for one login before it is throttled"
    )
    failed_signins_per_address: int = Field(
        default=20,
        ge=1,
        description="Failed portal sign-ins from one address before it is throttled",
    )
    throttle_minutes: int = Field(
        default=15, ge=1, description="The window failed portal sign-ins are counted over"
    )

    @field_validator("contact_fields")
    @classmethod
    def check_contact_fields(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in PORTAL_CONTACT_FIELDS]
        if unknown:
            raise ValueError(
                f"{', '.join(unknown)}: not a contact field customers may edit "
                f"(one of {', '.join(PORTAL_CONTACT_FIELDS)})"
            )
        return list(dict.fromkeys(value))


class WebFormSettings(_Section):
    submissions_per_address: int = Field(
        default=10,
        ge=1,
        description="Web form submissions taken from one client address within the window",
    )
    window_minutes: int = Field(
        default=10, ge=1, description="The window web form submissions are counted over"
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description=(
            "Addresses or networks of reverse proxies in front of the hub; only their "
            "X-Forwarded-For header is believed"
        ),
    )
    max_body_bytes: int = Field(
        default=65536, ge=1024, description="Largest web form submission, in bytes"
    )
    max_field_length: int = Field(
        default=5000, ge=1, description="Most characters one web form value may have"
    )
    challenge_minutes: int = Field(
        default=30, ge=1, description="How long a web form's challenge question can be answered"
    )

    @field_validator("trusted_proxies")
    @classmethod
    def check_proxies(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or network") from None
        return value


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Least severe log level that is written"
    )


class Settings(_Section):
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
