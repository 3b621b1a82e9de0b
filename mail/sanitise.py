"""Customer HTML into HTML an agent's browser may render.

Mail HTML is written by strangers: it carries scripts, event handlers,
``javascript:`` links, and remote images that tell the sender when (and
from where) an agent opened the message. nh3 (html5ever and ammonia) keeps
an allow-list of formatting tags and attributes; on top of it, an image keeps
its ``src`` only when that is a ``cid:`` reference to a part of the same
message, so nothing is fetched from outside when the message is shown.

html5ever slows down quadratically on tens of thousands of unclosed
elements, so a linear pre-scan estimates the nesting depth first; HTML
nested deeper than ``MAX_HTML_DEPTH`` is not sanitised at all (the caller
shows its text instead).
"""

from __future__ import annotations

import re
from collections.abc import Collection

import nh3

from mail.const import MAX_HTML_DEPTH
from mail.headers import normalise_id

ALLOWED_TAGS = frozenset(
    {
        *("a", "abbr", "b", "blockquote", "br", "caption", "center", "cite", "code", "col"),
        *("colgroup", "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4"),
        *("h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s"),
        *("small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td"),
        *("tfoot", "th", "thead", "tr", "tt", "u", "ul"),
    }
)

_CELL_ATTRIBUTES = {"align", "valign", "colspan", "rowspan", "width", "bgcolor"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"style", "title", "dir", "lang", "align"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "font": {"color", "face", "size"},
    "table": {"border", "cellpadding", "cellspacing", "width", "bgcolor"},
    "td": _CELL_ATTRIBUTES,
    "th": _CELL_ATTRIBUTES,
    "col": {"span", "width"},
    "colgroup": {"span", "width"},
    "ol": {"start", "type"},
    "li": {"value"},
}

ALLOWED_STYLE_PROPERTIES = frozenset(
    {
        *("color", "background-color", "font-family", "font-size", "font-style"),
        *("font-weight", "text-align", "text-decoration", "vertical-align"),
        *("white-space", "border", "border-collapse", "padding", "margin", "width"),
    }
)
"""Formatting only: no property that can name a URL (background, list-style
images) and none that can lay content over the console (position)."""

URL_SCHEMES = frozenset({"http", "https", "mailto", "cid"})

DROPPED_CONTENT_TAGS = frozenset({"script", "style", "title", "template", "noscript"})
"""Removed together with what they contain; other unknown tags are removed
but their text is kept."""

_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr", "param", "keygen"}
)
_SELF_CLOSING_IN_PRACTICE = frozenset(
    {"p", "li", "dt", "dd", "tr", "td", "th", "option", "a", "thead", "tbody", "tfoot"}
)
"""Elements that close their open sibling when a new one starts (or, for
``a``, never nest), so sloppy HTML that never closes them is not deep."""

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})")


def sanitise_html(html: str, content_ids: Collection[str]) -> tuple[str | None, list[str]]:
    """Safe HTML for ``html``, or None when it is nested too deeply to clean
    cheaply; ``content_ids`` are the Content-IDs of this message's parts, the
    only images that may stay."""
    if nesting_exceeds(html, MAX_HTML_DEPTH):
        return None, [f"HTML nested deeper than {MAX_HTML_DEPTH} elements; only its text is kept"]
    known = {cid.lower() for cid in content_ids}

    def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in ("src", "href"):
            return value
        is_cid = value[:4].lower() == "cid:"
        if tag == "img":
            cid = normalise_id(value[4:]) if is_cid else None
            return value if cid is not None and cid.lower() in known else None
        return None if is_cid else value

    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_CONTENT_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep_attribute,
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned, []


def nesting_exceeds(html: str, limit: int) -> bool:
    """Whether more than ``limit`` elements may be open at once.

    Counts start and end tags by name only, so it over-estimates on odd
    input (a tag inside a comment), which only costs that message its
    formatting.
    """
    depth = 0
    for match in _TAG_RE.finditer(html):
        name = match.group(2).lower()
        if name in _VOID_TAGS or name in _SELF_CLOSING_IN_PRACTICE:
            continue
        if match.group(1):
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > limit:
            return True
    return False
