"""A built-in Asterisk for the demo and the tests: the Manager Interface of
Asterisk 18, 20 and 22 on a real TCP port, driven by scripted calls.

    from pbx.simulator import AmiSimulator

    async with AmiSimulator(secret="s3cret", speed=0, start_time=1763713800) as sim:
        expected = await sim.run("queue_answered", queue="support", talk_s=30)

Wire format, snapshot fields, Linkedid rules and event orders follow
``shared/asterisk/AMI.md``, checked against the Asterisk sources. Each
scenario returns the logical calls it produced, in the shape of
``switchboard pbx replay``: the answer key a correlator must reproduce.
"""

from __future__ import annotations

from pbx.simulator.config import Agent, Caller, QueueConfig
from pbx.simulator.milestones import Reached, Watch
from pbx.simulator.scenarios import SCENARIOS, Scenario
from pbx.simulator.scenarios.origination import Behaviour
from pbx.simulator.simulator import AmiSimulator

__all__ = [
    "SCENARIOS",
    "Agent",
    "AmiSimulator",
    "Behaviour",
    "Caller",
    "QueueConfig",
    "Reached",
    "Scenario",
    "Watch",
]
