"""What agents do between calls: pausing in their queues."""

from __future__ import annotations

from pbx.simulator.flow import Flow
from pbx.simulator.scenarios.common import check_extension


async def agent_pause(
    flow: Flow,
    *,
    agent: str = "102",
    reason: str = "Обед",
    pause_s: float = 300,
    queue: str = "",
) -> None:
    """The agent pauses (in ``queue``, or in all their queues) for
    ``pause_s``, then comes back: QueueMemberPause with the reason, then
    QueueMemberPause unpaused. No call, so nothing is expected."""
    interface = f"PJSIP/{check_extension(flow, agent)}"
    if not flow.desk.pause(interface, True, reason, queue):
        raise ValueError(f"{interface} is a member of no queue{' ' + queue if queue else ''}")
    await flow.wait(pause_s)
    flow.desk.pause(interface, False, "", queue)
