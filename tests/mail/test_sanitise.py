"""HTML sanitising: nothing active, nothing fetched from outside."""

from __future__ import annotations

import time

import pytest

from mail.const import MAX_HTML_DEPTH
from mail.sanitise import nesting_exceeds, sanitise_html


def _clean(html: str, content_ids: tuple[str, ...] = ()) -> str:
    cleaned, problems = sanitise_html(html, content_ids)
    assert problems == []
    assert cleaned is not None
    return cleaned


@pytest.mark.parametrize(
    ("html", "forbidden"),
    [
        ("<p>hi<script>alert(1)</script></p>", "alert"),
        ('<b onclick="steal()">x</b>', "onclick"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<img src="https://track.example/p.gif">', "track.example"),
        ('<img src="//track.example/p.gif">', "track.example"),
        ('<img src="data:image/gif;base64,R0lGOD">', "data:"),
        ('<p style="background:url(https://track.example/x)">x</p>', "track.example"),
        ('<div style="position:fixed;top:0">x</div>', "position"),
        ('<iframe src="https://evil.example/"></iframe>', "iframe"),
        ('<form action="https://evil.example/"><input name="pin"></form>', "input"),
        ("<style>p{color:red}</style><p>x</p>", "color:red"),
        ("<svg><script>alert(1)</script></svg>", "alert"),
        ('<a href="/relative">x</a>', "relative"),
        ('<img src="cid:unknown@x">', "cid:"),
        ('<a href="cid:part@x">x</a>', "cid:"),
        ("<!-- secret comment --><p>x</p>", "secret"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "refresh"),
    ],
)
def test_forbidden_content_is_removed(html: str, forbidden: str) -> None:
    assert forbidden.lower() not in _clean(html).lower()


def test_formatting_links_and_known_inline_images_stay() -> None:
    html = (
        '<p style="color:red">Hello <b>there</b></p>'
        '<a href="https://example.com/x">site</a><a href="mailto:a@example.com">mail</a>'
        '<img src="cid:Logo@Example" alt="logo"><table><tr><td>cell</td></tr></table>'
    )
    cleaned = _clean(html, ("logo@example",))
    for kept in (
        'style="color:red"',
        "<b>there</b>",
        'href="https://example.com/x"',
        'href="mailto:a@example.com"',
        'src="cid:Logo@Example"',
        "<td>cell</td>",
    ):
        assert kept in cleaned


def test_links_cannot_be_used_for_referrer_leaks() -> None:
    assert 'rel="noopener noreferrer nofollow"' in _clean('<a href="https://example.com/">x</a>')


def test_depth_estimate() -> None:
    assert not nesting_exceeds("<p>a<p>b<li>c<br><img>" * 10_000, 10)
    assert not nesting_exceeds("<div>x</div>" * 10_000, 1)
    assert nesting_exceeds("<div>" * 11, 10)


def test_too_deep_html_is_not_sanitised() -> None:
    cleaned, problems = sanitise_html("<div>" * (MAX_HTML_DEPTH + 1) + "x", ())
    assert cleaned is None
    assert problems


def test_deep_but_allowed_html_stays_fast() -> None:
    html = "".join(f'<b id="{n}">x' for n in range(MAX_HTML_DEPTH - 1)) + "<span>y</span>" * 50_000
    start = time.perf_counter()
    cleaned, _ = sanitise_html(html, ())
    assert cleaned is not None
    assert time.perf_counter() - start < 10
