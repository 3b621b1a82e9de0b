"""FastAGI hooks: the dialplan asks the CRM who is calling and where to route.

Asterisk runs ``AGI(agi://127.0.0.1:4573/lookup)`` while a call waits, so
every answer here is quick, bounded by ``pbx.agi_timeout_ms``, and safe when
anything goes wrong: a slow or failed lookup still answers, with values that
route the call as if the caller were unknown. See ``config/asterisk/`` for the
dialplan that uses these hooks.
"""

from __future__ import annotations

from pbx.agi.server import ROUTES, AgiServer

__all__ = ["ROUTES", "AgiServer"]
