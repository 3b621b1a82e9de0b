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
