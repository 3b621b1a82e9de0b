"""``portal.access``: staff grant, re-invite, revoke, switch back on and
list customers' portal access, choose whether they see their organisation's
records, as themselves (the console's API asks; channels never import
each other).

Granting access sends the invitation at once. When the mail channel is off
nothing is granted: a customer with access but no way to learn of it would
be a silent failure, so the staff member gets a clear error and can try again
once mail is on. Should the sending itself fail after the grant, the grant
is withdrawn for the same reason.
"""

from __future__ import annotations

from typing import Any

from crm_core.access import Actor
from crm_core.errors import FieldError, InvalidRequest, ServiceUnavailable, ValidationFailed
from crm_core.hub.services import Handler
from crm_core.languages import LANGUAGES
from crm_core.portal_sessions import LinkPurpose, PortalSessions
from crm_core.portal_users import PortalUser
from crm_core.runtime import Runtime
from portal.i18n import Languages
from portal.mailing import send_link


def access_service(runtime: Runtime, sessions: PortalSessions, languages: Languages) -> Handler:
    directory = sessions.directory

    async def invite(user: PortalUser, language: str) -> int:
        contact = await runtime.records.get(runtime.system_actor, "Contacts", user.contact_id)
        secret = await sessions.issue_link(user.id, LinkPurpose.INVITE)
        return await send_link(
            runtime,
            languages,
            purpose=LinkPurpose.INVITE,
            secret=secret,
            login=user.login,
            name=contact.label,
            contact_id=user.contact_id,
            language=language,
        )

    async def handle(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        op = payload.get("op")
        if op == "list":
            return {
                "portal_users": [
                    user.to_json() | {"contact_name": name}
                    for user, name in await directory.listing(actor)
                ]
            }
        language = payload.get("language") or runtime.settings.locale.language
        if language not in LANGUAGES:
            raise InvalidRequest(detail=f"language must be one of {', '.join(LANGUAGES)}")
        if op == "grant":
            contact_id = _whole(payload, "contact_id")
            account_wide = payload.get("account_wide", False)
            if not isinstance(account_wide, bool):
                raise InvalidRequest(detail="account_wide must be true or false")
            if not runtime.hub.services.provides("mail.send"):
                raise ServiceUnavailable(service="mail.send")
            user = await directory.grant(actor, contact_id, account_wide=account_wide)
            try:
                email_id = await invite(user, language)
            except Exception:
                await directory.revoke(actor, user.id)
                raise
            return {"portal_user": user.to_json(), "email_id": email_id}
        if op == "resend":
            user = await directory.for_staff(actor, _whole(payload, "portal_user_id"))
            if not user.active:
                raise ValidationFailed(
                    "portal", [FieldError("portal_user_id", "access was revoked; grant it again")]
                )
            return {"portal_user": user.to_json(), "email_id": await invite(user, language)}
        if op == "revoke":
            user = await directory.revoke(actor, _whole(payload, "portal_user_id"))
            return {"portal_user": user.to_json()}
        if op == "update":
            flags = {k: payload[k] for k in ("active", "account_wide") if k in payload}
            for name, value in flags.items():
                if not isinstance(value, bool):
                    raise InvalidRequest(detail=f"{name} must be true or false")
            user = await directory.change(actor, _whole(payload, "portal_user_id"), **flags)
            return {"portal_user": user.to_json()}
        raise InvalidRequest(detail=f"unknown operation {op!r}")

    return handle


def _whole(payload: dict[str, Any], name: str) -> int:
    value = payload.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidRequest(detail=f"{name} must be a record's id")
    return value
