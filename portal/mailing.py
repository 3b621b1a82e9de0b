"""The emails the portal sends: an invitation and a password reset, each with
a one-time link, in the customer's language.

Only the mail channel sends mail: these ask its ``mail.send`` service, with
``private`` set, so the CRM keeps that a message went out but not its body
(whoever reads the contact's timeline must not be able to use the link).
"""

from __future__ import annotations

from crm_core.portal_sessions import LinkPurpose
from crm_core.runtime import Runtime
from portal.const import PORTAL_PREFIX
from portal.i18n import Languages, _

SUBJECTS = {
    LinkPurpose.INVITE: _("Your access to the customer portal"),
    LinkPurpose.RESET: _("Resetting your customer portal password"),
}
BODIES = {
    LinkPurpose.INVITE: _(
        "Hello, %(name)s!\n\n"
        "You have been given access to our customer portal, where you can open "
        "and follow your requests, read answers to common questions and see your "
        "documents and invoices.\n\n"
        "Your login: %(login)s\n"
        "Set your password here (the link works once, for %(hours)s hours):\n"
        "%(link)s\n"
    ),
    LinkPurpose.RESET: _(
        "Hello, %(name)s!\n\n"
        "Someone asked to reset the password of the customer portal account %(login)s.\n"
        "Choose a new password here (the link works once, for %(minutes)s minutes):\n"
        "%(link)s\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n"
    ),
}
SIGNATURE = _("Customer support")


async def send_link(
    runtime: Runtime,
    languages: Languages,
    *,
    purpose: LinkPurpose,
    secret: str,
    login: str,
    name: str,
    contact_id: int,
    language: str,
) -> int:
    """Ask the mail channel to send the link; returns the Emails record's id.
    Raises ServiceUnavailable when the mail channel is off."""
    words = languages.translator(language)
    settings = runtime.settings.portal
    link = f"{runtime.base_url}{PORTAL_PREFIX}/password/{secret}"
    body = words.gettext(BODIES[purpose]) % {
        "name": name,
        "login": login,
        "link": link,
        "hours": settings.invitation_hours,
        "minutes": settings.reset_minutes,
    }
    answer = await runtime.hub.services.ask(
        "mail.send",
        runtime.system_actor,
        {
            "to": [login],
            "subject": words.gettext(SUBJECTS[purpose]),
            "body": f"{body}\n-- \n{words.gettext(SIGNATURE)}\n",
            "related": {"module": "Contacts", "id": contact_id},
            "private": True,
        },
    )
    return int(answer["email_id"])
