"""What the correlator hands back to whoever feeds it.

A module of its own because every part of the correlator emits signals (the
dial handlers ring and answer, the end of a call ends), and the live ingest
and the replay read them without needing the correlator's internals.
"""

from __future__ import annotations

from dataclasses import dataclass

from pbx.correlation.call import Call


@dataclass(frozen=True, slots=True)
class Signal:
    kind: str
    """``ringing`` (a desk is ringing: the screen pop), ``answered`` or ``ended``."""
    call: Call
    extension: str | None = None
