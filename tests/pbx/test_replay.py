"""``switchboard pbx replay`` over the real captures in shared/asterisk/traces."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from crm_core.cli import main
from pbx.replay import replay

TRACES = Path(__file__).resolve().parents[3] / "shared" / "asterisk" / "traces"
CAPTURES = sorted(TRACES.glob("*.ami")) if TRACES.is_dir() else []

if not CAPTURES and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    raise RuntimeError(f"CI=true but the reference captures are missing: {TRACES}")
pytestmark = pytest.mark.skipif(
    not CAPTURES, reason="shared/asterisk/traces is not beside the checkout"
)


def call(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "queue": None,
        "transfers": [],
        "wait_s": 0,
        "talk_s": 0,
    }
    return {**base, **fields}


EXPECTED = {
    "asterisk-mqtt_answered-internal.ami": [
        call(
            linkedid="1770888534.43",
            direction="internal",
            caller="21",
            callee="1986",
            agents_rung=["1986"],
            answered_by="1986",
            outcome="answered",
        )
    ],
    "asterisk-mqtt_answered-outbound.ami": [
        call(
            linkedid="1770888509.40",
            direction="internal",
            caller="1986",
            callee="21",
            agents_rung=["21"],
            answered_by="21",
            outcome="answered",
        )
    ],
    "asterisk-mqtt_unanswered-cancel.ami": [
        call(
            linkedid="1770888559.46",
            direction="internal",
            caller="1986",
            callee="21",
            agents_rung=["21"],
            answered_by=None,
            outcome="missed",
        )
    ],
    "asterisk-mqtt_unanswered-huntgroup.ami": [
        call(
            linkedid="1770888635.49",
            direction="internal",
            caller="1986",
            callee="666",
            agents_rung=["11", "12", "21", "41", "42", "51"],
            answered_by=None,
            outcome="missed",
        )
    ],
    # No Timestamp in this capture: the times come from the Uniqueid seconds
    # and from app_queue's own HoldTime/TalkTime (AgentComplete TalkTime: 3).
    "callme_queue-call-sip.ami": [
        call(
            linkedid="1514295827.372",
            direction="inbound",
            caller="123",
            callee="888999",
            queue="Q1",
            agents_rung=["777"],
            answered_by="777",
            outcome="answered",
            wait_s=12,
            talk_s=3,
        )
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_call_capture_gives_its_calls(name: str) -> None:
    assert list(replay(TRACES / name, "RU")) == EXPECTED[name]


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_every_capture_replays_without_crashing(path: Path) -> None:
    calls = list(replay(path, "RU"))
    linkedids = [c["linkedid"] for c in calls]
    assert len(linkedids) == len(set(linkedids)), "a call was reported twice"
    for c in calls:
        assert c["outcome"] in {"answered", "abandoned", "missed", "busy", "failed", "voicemail"}
        assert c["direction"] in {"inbound", "outbound", "internal"}
        assert isinstance(c["wait_s"], int) and c["wait_s"] >= 0
        assert isinstance(c["talk_s"], int) and c["talk_s"] >= 0


def test_the_command_prints_one_json_object_per_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["pbx", "replay", "--data-dir", str(tmp_path), str(TRACES / "callme_queue-call-sip.ami")],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [json.loads(line) for line in lines] == EXPECTED["callme_queue-call-sip.ami"]


def test_garbage_is_read_without_crashing(tmp_path: Path) -> None:
    capture = tmp_path / "garbage.ami"
    capture.write_bytes(
        b"\x00\xff\xfe garbage\r\n\r\nEvent: Hangup\r\nUniqueid: 1.1\r\n\r\n"
        b"Event: Newchannel\nChannel: PJSIP/101-00000001\nUniqueid: x\nLinkedid: x\n\n"
        b"Event: DialEnd\nDestUniqueid: nope\nDialStatus: ANSWER\n\n" + bytes(range(256))
    )
    result = CliRunner().invoke(main, ["pbx", "replay", "--region", "RU", str(capture)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["linkedid"] for line in result.output.splitlines()] == ["x"]


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["pbx", "replay", str(tmp_path / "none.ami")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
