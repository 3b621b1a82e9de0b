"""Calls: one record per logical telephone call (vtiger PBXManager).

vtiger's fields are kept; the queue, wait, talk and hold figures are ours,
filled in by the telephony channel from Asterisk's events.
"""

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
    "ringing",
    "in-progress",
    "answered",
    "abandoned",
    "missed",
    "busy",
    "failed",
    "voicemail",
)

CALLS = Module(
    name="Calls",
    label="Calls",
    singular="Call",
    table="calls",
    menu="Support",
    vtiger_name="PBXManager",
    label_fields=("customernumber",),
    search_fields=("customernumber", "callednumber", "queue", "outcome_notes"),
    own_fields=(
        picklist("direction", "Direction", DIRECTIONS, block=INFO, uitype=16),
        picklist("callstatus", "Status", CALL_STATUSES, block=INFO, uitype=16),
        datetime("starttime", "Start Time", block=INFO, uitype=70),
        datetime("endtime", "End Time", block=INFO, uitype=70),
        integer("totalduration", "Total Duration (s)", block=INFO, uitype=1),
        integer("billduration", "Talk Duration (s)", block=INFO, uitype=1),
        text("recordingurl", "Recording", max_length=500, block=INFO, uitype=17),
        text("sourceuuid", "Linked Id", max_length=100, block=INFO, uitype=1),
        text("gateway", "Gateway", max_length=100, block=INFO, uitype=1),
        reference("customer", "Customer", ("Contacts", "Leads", "Accounts"), block=INFO, uitype=10),
        reference("user", "User", ("Users",), block=INFO, uitype=52),
        phone("customernumber", "Customer Number", block=INFO, uitype=11),
        text("customertype", "Customer Type", max_length=30, block=INFO, uitype=1),
        phone("callednumber", "Called Number", block=INFO, uitype=11),
        text("queue", "Queue", max_length=80, block=INFO),
        text("agent_extension", "Agent Extension", max_length=20, block=INFO),
        integer("wait_s", "Wait (s)", block=INFO),
        integer("talk_s", "Talk (s)", block=INFO),
        integer("hold_s", "Hold (s)", block=INFO),
        textarea("outcome_notes", "Call Notes", max_length=10000, block=INFO),
    ),
)
