"""What every portal page needs: the runtime, templates, languages, the
customer's session, and one way to render a page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from crm_core.access import Actor
from crm_core.portal_sessions import PortalSessionInfo, PortalSessions
from crm_core.runtime import Runtime
from portal.const import PORTAL_PREFIX
from portal.i18n import Languages, Translator

TEMPLATES = Path(__file__).parent / "templates"
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # A password link's secret is in the address: it must not leave in a Referer.
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True)
class Portal:
    runtime: Runtime
    sessions: PortalSessions
    env: Environment
    languages: Languages


PORTAL = web.AppKey("portal", Portal)
SESSION = web.RequestKey("portal_session", PortalSessionInfo)
TRANSLATOR = web.RequestKey("portal_translator", Translator)


def build_environment() -> Environment:
    """Autoescaping everywhere: what a customer or an agent typed is text."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    return env


def portal(request: web.Request) -> Portal:
    return request.app[PORTAL]


def actor(request: web.Request) -> Actor:
    return request[SESSION].actor


def translator(request: web.Request) -> Translator:
    return request[TRANSLATOR]


def page(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    state = portal(request)
    session = request.get(SESSION)
    base: dict[str, Any] = {
        **translator(request).context(),
        "prefix": PORTAL_PREFIX,
        "request_path": request.path_qs,
        "section": "",
        "customer": session.user if session is not None else None,
        "csrf_token": session.csrf_token if session is not None else "",
    }
    base.update(context)
    body = state.env.get_template(template).render(base)
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    response.headers.update(SECURITY_HEADERS)
    return response
