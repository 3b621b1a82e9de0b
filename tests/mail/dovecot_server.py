"""A real dovecot for the IMAP tests, and what they share to drive it.

Each server has its own config, users, mail and logs in temporary folders and
listens on free loopback ports. A test can give it more users, a certificate
(then it also speaks IMAPS, and STARTTLS on the plain port) and a capability
list of its own, which is how a server without IDLE or MOVE is played: the
poller decides what to use by what the server announces.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient

from mail.imap import ImapAccount, ImapPoller
from mail.spool import Spool
from mail.system import MailSystem

DOVECOT = Path("/usr/sbin/dovecot")
OPENSSL = "openssl"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SUPPORT = "support@switchboard.example"
USER, PASSWORD = "crm", "s3cret"
NOBODY = 65534
WAIT_S = 45.0

WITHOUT_IDLE = "IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE UIDPLUS MOVE"
"""A server without IDLE (dovecot's own list is longer): the poller must poll."""
WITHOUT_MOVE = "IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE UIDPLUS"
"""Without MOVE: a stored message is copied, flagged deleted and UID EXPUNGEd."""
WITHOUT_MOVE_OR_UIDPLUS = "IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE"
"""Without UIDPLUS either: the copied original goes with a plain EXPUNGE."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate for 127.0.0.1; ``cert`` is also the CA file
    a client is given to trust it."""

    cert: Path
    key: Path

    @classmethod
    def make(cls, folder: Path) -> Certificate:
        if shutil.which(OPENSSL) is None:
            if IN_CI:
                pytest.fail("CI=true but openssl is not installed (apt-get install openssl)")
            pytest.skip("TLS tests need openssl to make a certificate")
        cert, key = folder / "cert.pem", folder / "key.pem"
        command = [
            OPENSSL, "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=switchboard test IMAP",
            "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        return cls(cert, key)


class Dovecot:
    """A dovecot of its own: config, users, mail and logs in temporary folders."""

    def __init__(
        self,
        tmp_path: Path,
        *,
        users: dict[str, str] | None = None,
        certificate: Certificate | None = None,
        capability: str = "",
    ) -> None:
        self.port = free_port()
        self.ssl_port = free_port() if certificate else 0
        self.users = users or {USER: PASSWORD}
        self.dir = tmp_path / "dovecot"
        self.dir.mkdir()
        self.log = self.dir / "dovecot.log"
        # Dovecot refuses to keep mail as root, and as root pytest's temporary
        # folders are closed to dovecot's own users: then the users file and
        # the mail live in a folder of their own, the mail owned by nobody.
        self.outside: Path | None = None
        if os.getuid() == 0:
            self.outside = Path(tempfile.mkdtemp(prefix="switchboard-imap-"))
            self.outside.chmod(0o755)
            homes = self.outside / "home"
            users_file = self.outside / "users"
            uid = gid = NOBODY
        else:
            homes = tmp_path / "mailhome"
            users_file = self.dir / "users"
            uid, gid = os.getuid(), os.getgid()
        homes.mkdir()
        lines = []
        for user, password in self.users.items():
            home = homes / user
            home.mkdir()
            if os.getuid() == 0:
                os.chown(home, NOBODY, NOBODY)
            lines.append(f"{user}:{{PLAIN}}{password}:{uid}:{gid}::{home}\n")
        users_file.write_text("".join(lines))
        login_user = "dovenull" if os.getuid() == 0 else os.environ.get("USER", "nobody")
        internal_user = "dovecot" if os.getuid() == 0 else login_user
        if certificate is None:
            tls = "ssl = no"
        else:
            tls = (
                f"ssl = yes\nssl_cert = <{certificate.cert}\nssl_key = <{certificate.key}\n"
                "ssl_dh = </usr/share/dovecot/dh.pem"
            )
        self.conf = self.dir / "dovecot.conf"
        self.conf.write_text(
            f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.dir}/run
state_dir = {self.dir}/state
log_path = {self.log}
{tls}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {min(uid, 500)}
mail_location = maildir:~/Maildir
{f"imap_capability = {capability}" if capability else ""}
passdb {{
  driver = passwd-file
  args = {users_file}
}}
userdb {{
  driver = passwd-file
  args = {users_file}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.ssl_port}
  }}
}}
"""
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(DOVECOT), "-F", "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.log.read_text()[-2000:]}")
            try:
                for port in (self.port, self.ssl_port):
                    if port:
                        socket.create_connection(("127.0.0.1", port), 0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("dovecot did not open its ports within 15 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(15)
            self.process = None

    def logins(self) -> list[str]:
        """Dovecot's log lines of successful logins ("..., TLS, ..." when secured)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines() if "imap-login: Info: Login:" in line]

    def account(self, user: str = USER, mailbox: str = SUPPORT, **options: Any) -> ImapAccount:
        """The account of ``user`` on the plain port; ``options`` override the rest."""
        fields: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.port,
            "username": user,
            "password": self.users[user],
            "mailbox": mailbox,
            "ssl": False,
            "poll_s": 3600,  # longer than any test: only IDLE can bring new mail
        }
        return ImapAccount(**{**fields, **options})

    def client(self, user: str = USER) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(user, self.users[user])
        return client

    def append(self, raw: bytes, folder: str = "INBOX", user: str = USER) -> int:
        """Deliver as a mail client would (IMAP APPEND); returns the UID."""
        with self.client(user) as client:
            reply = client.append(folder, raw)
        return int(reply.split(b"]")[0].split()[-1])  # [APPENDUID <validity> <uid>]

    def flags(self, folder: str = "INBOX", user: str = USER) -> dict[int, set[bytes]]:
        with self.client(user) as client:
            client.select_folder(folder, readonly=True)
            found = client.fetch(client.search(["ALL"]), ["FLAGS"])
        return {uid: set(data[b"FLAGS"]) for uid, data in found.items()}

    def message_ids(self, folder: str = "INBOX", user: str = USER) -> list[str]:
        """The Message-ID of every message in ``folder``, in UID order."""
        with self.client(user) as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            found = client.fetch(client.search(["ALL"]), ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        return [
            data[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode().split(":", 1)[1].strip()
            for _, data in sorted(found.items())
        ]

    def uidvalidity(self, folder: str = "INBOX", user: str = USER) -> int:
        with self.client(user) as client:
            return int(client.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])

    def mark_unseen(self, uid: int) -> None:
        with self.client() as client:
            client.select_folder("INBOX")
            client.remove_flags([uid], [b"\\Seen"])


@contextmanager
def running(tmp_path: Path, **options: Any) -> Iterator[Dovecot]:
    """A started dovecot (see ``Dovecot`` for the options), stopped and removed after."""
    if not DOVECOT.exists():
        if IN_CI:
            pytest.fail("CI=true but dovecot is not installed (apt-get install dovecot-imapd)")
        pytest.skip("IMAP tests need dovecot (apt-get install dovecot-imapd)")
    server = Dovecot(tmp_path, **options)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if server.outside is not None:
            shutil.rmtree(server.outside, ignore_errors=True)


class RecordingSpool(Spool):
    """The real spool, noting the source of every message it accepted."""

    def __init__(self, system: MailSystem) -> None:
        super().__init__(system.spool.db, system.spool.files)
        self.sources: list[str] = []

    async def accept(self, raw: bytes, **kwargs: Any) -> int:
        item = await super().accept(raw, **kwargs)
        self.sources.append(kwargs["source"])
        return item

    @property
    def uids(self) -> list[int]:
        return [int(source.rsplit(":", 1)[1]) for source in self.sources]


class WatchedSpool(RecordingSpool):
    """Noting too the message's flags in the INBOX the moment it is offered;
    ``refuse`` makes the next accepts fail."""

    def __init__(self, system: MailSystem, dovecot: Dovecot) -> None:
        super().__init__(system)
        self.dovecot = dovecot
        self.flags_at_accept: dict[int, set[bytes]] = {}
        self.refuse = 0

    async def accept(self, raw: bytes, **kwargs: Any) -> int:
        uid = int(kwargs["source"].rsplit(":", 1)[1])
        self.flags_at_accept[uid] = (await asyncio.to_thread(self.dovecot.flags))[uid]
        if self.refuse:
            self.refuse -= 1
            raise OSError("disk full")
        return await super().accept(raw, **kwargs)


def make_poller(
    crm: Any, system: MailSystem, spool: Spool, account: ImapAccount, **options: Any
) -> ImapPoller:
    """A poller that backs off briefly, so a test sees it reconnect at once."""
    return ImapPoller(
        account,
        crm.runtime.db,
        spool,
        system.processor.wake,
        backoff_min_s=0.1,
        backoff_max_s=0.5,
        **options,
    )


def letter(
    subject: str,
    message_id: str,
    to: str = SUPPORT,
    sender: str = "Пётр <petr@client.example.ru>",
) -> bytes:
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-ID: <{message_id}>\r\nDate: Mon, 17 Jun 2024 10:00:00 +0300\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\nНе работает связь.\r\n"
    ).encode()


async def mailboxes_of_emails(crm: Any) -> dict[str, str]:
    """Each received message's subject, and the CRM mailbox it was filed in."""
    page = await crm.records.list_records(crm.admin, "Emails", limit=100)
    return {
        r.get("subject"): r.get("mailbox") for r in page.records if r.get("direction") == "inbound"
    }


async def titles(crm: Any, module: str = "HelpDesk", field: str = "ticket_title") -> list[str]:
    page = await crm.records.list_records(crm.admin, module, limit=100)
    return sorted(r.get(field) for r in page.records)


async def until(check: Callable[[], Awaitable[bool]]) -> None:
    """Wait for ``check`` to hold, failing after ``WAIT_S`` seconds. The
    server and the poller are in other processes and threads with no event
    to wait on, so the condition is asked again every 50 ms."""
    async with asyncio.timeout(WAIT_S):
        while not await check():  # noqa: ASYNC110 - nothing to wait on but the state itself
            await asyncio.sleep(0.05)


async def settled_titles(crm: Any, system: MailSystem, expected: list[str]) -> None:
    async def done() -> bool:
        await system.processor.settled()
        return await titles(crm) == sorted(expected)

    await until(done)
