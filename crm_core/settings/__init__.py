"""Typed settings, layered from defaults, the user file and the environment.

The object is built once at start-up and passed in, so nothing deep in the
code reads ``os.environ``. Every value is validated in one pass before any
listener opens, and a bad value is reported with the place it came from and
its dotted key path, because "invalid port" alone does not tell an operator
whether to look in the file or in the service unit's environment.
"""

from crm_core.settings.base import (
    AGENT_CHANNEL_RE,
    DATA_DIR_ENV,
    DEFAULTS_SOURCE,
    DIALPLAN_NAME_RE,
    ENV_PREFIX,
    MASK,
    PHONE_REGIONS,
    RULE_ERROR,
    SECRET_KEY_NAMES,
    SQLITE_FILE_NAME,
    USER_FILE_NAME,
    Section,
    rule_error,
)
from crm_core.settings.channels import (
    BLOCKED_ATTACHMENT_TYPES,
    PORTAL_CONTACT_FIELDS,
    ImapAccountSettings,
    MailSettings,
    PbxSettings,
    PortalSettings,
    WebFormSettings,
)
from crm_core.settings.hub import (
    AuthSettings,
    ChannelSettings,
    DatabaseSettings,
    FileSettings,
    LocaleSettings,
    LoggingSettings,
    ServerSettings,
)
from crm_core.settings.loading import (
    SECTIONS,
    Settings,
    effective_settings,
    key_path,
    load_settings,
    mask_url_password,
)

__all__ = [
    "AGENT_CHANNEL_RE",
    "BLOCKED_ATTACHMENT_TYPES",
    "DATA_DIR_ENV",
    "DEFAULTS_SOURCE",
    "DIALPLAN_NAME_RE",
    "ENV_PREFIX",
    "MASK",
    "PHONE_REGIONS",
    "PORTAL_CONTACT_FIELDS",
    "RULE_ERROR",
    "SECRET_KEY_NAMES",
    "SECTIONS",
    "SQLITE_FILE_NAME",
    "USER_FILE_NAME",
    "AuthSettings",
    "ChannelSettings",
    "DatabaseSettings",
    "FileSettings",
    "ImapAccountSettings",
    "LocaleSettings",
    "LoggingSettings",
    "MailSettings",
    "PbxSettings",
    "PortalSettings",
    "Section",
    "ServerSettings",
    "Settings",
    "WebFormSettings",
    "effective_settings",
    "key_path",
    "load_settings",
    "mask_url_password",
    "rule_error",
]
