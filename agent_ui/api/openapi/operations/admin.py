"""Signing in, API tokens, users, roles, profiles, groups and sharing."""

from __future__ import annotations

from agent_ui.api.openapi.operations.base import (
    ANSWER,
    FLAG,
    INTEGER,
    SAVED,
    STRING,
    TEXT,
    USER,
    Operation,
    closed,
    obj,
    query,
)
from agent_ui.api.openapi.schemas import ref
from crm_core.access import FieldAccess, Tool
from crm_core.access.admin import SOURCE_KINDS
from crm_core.access.roles import LEVELS
from crm_core.languages import LANGUAGES
from crm_core.users import MIN_PASSWORD_LENGTH

OPERATIONS: dict[tuple[str, str], Operation] = {
    # -- session and tokens ---------------------------------------------------
    ("POST", "/session"): Operation(
        "Sign in; sets the session cookie and returns the CSRF token",
        body=closed("user_name", "password", user_name=STRING, password=STRING),
        response=obj("user", "csrf_token", user=USER, csrf_token=STRING),
        errors=(429,),
    ),
    ("GET", "/session"): Operation(
        "Who is signed in",
        response=obj("user", user=USER, csrf_token={"type": ["string", "null"]}),
    ),
    ("DELETE", "/session"): Operation("Sign out", response=obj("signed_out", signed_out=FLAG)),
    ("DELETE", "/sessions"): Operation(
        "End every session of the user", response=obj("ended", ended=INTEGER)
    ),
    ("GET", "/tokens"): Operation(
        "The user's API tokens",
        response=obj("tokens", tokens={"type": "array", "items": {"type": "object"}}),
    ),
    ("POST", "/tokens"): Operation(
        "Create an API token; its secret is shown once",
        body=closed("name", name={"type": "string", "minLength": 1, "maxLength": 100}),
        response=obj("id", "token", id=INTEGER, token=STRING),
        status=201,
    ),
    ("DELETE", "/tokens/{id}"): Operation(
        "Revoke an API token", response=obj("revoked", revoked=FLAG)
    ),
    ("GET", "/signin-audit"): Operation(
        "Recent sign-in attempts (administrators)",
        query=(query("limit", {"type": "integer", "minimum": 1, "maximum": 1000}),),
        response=obj("attempts", attempts={"type": "array", "items": {"type": "object"}}),
    ),
    # -- access administration ------------------------------------------------
    ("GET", "/access"): Operation("Roles, profiles, groups and sharing", response=ANSWER),
    ("POST", "/access/roles"): Operation(
        "Add a role under a parent role",
        body=obj("rolename", "parent", rolename=TEXT, parent=TEXT),
        response=obj("id", id={"type": "string"}),
        status=201,
    ),
    ("PUT", "/access/roles/{role}/profiles/{profile}"): Operation(
        "Give a role a profile", response=obj("linked", linked=FLAG)
    ),
    ("POST", "/access/profiles"): Operation(
        "Add a profile",
        body=obj(
            "profilename",
            profilename=TEXT,
            view_all=FLAG,
            edit_all=FLAG,
            description=STRING,
        ),
        response=obj("id", id=INTEGER),
        status=201,
    ),
    ("PUT", "/access/profiles/{profile}/modules/{module}"): Operation(
        "Set a profile's rights on a module",
        body=obj(view=FLAG, create=FLAG, edit=FLAG, delete=FLAG),
        response=SAVED,
    ),
    ("PUT", "/access/profiles/{profile}/fields/{module}/{field}"): Operation(
        "Set a profile's access to a field",
        body=obj("access", access={"type": "string", "enum": [a.value for a in FieldAccess]}),
        response=SAVED,
    ),
    ("PUT", "/access/profiles/{profile}/tools"): Operation(
        "Set the tools a profile grants",
        body=obj(
            "tools",
            tools={"type": "array", "items": {"type": "string", "enum": [t.value for t in Tool]}},
        ),
        response=SAVED,
    ),
    ("POST", "/access/groups"): Operation(
        "Add a group",
        body=obj("groupname", groupname=TEXT, description=STRING),
        response=obj("id", id=INTEGER),
        status=201,
    ),
    ("PUT", "/access/groups/{group}/users/{user}"): Operation(
        "Put a user in a group", response=SAVED
    ),
    ("PUT", "/access/groups/{group}/roles/{role}"): Operation(
        "Put a role (and optionally its subordinates) in a group",
        body=obj(subordinates=FLAG),
        response=SAVED,
    ),
    ("PUT", "/access/sharing/{module}"): Operation(
        "Set a module's organisation-wide default",
        body=obj("level", level={"type": "string", "enum": list(LEVELS)}),
        response=SAVED,
    ),
    ("POST", "/access/sharing-rules"): Operation(
        "Add a sharing rule",
        body=obj(
            "module",
            "source",
            "target",
            "access",
            module=ref("ModuleName"),
            source=obj("kind", "id", kind={"enum": list(SOURCE_KINDS)}, id=STRING),
            target=obj("kind", "id", kind={"enum": list(SOURCE_KINDS)}, id=STRING),
            access={"type": "string", "enum": ["read", "write"]},
        ),
        response=obj("id", id=INTEGER),
        status=201,
    ),
    ("DELETE", "/access/sharing-rules/{rule}"): Operation(
        "Remove a sharing rule", response=obj("removed", removed=FLAG)
    ),
    ("GET", "/users"): Operation(
        "Every user", response=obj("users", users={"type": "array", "items": USER})
    ),
    ("POST", "/users"): Operation(
        "Add a user (administrators)",
        body=closed(
            "user_name",
            "last_name",
            "password",
            "role",
            user_name=TEXT,
            last_name=TEXT,
            first_name=STRING,
            email=STRING,
            password={"type": "string", "minLength": MIN_PASSWORD_LENGTH},
            is_admin=FLAG,
            extension={"type": ["string", "null"], "pattern": r"^\d{2,6}$"},
            language={"type": "string", "enum": list(LANGUAGES)},
            role=TEXT,
        ),
        response=USER,
        status=201,
    ),
    ("PATCH", "/users/{id}"): Operation(
        "Change a user (administrators)",
        body=closed(
            status={"type": "string", "enum": ["Active", "Inactive"]},
            is_admin=FLAG,
            role=TEXT,
            language={"type": "string", "enum": list(LANGUAGES)},
            extension={"type": "string", "pattern": r"^(\d{2,6})?$"},
            password={"type": "string", "minLength": MIN_PASSWORD_LENGTH},
        ),
        response=USER,
    ),
}
