"""Bytes of a text part or header into text, whatever the sender declared.

Russian mail arrives in UTF-8, Windows-1251, KOI8-R and ISO-8859-5, and a
fair share of it is labelled wrongly or not at all: old mail clients send
8-bit Windows-1251 with no charset, webmails label KOI8-R text as
``us-ascii``, and some software invents charset names. A customer's words
must still reach the agent, so decoding never fails: an unknown or wrong
label falls back to a guess, and the caller gets a ``problem`` string to put
in the message's defects, so an agent who sees odd letters knows why.

The guess for undeclared 8-bit text, in order:

1. pure ASCII is ASCII;
2. text that decodes as UTF-8 (allowing a stray bad byte in fifty) is UTF-8,
   because other charsets almost never form valid UTF-8 by chance;
3. text whose letters in 0xC0-0xFF mostly stand next to each other, and
   seldom next to an ASCII letter, is Cyrillic (Russian words are runs of
   such bytes; accented Latin letters sit among ASCII ones). Windows-1251
   puts lower-case letters in 0xE0-0xFF and KOI8-R puts them in 0xC0-0xDF;
   running text is mostly lower case, so the busier half names the charset;
4. anything else is Latin-1, which accepts every byte.

Text labelled ISO-8859-1 is read as Windows-1252 when it can be, as browsers
do: Outlook labels its curly quotes and dashes (0x80-0x9F) that way.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from mail.const import CHARSET_SAMPLE_BYTES

UNDECLARED_LABELS = frozenset({"unknown-8bit", "x-unknown", "unknown", "x-user-defined", "default"})
"""Labels that say "I do not know": treated as no label at all, not as an error."""

LABEL_ALIASES = {
    "cp-1251": "cp1251",
    "win-1251": "cp1251",
    "win1251": "cp1251",
    "windows1251": "cp1251",
    "x-cp1251": "cp1251",
    "koi8r": "koi8-r",
    "x-koi8-r": "koi8-r",
    "koi": "koi8-r",
    "x-mac-cyrillic": "mac-cyrillic",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso-8859-8-i": "iso8859-8",
    "ks_c_5601-1987": "cp949",
}
"""Labels seen in real mail that Python does not know, or knows too narrowly
(GB2312 mail routinely contains GB18030 characters)."""

NOT_TEXT_CODECS = frozenset(
    {
        "base64",
        "bz2",
        "hex",
        "quopri",
        "rot-13",
        "uu",
        "zlib",
        "unicode-escape",
        "raw-unicode-escape",
        "punycode",
        "idna",
        "undefined",
    }
)
"""Python codecs that a charset label could name but that are not character
sets: a message must not make us inflate zlib data or interpret escapes."""

LATIN1_CODEC = "iso8859-1"

_CONTROL_CHARS = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_LETTER_RUN_RE = re.compile(rb"[\xc0-\xff]{2,}")
_MIXED_WORD_RE = re.compile(rb"[A-Za-z][\xc0-\xff]|[\xc0-\xff][A-Za-z]")
_BELOW_0X80 = bytes(range(0x80))
_BELOW_0XC0 = bytes(range(0xC0))
_BELOW_0XE0 = bytes(range(0xE0))


@dataclass(frozen=True)
class Decoded:
    """Text with the codec that produced it and, when the result may be wrong,
    a human-readable reason."""

    text: str
    charset: str
    problem: str | None = None


def resolve_charset(label: str) -> str | None:
    """The Python codec for a MIME charset label, or None when the label names
    no character set we may use."""
    name = label.strip().strip("\"'").lower()
    if not name or len(name) > 64:
        return None
    name = LABEL_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    return None if codec in NOT_TEXT_CODECS else codec


def scrub(text: str) -> str:
    """Make decoded text safe to store and show: newlines become ``\\n``, C0
    control characters and NUL (which PostgreSQL refuses in text) go, and lone
    surrogates (which no encoder accepts) become U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_CHARS)
    return _SURROGATE_RE.sub("\ufffd", text)


def decode_bytes(data: bytes, declared: str | None) -> Decoded:
    """Decode ``data`` labelled ``declared`` (None when there was no label).

    Never raises. Trusts a label that decodes the bytes cleanly; otherwise
    guesses (see the module docstring) and says so in ``problem``.
    """
    label = (declared or "").strip().strip("\"'").lower()
    if not label or label in UNDECLARED_LABELS:
        return _guessed(data, None)
    codec = resolve_charset(label)
    if codec is None:
        return _guessed(data, f"charset {label!r} is unknown")
    if codec == LATIN1_CODEC:
        try:
            return Decoded(scrub(data.decode("cp1252")), "cp1252")
        except UnicodeDecodeError:
            return Decoded(scrub(data.decode("latin-1")), "latin-1")
    try:
        return Decoded(scrub(data.decode(codec)), codec)
    except (UnicodeError, LookupError, ValueError, TypeError):
        pass
    if codec == "utf-8" and _mostly_utf8(data):
        bad = data.decode("utf-8", "replace").count("\ufffd")
        return Decoded(
            scrub(data.decode("utf-8", "replace")),
            "utf-8",
            f"{bad} byte sequence(s) not valid in utf-8 were replaced",
        )
    if codec in ("ascii", "utf-8"):
        return _guessed(data, f"text is not valid {codec}")
    return Decoded(
        scrub(data.decode(codec, "replace")),
        codec,
        f"text is not valid {codec}; unreadable bytes were replaced",
    )


def guess_charset(data: bytes) -> str:
    """The most likely charset of unlabelled text: ``ascii``, ``utf-8``,
    ``cp1251``, ``koi8-r`` or ``latin-1``. Looks at a bounded sample."""
    sample = data[:CHARSET_SAMPLE_BYTES]
    if sample.isascii():
        return "ascii"
    if _mostly_utf8(sample):
        return "utf-8"
    if _looks_cyrillic(sample):
        upper_half = len(sample.translate(None, _BELOW_0XE0))
        lower_half = len(sample.translate(None, _BELOW_0XC0)) - upper_half
        if upper_half >= lower_half and b"\x98" not in sample:
            return "cp1251"
        return "koi8-r"
    return "latin-1"


def _guessed(data: bytes, reason: str | None) -> Decoded:
    charset = guess_charset(data)
    text = scrub(data.decode(charset, "replace"))
    if charset in ("ascii", "utf-8") and reason is None:
        return Decoded(text, charset)
    guess = f"read as {charset} (guessed)"
    if reason is None:
        return Decoded(text, charset, f"no charset declared for 8-bit text; {guess}")
    return Decoded(text, charset, f"{reason}; {guess}")


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8, allowing one bad sequence per fifty non-ASCII bytes (a
    truncated or hand-edited message) and a character cut off at the end."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(data, final=False)
    except UnicodeDecodeError:
        high = len(data.translate(None, _BELOW_0X80))
        bad = data.decode("utf-8", "replace").count("\ufffd")
        return bad * 50 <= high
    return True


def _looks_cyrillic(data: bytes) -> bool:
    letters = len(data.translate(None, _BELOW_0XC0))
    if letters == 0:
        return False
    in_runs = sum(len(run) for run in _LETTER_RUN_RE.findall(data))
    touching_latin = len(_MIXED_WORD_RE.findall(data))
    high = len(data.translate(None, _BELOW_0X80))
    return in_runs * 2 >= letters and touching_latin * 4 < letters and letters * 2 >= high
