"""Whether the CRM may answer a message automatically (the ticket
acknowledgement), and how often.

Two robots that acknowledge each other's mail fill both mailboxes in
minutes. RFC 3834 says who must not be answered, and the headers that
mailing lists, bulk senders, Exchange and Russian webmails add in practice
say the rest. The checks run in a fixed order and the first that matches
gives the reason, a code before the colon and the detail after it::

    (False, "auto-submitted: Auto-Submitted is 'auto-replied'")

When in doubt the answer is no: a missing acknowledgement costs less than
a loop. ``AutoReplyLimiter`` is the second fence, for the robot that no
header gives away.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection

from mail.headers import Address, parse_addresses
from mail.parsing import ParsedMessage

ALLOWED = "allowed"

NO_SENDER = "no-sender"
OWN_ADDRESS = "own-address"
DELIVERY_REPORT = "delivery-report"
AUTO_SUBMITTED = "auto-submitted"
AUTO_REPLY_HEADER = "auto-reply-header"
RESPONSE_SUPPRESSED = "response-suppressed"
BULK = "bulk"
MAILING_LIST = "mailing-list"
SYSTEM_SENDER = "system-sender"
NO_REPLY_SENDER = "no-reply-sender"
REASON_CODES = frozenset(
    {
        *(NO_SENDER, OWN_ADDRESS, DELIVERY_REPORT, AUTO_SUBMITTED, AUTO_REPLY_HEADER),
        *(RESPONSE_SUPPRESSED, BULK, MAILING_LIST, SYSTEM_SENDER, NO_REPLY_SENDER),
    }
)

AUTO_REPLY_HEADERS = (
    "X-Autoreply",
    "X-Autorespond",
    "X-Autoresponder",
    "X-AutoReply-From",
    "X-Mail-Autoreply",
)
"""Present only on automatic answers (Yandex, Mail.ru, vacation scripts),
whatever their value."""

SUPPRESSING_VALUES = frozenset({"all", "autoreply", "oof"})
"""X-Auto-Response-Suppress values (Exchange) that forbid an acknowledgement."""

BULK_PRECEDENCE = frozenset({"bulk", "list", "junk", "auto_reply"})

LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")

SYSTEM_LOCAL_PARTS = frozenset({"mailerdaemon", "maildaemon", "postmaster"})
NO_REPLY_PREFIXES = ("noreply", "donotreply", "dontreply")

REPORT_TYPES = frozenset({"multipart/report", "message/delivery-status"})


def auto_reply_allowed(msg: ParsedMessage, own_addresses: Collection[str]) -> tuple[bool, str]:
    """Whether an automatic reply may go out for ``msg``, and why not.

    ``own_addresses`` are the mailboxes the CRM sends from and receives at;
    mail from any of them (ignoring case and ``+tag`` sub-addresses) is our
    own mail come back.
    """
    own = {_mailbox(address) for address in own_addresses}
    reason = _no_sender(msg) or _own_address(msg, own)
    for check in _MESSAGE_CHECKS:
        if reason is not None:
            break
        reason = check(msg)
    return (True, ALLOWED) if reason is None else (False, reason)


def reason_code(reason: str) -> str:
    """The code part of a reason string (``"bulk: ..."`` gives ``"bulk"``)."""
    return reason.partition(":")[0]


class AutoReplyLimiter:
    """At most ``max_per_window`` automatic replies to one address in any
    ``window_s`` seconds, counted on the injected ``clock`` (seconds, never
    going backwards: ``time.monotonic`` in production, a fake in tests).

    Memory stays bounded by the senders of the last window: senders whose
    replies have all expired are dropped whenever the table has doubled.
    """

    def __init__(self, max_per_window: int, window_s: float, clock: Callable[[], float]) -> None:
        if max_per_window < 0:
            raise ValueError("max_per_window must be 0 or more")
        if window_s <= 0:
            raise ValueError("window_s must be more than 0")
        self.max_per_window = max_per_window
        self.window_s = window_s
        self._clock = clock
        self._sent: dict[str, deque[float]] = {}
        self._sweep_at = 1024

    def allow(self, address: str) -> bool:
        """Whether another reply may go to ``address`` now; when it may, the
        reply is counted, so call this only right before sending."""
        now = self._clock()
        key = _mailbox(address)
        sent = self._sent.get(key)
        if sent is None:
            sent = self._sent[key] = deque()
            self._sweep(now)
        _expire(sent, now - self.window_s)
        if len(sent) >= self.max_per_window:
            return False
        sent.append(now)
        return True

    def _sweep(self, now: float) -> None:
        if len(self._sent) < self._sweep_at:
            return
        horizon = now - self.window_s
        for key in [key for key, sent in self._sent.items() if not sent or sent[-1] <= horizon]:
            del self._sent[key]
        self._sweep_at = max(1024, 2 * len(self._sent))


def _expire(sent: deque[float], horizon: float) -> None:
    while sent and sent[0] <= horizon:
        sent.popleft()


def _mailbox(address: str) -> str:
    """An address for comparison: lower case, no ``+tag`` in the local part."""
    local, at, domain = address.strip().strip("<>").lower().rpartition("@")
    if not at:
        return domain
    return f"{local.partition('+')[0]}@{domain}"


def _compact_local(address: Address) -> str:
    local = address.local_part.lower().partition("+")[0]
    return "".join(ch for ch in local if ch not in ".-_")


def _recipients_of_reply(msg: ParsedMessage) -> list[Address]:
    """Whoever an automatic reply would reach or claim to come from: From,
    Reply-To and Sender."""
    found = [msg.from_addr] if msg.from_addr is not None else []
    found.extend(msg.reply_to)
    for value in msg.headers.get_all("Sender"):
        found.extend(parse_addresses(value)[0])
    return found


def _no_sender(msg: ParsedMessage) -> str | None:
    if msg.from_addr is None or not msg.from_addr.address:
        return f"{NO_SENDER}: the message has no From address"
    return_path = msg.headers.get("Return-Path")
    if return_path is not None and not return_path.strip().strip("<>").strip():
        return f"{NO_SENDER}: the return path is empty (<>), as on delivery reports"
    return None


def _own_address(msg: ParsedMessage, own: set[str]) -> str | None:
    for address in _recipients_of_reply(msg):
        if _mailbox(address.address) in own:
            return f"{OWN_ADDRESS}: {address.address} is one of our own addresses"
    return None


def _delivery_report(msg: ParsedMessage) -> str | None:
    if msg.content_type in REPORT_TYPES:
        return f"{DELIVERY_REPORT}: the message is a {msg.content_type}"
    return None


def _auto_submitted(msg: ParsedMessage) -> str | None:
    value = msg.headers.get("Auto-Submitted")
    if value is None:
        return None
    keyword = value.split(";")[0].split("(")[0].strip().lower()
    if keyword == "no":
        return None
    return f"{AUTO_SUBMITTED}: Auto-Submitted is {keyword!r}"


def _auto_reply_header(msg: ParsedMessage) -> str | None:
    for name in AUTO_REPLY_HEADERS:
        if name in msg.headers:
            return f"{AUTO_REPLY_HEADER}: the message has {name}"
    return None


def _suppressed(msg: ParsedMessage) -> str | None:
    for value in msg.headers.get_all("X-Auto-Response-Suppress"):
        asked = {item.strip().lower() for item in value.split(",")}
        if asked & SUPPRESSING_VALUES:
            return f"{RESPONSE_SUPPRESSED}: X-Auto-Response-Suppress is {value.strip()!r}"
    return None


def _bulk(msg: ParsedMessage) -> str | None:
    value = (msg.headers.get("Precedence") or "").strip().lower()
    if value in BULK_PRECEDENCE:
        return f"{BULK}: Precedence is {value!r}"
    return None


def _mailing_list(msg: ParsedMessage) -> str | None:
    for name in LIST_HEADERS:
        if name in msg.headers:
            return f"{MAILING_LIST}: the message has {name}"
    return None


def _system_sender(msg: ParsedMessage) -> str | None:
    for address in _recipients_of_reply(msg):
        if _compact_local(address) in SYSTEM_LOCAL_PARTS:
            return f"{SYSTEM_SENDER}: {address.address} is a mail system address"
    return None


def _no_reply_sender(msg: ParsedMessage) -> str | None:
    for address in _recipients_of_reply(msg):
        if _compact_local(address).startswith(NO_REPLY_PREFIXES):
            return f"{NO_REPLY_SENDER}: {address.address} takes no replies"
    return None


_MESSAGE_CHECKS: tuple[Callable[[ParsedMessage], str | None], ...] = (
    _delivery_report,
    _auto_submitted,
    _auto_reply_header,
    _suppressed,
    _bulk,
    _mailing_list,
    _system_sender,
    _no_reply_sender,
)
