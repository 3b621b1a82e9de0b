"""What the dialplan says about a call beyond who dialled whom.

A mixin of Correlator. These events change no channel and ring no desk; they
only annotate the call: a dialplan application that tells how an unanswered
call ended (VoiceMail, Busy, Congestion), the MixMonitor recording, and the
``SB_*`` variables the CRM set on Originate to tie the call to its request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pbx.correlation.call import Call, Outcome

Message = Mapping[str, Any]


class DialplanEvents:
    if TYPE_CHECKING:

        def _call_of(self, message: Message, prefix: str = "") -> Call | None: ...

    def _newexten(self, message: Message, now: float) -> None:
        application = message.get("Application")
        if application not in ("VoiceMail", "Busy", "Congestion"):
            return
        call = self._call_of(message)
        if call is None or call.answered:
            return
        if application == "VoiceMail":
            call.voicemail = True
        elif application == "Busy":
            call.app_hint = Outcome.BUSY
        else:
            call.app_hint = Outcome.FAILED

    def _varset(self, message: Message, now: float) -> None:
        variable = message.get("Variable") or ""
        if variable == "MIXMONITOR_FILENAME":
            call = self._call_of(message)
            if call is not None and message.get("Value"):
                call.recording = message["Value"]
        elif variable.lstrip("_").startswith("SB_"):
            call = self._call_of(message)
            if call is not None:
                call.tags[variable.lstrip("_")] = message.get("Value") or ""
