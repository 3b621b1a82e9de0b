"""The call types the simulator can play, by name.

Each scenario is ``async def name(flow, **params) -> None``: it drives the
PBX through one call (or one agent action) and writes the truth about it in
``flow.records``. Parameters are keyword-only with realistic defaults; every
duration is in simulated seconds.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pbx.simulator.flow import Flow
from pbx.simulator.scenarios.agent import agent_pause
from pbx.simulator.scenarios.direct import (
    direct_answered,
    direct_busy,
    direct_failed,
    direct_missed,
    direct_voicemail,
    internal,
)
from pbx.simulator.scenarios.outbound import click_to_call
from pbx.simulator.scenarios.queue import (
    queue_abandoned,
    queue_answered,
    queue_hold,
    queue_ring_no_answer,
)
from pbx.simulator.scenarios.transfer import attended_transfer, blind_transfer

Scenario = Callable[..., Awaitable[None]]
"""``scenario(flow, **params)``; a custom one may be passed to ``AmiSimulator.run``."""

SCENARIOS: dict[str, Scenario] = {
    "queue_answered": queue_answered,
    "queue_abandoned": queue_abandoned,
    "queue_ring_no_answer": queue_ring_no_answer,
    "queue_hold": queue_hold,
    "direct_answered": direct_answered,
    "direct_missed": direct_missed,
    "direct_voicemail": direct_voicemail,
    "direct_busy": direct_busy,
    "direct_failed": direct_failed,
    "internal": internal,
    "click_to_call": click_to_call,
    "blind_transfer": blind_transfer,
    "attended_transfer": attended_transfer,
    "agent_pause": agent_pause,
}


def resolve(scenario: str | Scenario) -> Scenario:
    if callable(scenario):
        return scenario
    try:
        return SCENARIOS[scenario]
    except KeyError:
        raise ValueError(
            f"unknown scenario {scenario!r}; known: {', '.join(sorted(SCENARIOS))}"
        ) from None


__all__ = ["SCENARIOS", "Flow", "Scenario", "resolve"]
