"""The hub's own settings sections: database, server, locale, which channels
run, files, sign-in and logging."""

from __future__ import annotations

import zoneinfo
from typing import Literal

from pydantic import Field, field_validator

from crm_core.settings.base import PHONE_REGIONS, Section


class DatabaseSettings(Section):
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


class ServerSettings(Section):
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


class LocaleSettings(Section):
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


class ChannelSettings(Section):
    pbx: bool = Field(default=True, description="Connect to Asterisk (AMI) for calls")
    mail: bool = Field(default=True, description="Receive and send email")
    portal: bool = Field(default=True, description="Serve the customer portal")
    agent_ui: bool = Field(default=True, description="Serve the agent console")
    workflows: bool = Field(default=True, description="Run workflows and scheduled jobs")


class FileSettings(Section):
    max_upload_bytes: int = Field(
        default=52428800, ge=1, description="Largest file upload, in bytes"
    )


class AuthSettings(Section):
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


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Least severe log level that is written"
    )
