"""The channels' settings sections: the PBX, email, the portal and web forms."""

from __future__ import annotations

import ipaddress
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator

from crm_core.metadata.fields import EMAIL_RE
from crm_core.settings.base import AGENT_CHANNEL_RE, DIALPLAN_NAME_RE, Section, rule_error


class PbxSettings(Section):
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


class ImapAccountSettings(Section):
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


class MailSettings(Section):
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


PORTAL_CONTACT_FIELDS = (
    "salutationtype", "firstname", "lastname", "title", "department", "phone", "mobile",
    "homephone", "otherphone", "fax", "email", "secondaryemail", "mailingstreet",
    "mailingpobox", "mailingcity", "mailingstate", "mailingzip", "mailingcountry",
    "otherstreet", "otherpobox", "othercity", "otherstate", "otherzip", "othercountry",
    "birthday", "assistant", "assistantphone", "donotcall", "emailoptout",
)  # fmt: skip
"""Contact fields an administrator may let customers edit: their own details,
never ownership, portal flags or the organisation they belong to."""


class PortalSettings(Section):
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


class WebFormSettings(Section):
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
