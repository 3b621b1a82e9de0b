"""Choices every scenario makes the same way: who calls, which number."""

from __future__ import annotations

from pbx.simulator.config import Caller
from pbx.simulator.flow import Flow


def pick_caller(flow: Flow, number: str | None) -> Caller:
    """The caller given (a number, looked up for its name), or a random one."""
    if number is None:
        return flow.rng.choice(flow.config.callers)
    known = next((c for c in flow.config.callers if c.number == number), None)
    return known or Caller(number)


def pick_did(flow: Flow, did: str | None) -> str:
    return did if did is not None else flow.rng.choice(flow.config.dids)


def check_extension(flow: Flow, extension: str) -> str:
    if flow.config.agent(extension) is None:
        raise ValueError(f"no desk with extension {extension!r}")
    return extension


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value
