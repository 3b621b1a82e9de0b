"""The built-in Asterisk for the demo: the AMI simulator, staffed with the
CRM's own users and called by its own customers.

Agents are the users who have an extension; support desks (extensions 3xx)
answer the ``support`` queue and sales desks (2xx) the ``sales`` queue, the
way the demo organisation is set up. Callers are the phone numbers of
contacts, leads and accounts, plus a few unknown numbers, so screen pops
show both known and new callers.
"""

from __future__ import annotations

import logging

from crm_core.runtime import Runtime
from pbx.simulator import Agent, AmiSimulator, Caller, QueueConfig

logger = logging.getLogger(__name__)

UNKNOWN_CALLERS = ("+79990001122", "+74959876543", "88002000600")
PHONE_FIELDS = {"Contacts": "mobile", "Leads": "phone", "Accounts": "phone"}


async def start_simulator(runtime: Runtime) -> AmiSimulator:
    settings = runtime.settings.pbx
    agents = [
        Agent(u.phone_extension, u.full_name)
        for u in await runtime.users.all()
        if u.phone_extension and u.active and not u.is_system
    ]
    support = tuple(a.extension for a in agents if a.extension.startswith("3"))
    sales = tuple(a.extension for a in agents if a.extension.startswith("2"))
    queues = [
        QueueConfig(name, strategy, members)
        for name, strategy, members in (
            ("support", "ringall", support),
            ("sales", "rrmemory", sales),
        )
        if members
    ]
    callers = [Caller(n) for n in UNKNOWN_CALLERS]
    for module, field in PHONE_FIELDS.items():
        page = await runtime.records.list_records(runtime.system_actor, module, limit=20)
        callers += [Caller(r.get(field), r.label) for r in page.records if r.get(field)]
    simulator = AmiSimulator(
        host="127.0.0.1",
        port=settings.simulator_port,
        username=settings.username,
        secret=settings.secret.get_secret_value(),
        speed=settings.simulator_speed,
        seed=None,
        calls_per_minute=settings.simulator_calls_per_minute,
        agents=agents or None,
        queues=queues or None,
        caller_numbers=callers,
        region=runtime.settings.locale.default_region,
    )
    await simulator.start()
    logger.info("built-in AMI simulator on 127.0.0.1:%d", simulator.port)
    return simulator
