"""Read a raw AMI capture the way the live connection reads Asterisk.

Administrators use it to see how the CRM understands their own PBX's traffic
before pointing it at production: the same framing and the same correlator,
no database, one JSON object per logical call.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pbx.correlation.clock import EventClock
from pbx.correlation.correlator import Correlator
from pbx.framing import read_capture


def replay(path: Path, region: str) -> Iterator[dict[str, Any]]:
    """Each call's summary, in the order the calls ended; calls still open when
    the capture stops come last."""
    correlator = Correlator(region, EventClock(wall=None))
    for message in read_capture(path):
        for signal in correlator.feed(message):
            if signal.kind == "ended":
                yield signal.call.summary()
    for call in correlator.finish():
        yield call.summary()
