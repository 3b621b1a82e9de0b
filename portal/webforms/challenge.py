"""The optional challenge: a small sum, signed, answerable for a while, once.

No outside service: the question's answer is sealed into a token with the
form's secret (HMAC-SHA256), so any hub node can check it without storing
questions. The token carries its expiry and a nonce; the submission log
keeps the nonce of every accepted answer, so one solved question is good
for one submission only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from crm_core.errors import FieldError
from portal.webforms.const import CHALLENGE_ANSWER

WRONG = "the answer to the question is not right"
EXPIRED = "the question has expired; answer the new one"
MISSING = "answer the question to show you are a person"


@dataclass(frozen=True)
class Challenge:
    first: int
    second: int
    token: str


@dataclass(frozen=True)
class Answered:
    nonce: str


def _seal(secret: str, key: str, expires: int, nonce: str, answer: int) -> str:
    message = f"{key}|{expires}|{nonce}|{answer}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def issue(secret: str, key: str, ttl_s: int, now: float | None = None) -> Challenge:
    first, second = 2 + secrets.randbelow(18), 1 + secrets.randbelow(9)
    expires = int((time.time() if now is None else now) + ttl_s)
    nonce = secrets.token_hex(16)
    mac = _seal(secret, key, expires, nonce, first + second)
    return Challenge(first, second, f"{expires}.{nonce}.{mac}")


def check(
    secret: str, key: str, token: object, answer: object, now: float | None = None
) -> Answered | FieldError:
    """The nonce of a right, current answer, or the error to show by the question."""
    if not isinstance(token, str) or not token or not isinstance(answer, str | int):
        return FieldError(CHALLENGE_ANSWER, MISSING)
    text = str(answer).strip()
    if not text:
        return FieldError(CHALLENGE_ANSWER, MISSING)
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 32 or len(parts[2]) != 64:
        return FieldError(CHALLENGE_ANSWER, EXPIRED)
    expires, nonce, mac = int(parts[0]), parts[1], parts[2]
    if expires < (time.time() if now is None else now):
        return FieldError(CHALLENGE_ANSWER, EXPIRED)
    if not text.lstrip("-").isdigit() or len(text) > 6:
        return FieldError(CHALLENGE_ANSWER, WRONG)
    if not hmac.compare_digest(mac, _seal(secret, key, expires, nonce, int(text))):
        return FieldError(CHALLENGE_ANSWER, WRONG)
    return Answered(nonce)
