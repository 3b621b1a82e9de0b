"""AMI framing over the real captures in shared/asterisk/traces, and over
arbitrary chunking, line endings and garbage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbx.framing import FrameReader, read_capture

TRACES = Path(__file__).resolve().parents[3] / "shared" / "asterisk" / "traces"
CAPTURES = sorted(TRACES.glob("*.ami")) if TRACES.is_dir() else []
DAMAGED = "panoramisk_agent_loggued_in.ami"

if not CAPTURES and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    raise RuntimeError(f"CI=true but the reference captures are missing: {TRACES}")
pytestmark = pytest.mark.skipif(
    not CAPTURES, reason="shared/asterisk/traces is not beside the checkout"
)


def events_in(path: Path) -> int:
    return sum(1 for line in path.read_text("utf-8").splitlines() if line.startswith("Event:"))


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_every_capture_reads_completely(path: Path) -> None:
    messages = list(read_capture(path))
    events = [m for m in messages if "Event" in m]
    assert len(events) == events_in(path)


def test_damaged_blocks_are_skipped_and_counted() -> None:
    reader = FrameReader()
    messages = reader.feed((TRACES / DAMAGED).read_bytes()) + reader.close()
    # Two blocks begin with "[N bytes missing in capture file]"; the lone space
    # line at the top is tolerated. Everything around them still arrives.
    assert reader.malformed == 2
    assert len([m for m in messages if "Event" in m]) == events_in(TRACES / DAMAGED)


def test_banner_version_and_interleaved_actions() -> None:
    reader = FrameReader()
    messages = reader.feed((TRACES / "panoramisk_login_ok.ami").read_bytes()) + reader.close()
    assert reader.version == "1.3"
    assert reader.ignored == 1  # the client's own Login action
    assert [m.get("Response") or m.get("Event") for m in messages] == ["Success", "FullyBooted"]


def test_repeated_keys_and_command_output() -> None:
    reader = FrameReader()
    data = (
        b"Asterisk Call Manager/7.0.3\r\n"
        b"Event: Newchannel\r\nChanVariable: A=1\r\nChanVariable: B=2\r\nLanguage: \r\n\r\n"
        b"Response: Follows\r\nPrivilege: Command\r\n"
        b"Asterisk 11.2 built by root on 2013-05-01 14:53:37 UTC\r\n--END COMMAND--\r\n\r\n"
    )
    first, second = reader.feed(data)
    assert reader.version == "7.0.3"
    assert first["ChanVariable"] == ["A=1", "B=2"]
    assert first["Language"] == ""
    assert "2013-05-01 14:53:37" in second.content


def test_utf8_names_survive_any_chunk_boundary() -> None:
    block = "Event: Newchannel\r\nCallerIDName: ООО «Ромашка»\r\n\r\n".encode()
    for cut in range(1, len(block)):
        reader = FrameReader()
        messages = reader.feed(block[:cut]) + reader.feed(block[cut:])
        assert [m["CallerIDName"] for m in messages] == ["ООО «Ромашка»"]


@settings(max_examples=60, deadline=None)
@given(cuts=st.lists(st.integers(min_value=1, max_value=20_000), max_size=30), crlf=st.booleans())
def test_chunking_and_line_endings_do_not_matter(cuts: list[int], crlf: bool) -> None:
    data = (TRACES / "asterisk-mqtt_answered-internal.ami").read_bytes()
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    whole = FrameReader()
    expected = [dict(m) for m in whole.feed(data) + whole.close()]
    reader = FrameReader()
    got = []
    start = 0
    for cut in sorted(set(cuts)):
        got += reader.feed(data[start:cut])
        start = max(start, cut)
    got += reader.feed(data[start:]) + reader.close()
    assert [dict(m) for m in got] == expected


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_garbage_never_raises(data: bytes) -> None:
    reader = FrameReader()
    reader.feed(data)
    reader.close()
