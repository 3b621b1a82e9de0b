"""Calls: one record per telephone call through the PBX (vtiger PBXManager)."""

from crm_core.metadata.fields import (
    datetime,
    integer,
    phone,
    picklist,
    reference,
    text,
    textarea,
)
from crm_core.metadata.module import Module

INFO = "LBL_PBXMANAGER_INFORMATION"

DIRECTIONS = ("inbound", "outbound", "internal")
CALL_STATUSES = (
    "answered",
    "abandoned",
    "missed",
    "busy",
    "failed",
    "voicemail",
    "ringing",
    "in-progress",
)
CALL_RESULTS = (
    "Resolved",
    "Call back",
    "Sale",
    "Information given",
    "Complaint",
    "Wrong number",
)
"""What came of a call, as the agent judged it: not Asterisk's outcome
(``callstatus``) but the conversation's, chosen on the screen-pop card."""

CALLS = Module(
    name="Calls",
    label="Calls",
    singular="Call",
    table="calls",
    menu="Support",
    vtiger_name="PBXManager",
    description_field=False,
    label_fields=("customernumber",),
    search_fields=("sourceuuid", "customertype", "queue", "agent_extension", "outcome_notes"),
    own_fields=(
        picklist("direction", "Direction", DIRECTIONS, block=INFO, uitype=1),
        picklist("callstatus", "Call Status", CALL_STATUSES, block=INFO, uitype=1),
        datetime("starttime", "Start Time", block=INFO, uitype=70),
        datetime("endtime", "End Time", block=INFO, uitype=70),
        integer("totalduration", "Total Duration (s)", block=INFO, uitype=7),
        integer("billduration", "Bill Duration (s)", block=INFO, uitype=7),
        text("recordingurl", "Recording URL", max_length=500, block=INFO, uitype=17),
        text("sourceuuid", "Source UUID", max_length=100, block=INFO, uitype=1, indexed=True),
        text("gateway", "Gateway", max_length=100, block=INFO, uitype=1),
        reference("customer", "Customer", ("Contacts", "Leads", "Accounts"), block=INFO, uitype=10),
        reference("user", "User", ("Users",), block=INFO, uitype=52),
        phone("customernumber", "Customer Number", block=INFO, uitype=11),
        text("customertype", "Customer Type", max_length=100, block=INFO, uitype=1),
        # Ours, not vtiger's: filled in by the telephony channel from Asterisk's events.
        phone("callednumber", "Called Number", block=INFO),
        text("queue", "Queue", max_length=80, block=INFO),
        text("agent_extension", "Agent Extension", max_length=40, block=INFO),
        integer("wait_s", "Wait Time (s)", block=INFO),
        integer("talk_s", "Talk Time (s)", block=INFO),
        integer("hold_s", "Hold Time (s)", block=INFO),
        textarea("outcome_notes", "Call Notes", block=INFO),
        picklist("call_result", "Call Result", CALL_RESULTS, block=INFO),
    ),
)
