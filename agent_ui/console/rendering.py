"""One Jinja2 environment for every page, in every language.

Autoescaping is on for every template: a value a customer typed into a
ticket is text on the page, never markup. Translations come in with each
render (see ``i18n.Translator.context``), so the environment stays shared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


def build_environment() -> Environment:
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


def html(env: Environment, name: str, context: dict[str, Any], status: int = 200) -> web.Response:
    body = env.get_template(name).render(context)
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response
