"""The queue board: a caller lost without QueueCallerLeave leaves the board
with their call, and only they do."""

from __future__ import annotations

from pbx.correlation.call import Call, Channel
from pbx.correlation.endpoints import endpoint_of
from pbx.queues import QueueBoard


def join(board: QueueBoard, uniqueid: str) -> None:
    board.feed(
        {
            "Event": "QueueCallerJoin",
            "Queue": "support",
            "Uniqueid": uniqueid,
            "CallerIDNum": "+79161234567",
            "Timestamp": "1763713800.0",
        }
    )


def ended(uniqueid: str) -> Call:
    name = "PJSIP/trunk-00000001"
    origin = Channel(uniqueid, name, endpoint_of(name), uniqueid, 1763713800.0)
    return Call(linkedid=uniqueid, start=1763713800.0, origin=origin, end=1763713810.0)


def test_a_lost_caller_leaves_with_the_call_and_no_one_else_does() -> None:
    board = QueueBoard(service_level_s=20, window_s=3600, clock=lambda: 1763713820.0)
    join(board, "1763713800.1")
    join(board, "1763713800.10")
    board.call_ended(ended("1763713800.1"))
    [stats] = board.snapshot("support")
    assert stats["waiting"] == 1
    assert stats["longest_wait_s"] == 20


def test_time_in_state_starts_at_each_change_and_survives_a_resync() -> None:
    now = [1763713800.0]
    board = QueueBoard(service_level_s=20, window_s=3600, clock=lambda: now[0])
    member = {"Queue": "support", "Interface": "PJSIP/101", "MemberName": "Дмитрий"}
    # Asterisk's clock is a year behind ours: its Timestamps must not matter.
    stamp = {"Timestamp": "1732177800.0"}
    board.feed({"Event": "QueueMemberAdded", **member, "Status": "1", **stamp})
    now[0] += 50
    board.feed({"Event": "QueueMemberStatus", **member, "Status": "2", **stamp})
    now[0] += 20
    board.feed({"Event": "QueueMemberStatus", **member, "Status": "2", **stamp})
    now[0] += 30
    [stats] = board.snapshot("support")
    [agent] = stats["members"]
    assert agent["extension"] == "101"  # the wallboard pauses an agent by it
    assert agent["state"] == "on_call"
    assert agent["in_state_s"] == 50  # since the first "in use", not the repeat
    board.feed(
        {
            "Event": "QueueMemberPause",
            **member,
            "Status": "1",
            "Paused": "1",
            "PausedReason": "Обед",
            **stamp,
        }
    )
    now[0] += 60
    [agent] = board.snapshot("support")[0]["members"]
    assert (agent["state"], agent["reason"], agent["in_state_s"]) == ("paused", "Обед", 60)
    # A reconnect lists the members again; an agent still paused keeps the time.
    board.resync(
        [
            {
                "Event": "QueueMember",
                "Queue": "support",
                "Location": "PJSIP/101",
                "Name": "Дмитрий",
                "Status": "1",
                "Paused": "1",
                "PausedReason": "Обед",
            }
        ]
    )
    [agent] = board.snapshot("support")[0]["members"]
    assert agent["in_state_s"] == 60
