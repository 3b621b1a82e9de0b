"""Limits of the mail parser, each chosen to keep a hostile message cheap.

Python's ``email`` package and the HTML libraries behave well on ordinary
mail but have cost that grows faster than the input on a few crafted shapes
(deep MIME nesting, very long structured headers, deeply nested HTML). The
parser bounds each of those shapes with one of these numbers and records a
defect when a bound is hit, instead of spending minutes on one message.
"""

from __future__ import annotations

MAX_MIME_DEPTH = 20
"""Nested multiparts read as such. The stdlib parser checks every body line
against the boundary of every enclosing multipart, so its cost is lines times
depth; real mail (a forward of a forward of an HTML mail with images) stays
well under ten levels."""

MAX_HEADER_CHARS = 8192
"""Characters of one header value handed to the stdlib's structured header
parser, which is quadratic on some long Content-Type and address values."""

MAX_ADDRESS_HEADER_CHARS = 256 * 1024
"""Characters of one address header (To, Cc) that are read; thousands of
recipients fit."""

MAX_HTML_CHARS = 2_000_000
"""Characters of HTML sanitised and converted to text; the rest is cut off.
HTML mail is rarely over a few hundred kilobytes, and turning HTML into text
costs some seconds per million tags."""

MAX_HTML_DEPTH = 1000
"""Open HTML elements at one time. html5ever (inside nh3) slows down
quadratically on tens of thousands of unclosed elements."""

CHARSET_SAMPLE_BYTES = 1 << 20
"""Bytes looked at when guessing the charset of undeclared 8-bit text."""
