"""Limits and names the workflow engine shares between its modules."""

from __future__ import annotations

CURSOR_NAME = "workflows"
"""The engine's row in ``event_cursor``."""

MAX_DEPTH = 5
"""How many workflow runs may follow from one another through the saves they
make before the chain is stopped and logged (the loop guard)."""

EVENT_BATCH = 500
POLL_S = 1.0
"""How often the engine looks at the event log and the timer store when
nothing woke it (another hub node's saves, jobs falling due)."""

JOB_BATCH = 50
LEASE_S = 300.0
"""How long a claimed job is its node's; a crashed node's jobs are taken
again once their lease runs out."""

FIRST_RETRY_S = 30.0
LONGEST_RETRY_S = 3600.0
MAX_ATTEMPTS = 8

WEBHOOK_TIMEOUT_S = 10.0
SIGNATURE_HEADER = "X-Switchboard-Signature"
DELIVERY_HEADER = "X-Switchboard-Delivery"

SCHEDULE_RECORD_LIMIT = 10_000
"""A scheduled workflow looks at this many records of its module at most per run."""
