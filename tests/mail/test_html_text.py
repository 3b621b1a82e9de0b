"""Plain text from sanitised HTML, and the rough fallback."""

from __future__ import annotations

import time

import pytest

from mail.html_text import html_to_text, rough_text
from mail.sanitise import sanitise_html


def _text(html: str) -> str:
    cleaned, _ = sanitise_html(html, ())
    assert cleaned is not None
    return html_to_text(cleaned)


def test_paragraphs_and_line_breaks() -> None:
    html = "<p>First   paragraph\nwraps.</p><p>Second<br>line two</p>tail"
    assert _text(html) == "First paragraph wraps.\n\nSecond\nline two\n\ntail"


def test_lists() -> None:
    html = "<ul><li>one</li><li>two<ol start='3'><li>three</li><li>four</li></ol></li></ul>"
    assert _text(html) == "- one\n- two\n  3. three\n  4. four"


def test_links_show_where_they_go_unless_the_text_says_it() -> None:
    html = (
        '<p><a href="https://example.com/a">the page</a>, '
        '<a href="https://example.com/b">https://example.com/b</a>, '
        '<a href="mailto:help@example.com">help@example.com</a>, '
        '<a href="mailto:sales@example.com">sales</a></p>'
    )
    assert _text(html) == (
        "the page (https://example.com/a), https://example.com/b, "
        "help@example.com, sales (sales@example.com)"
    )


def test_quoted_reply_is_marked() -> None:
    html = "<p>Thanks!</p><blockquote><p>Earlier</p><p>message</p></blockquote><p>Bye</p>"
    assert _text(html) == "Thanks!\n\n> Earlier\n>\n> message\n\nBye"


def test_preformatted_text_keeps_its_spacing() -> None:
    assert _text("<pre>a   b\n  c</pre>") == "a   b\n  c"


def test_table_cells_and_rows() -> None:
    html = "<table><tr><td>Name</td><td>Qty</td></tr><tr><td>Headset</td><td>12</td></tr></table>"
    assert _text(html) == "Name Qty\nHeadset 12"


def test_entities_and_non_breaking_spaces() -> None:
    assert (
        _text("<p>Tom&nbsp;&amp;&nbsp;Jerry &laquo;ok&raquo; &#1044;</p>") == "Tom & Jerry «ok» Д"
    )


def test_image_alt_text() -> None:
    assert _text('<p>Logo: <img alt="ACME"></p>') == "Logo: [ACME]"


def test_no_script_or_title_text() -> None:
    html = (
        "<html><head><title>T</title><style>p{}</style></head>"
        "<body><script>x()</script>ok</body></html>"
    )
    assert _text(html) == "ok"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a</p><script>var x = '<p>';</script><p>b</p>", "a\nb"),
        ("<style>p { color: red }</STYLE>c", "c"),
        ("<b>open <script> never closed", "open"),
        ("x &lt; y &amp; <i>z</i>", "x < y & z"),
    ],
)
def test_rough_text(html: str, expected: str) -> None:
    assert " ".join(rough_text(html).split()) == " ".join(expected.split())


@pytest.mark.parametrize("chunk", ["<a ", "<!--", "<", "<script", "</", "<p x='"])
def test_rough_text_is_linear(chunk: str) -> None:
    start = time.perf_counter()
    rough_text(chunk * 200_000)
    assert time.perf_counter() - start < 10
