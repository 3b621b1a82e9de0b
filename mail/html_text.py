"""Readable plain text from a message's HTML.

An HTML-only message still needs a plain text body: for search, for the
ticket's description, for the reply quote. This keeps what a reader relies
on: paragraphs and line breaks, list items, quoted blocks (as ``> ``), and
where a link goes when its text does not say so.

``html_to_text`` expects HTML that nh3 has already cleaned. The stdlib's
``html.parser`` is quadratic on unclosed tags (``<a <a <a ...``) in Python
3.11, and html5ever's output never has them; ``rough_text`` is the fallback
for HTML too deeply nested to clean, and uses no parser at all.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_WHITESPACE_RE = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_EXTRA_BLANK_LINES_RE = re.compile(r"\n{3,}")
_ANY_TAG_RE = re.compile(r"<[^<>]*>")

_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table"})
_LINE_TAGS = frozenset(
    {
        *("address", "article", "aside", "caption", "center", "dd", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "header", "li", "main", "nav", "ol", "section"),
        *("tbody", "tfoot", "thead", "tr", "ul"),
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "template"})
_BLOCK_START_RE = re.compile(r"<(script|style)", re.IGNORECASE)
_BLOCK_END_RES = {tag: re.compile(rf"</{tag}[^>]*>", re.IGNORECASE) for tag in ("script", "style")}


class _TextWriter(HTMLParser):
    """Collects lines; block elements end the current line, ``<br>`` always
    does, and text inside ``<pre>`` keeps its own spacing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._words: list[str] = []
        self._space = False
        self._quote = 0
        self._pre = 0
        self._skip = 0
        self._lists: list[int | None] = []
        self._link: tuple[str, list[str]] | None = None

    def text(self) -> str:
        if self._words:
            self._newline()
        joined = "\n".join(line.rstrip() for line in self.lines)
        return _EXTRA_BLANK_LINES_RE.sub("\n\n", joined).strip("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag == "br":
            self._newline()
        elif tag == "hr":
            self._block(1)
            self._emit("----")
            self._block(1)
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            if alt:
                self._emit(f"[{alt}]")
        elif tag == "a":
            self._link = (dict(attrs).get("href") or "", [])
        elif tag in ("td", "th"):
            self._space = bool(self._words)
        elif tag in _PARAGRAPH_TAGS or tag in _LINE_TAGS:
            self._start_block(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "a":
            self._end_link()
        elif tag in _PARAGRAPH_TAGS or tag in _LINE_TAGS:
            self._block(2 if tag in _PARAGRAPH_TAGS else 1)
            if tag == "blockquote":
                self._end_quote()
            elif tag == "pre":
                self._pre = max(0, self._pre - 1)
            elif tag in ("ul", "ol") and self._lists:
                self._lists.pop()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            for number, piece in enumerate(data.replace("\r\n", "\n").split("\n")):
                if number:
                    self._newline()
                self._emit(piece, raw=True)
            return
        collapsed = _WHITESPACE_RE.sub(" ", data)
        if collapsed.startswith(" "):
            self._space = True
        if collapsed.strip():
            self._emit(collapsed.strip())
            self._space = collapsed.endswith(" ")

    def _start_block(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._block(2 if tag in _PARAGRAPH_TAGS else 1)
        if tag == "blockquote":
            self._quote += 1
        elif tag == "pre":
            self._pre += 1
        elif tag == "ul":
            self._lists.append(None)
        elif tag == "ol":
            start = dict(attrs).get("start") or "1"
            self._lists.append(int(start) if start.isdigit() and len(start) < 9 else 1)
        elif tag == "li":
            self._list_marker()

    def _end_quote(self) -> None:
        """The blank line after a quote belongs to the level outside it."""
        if self.lines and not self.lines[-1].strip("> "):
            self.lines.pop()
        self._quote = max(0, self._quote - 1)
        if self.lines:
            self.lines.append(">" * self._quote)

    def _list_marker(self) -> None:
        indent = "  " * max(0, len(self._lists) - 1)
        counter = self._lists[-1] if self._lists else None
        if counter is None:
            self._words.append(f"{indent}- ")
        else:
            self._words.append(f"{indent}{counter}. ")
            self._lists[-1] = counter + 1
        self._space = False

    def _end_link(self) -> None:
        if self._link is None:
            return
        href, seen = self._link
        self._link = None
        label = " ".join("".join(seen).split())
        target = href[7:] if href.lower().startswith("mailto:") else href
        if not target or not href.lower().startswith(("http:", "https:", "mailto:")):
            return
        if _bare(target) != _bare(label):
            self._space = True
            self._emit(f"({target})" if label else target)

    def _emit(self, text: str, raw: bool = False) -> None:
        if self._space and self._words and not raw:
            self._words.append(" ")
        self._words.append(text)
        self._space = False
        if self._link is not None:
            self._link[1].append(f" {text}")

    def _newline(self) -> None:
        prefix = "> " * self._quote
        self.lines.append(prefix + "".join(self._words))
        self._words = []
        self._space = False

    def _block(self, breaks: int) -> None:
        if self._words:
            self._newline()
        if breaks > 1 and self.lines and self.lines[-1].strip("> "):
            self.lines.append(">" * self._quote)
        self._space = False


def html_to_text(clean_html: str) -> str:
    """Plain text of HTML that nh3 has cleaned (see the module docstring)."""
    writer = _TextWriter()
    writer.feed(clean_html)
    writer.close()
    return writer.text()


def rough_text(any_html: str) -> str:
    """Text of HTML that could not be cleaned: scripts and styles dropped,
    tags removed, entities decoded; no layout. Linear on any input."""
    kept = _drop_blocks(any_html)
    text = html.unescape(_ANY_TAG_RE.sub(" ", kept))
    lines = (_WHITESPACE_RE.sub(" ", line).strip() for line in text.splitlines())
    return _EXTRA_BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip()


def _drop_blocks(text: str) -> str:
    """``text`` without script and style elements; every search starts where
    the previous one ended, so this stays linear."""
    pieces: list[str] = []
    position = 0
    while (start := _BLOCK_START_RE.search(text, position)) is not None:
        pieces.append(text[position : start.start()])
        end = _BLOCK_END_RES[start.group(1).lower()].search(text, start.end())
        if end is None:
            return "".join(pieces)
        position = end.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _bare(url: str) -> str:
    lowered = url.strip().lower().rstrip("/")
    for prefix in ("https://", "http://", "www."):
        lowered = lowered.removeprefix(prefix)
    return lowered
