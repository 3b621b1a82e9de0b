"""Customers' portal access: routes that ask the portal channel (and, for
invitations, the email channel), so 502 and 503 too."""

from __future__ import annotations

from agent_ui.api.openapi.operations.base import (
    CHANNEL_ERRORS,
    FLAG,
    ID,
    STRING,
    Operation,
    closed,
    obj,
)
from crm_core.languages import LANGUAGES

LANGUAGE = {"type": "string", "enum": list(LANGUAGES)}
PORTAL_USER = obj(
    "id",
    "contact_id",
    "login",
    "active",
    id=ID,
    contact_id=ID,
    login=STRING,
    active=FLAG,
    account_wide=FLAG,
    has_password=FLAG,
    created_at={"type": ["string", "null"], "format": "date-time"},
    last_signin_at={"type": ["string", "null"], "format": "date-time"},
)
ACCESS = obj("portal_user", portal_user=PORTAL_USER, email_id=ID)

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("GET", "/portal-users"): Operation(
        "Customers with portal access, among the contacts you may see",
        response=obj(
            "portal_users",
            portal_users={"type": "array", "items": PORTAL_USER | {}},
        ),
        errors=CHANNEL_ERRORS,
    ),
    ("POST", "/portal-users"): Operation(
        "Give a contact portal access and email them an invitation",
        body=closed("contact_id", contact_id=ID, account_wide=FLAG, language=LANGUAGE),
        response=ACCESS,
        status=201,
        errors=CHANNEL_ERRORS,
    ),
    ("POST", "/portal-users/{id}/invitation"): Operation(
        "Email the customer a new invitation link (earlier links stop working)",
        body=closed(language=LANGUAGE),
        response=ACCESS,
        status=202,
        errors=CHANNEL_ERRORS,
    ),
    ("PATCH", "/portal-users/{id}"): Operation(
        "Switch revoked access back on, or choose whether the customer sees "
        "their organisation's records",
        body=closed(active=FLAG, account_wide=FLAG),
        response=ACCESS,
        errors=CHANNEL_ERRORS,
    ),
    ("DELETE", "/portal-users/{id}"): Operation(
        "Revoke a customer's portal access; their sessions and links end",
        response=ACCESS,
        errors=CHANNEL_ERRORS,
    ),
}
