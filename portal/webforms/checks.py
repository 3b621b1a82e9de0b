"""Checks on text that reaches a public page or a record from the outside.

A web form's values come from anyone on the internet and its labels end up
on a public page; markup in either is refused with a clear error rather
than escaped and stored, so nothing script-like ever lands in the CRM from
a form (the pages escape everything anyway).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crm_core.metadata.fields import CONTROL_CHARS_RE

MARKUP_RE = re.compile(r"<\s*/?\s*[a-zA-Z!?]|&#?[a-zA-Z0-9]+;")
"""An opening or closing tag, a comment or declaration, or a character
reference: what a browser would read as markup."""

MARKUP_REASON = "must be plain text: markup such as <tags> is not accepted"


def has_markup(value: str) -> bool:
    return MARKUP_RE.search(value) is not None


def plain_text_problem(value: str, limit: int, *, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be a label or message of a form, or None."""
    if len(value) > limit:
        return f"is {len(value)} characters long, at most {limit} allowed"
    if CONTROL_CHARS_RE.search(value) or (not multiline and "\n" in value):
        return "contains control characters"
    if has_markup(value):
        return MARKUP_REASON
    return None


def web_address_problem(value: str) -> str | None:
    """Why ``value`` is not an address to send a visitor to after a submission."""
    if len(value) > 2000:
        return "is longer than 2000 characters"
    if CONTROL_CHARS_RE.search(value) or any(c.isspace() for c in value):
        return "contains spaces or control characters"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// address"
    return None
