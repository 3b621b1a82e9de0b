"""The public routes: GET shows a form, POST takes a submission.

A POST may be a browser's form (urlencoded or multipart) or a developer's
JSON; JSON clients get JSON answers in the API's error shape, browsers get
the thank-you page, the form's redirect, or the form again with each error
next to its field and what they typed kept. Nothing here needs a session:
there is no cookie, so there is nothing for another site to forge.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from crm_core.errors import ValidationFailed
from crm_core.metadata.fields import FieldType
from portal.webforms import challenge
from portal.webforms.const import ROUTE_PREFIX, Outcome
from portal.webforms.forms import WebForm
from portal.webforms.i18n import Translator, _, explain
from portal.webforms.render import THANK_YOU, PageForm, shown
from portal.webforms.system import WebForms

logger = logging.getLogger(__name__)

KEY_PATTERN = "{key:[0-9a-f]{24}}"
MAX_FIELDS = 200
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action *"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
NOT_FOUND = _("There is no such form, or it has been switched off.")
TOO_MANY = _("Too many submissions from your address; please try again in a few minutes.")
TOO_LARGE = _("What you sent is too large for this form.")
MALFORMED = _("What you sent could not be read; please send the form again.")


class BadBody(Exception):
    def __init__(self, status: int, code: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.code, self.reason = status, code, reason


def add_routes(app: web.Application, forms: WebForms) -> None:
    async def show(request: web.Request) -> web.StreamResponse:
        return await show_form(forms, request)

    async def submit(request: web.Request) -> web.StreamResponse:
        return await submit_form(forms, request)

    app.router.add_get(f"{ROUTE_PREFIX}/{KEY_PATTERN}", show)
    app.router.add_post(f"{ROUTE_PREFIX}/{KEY_PATTERN}", submit)


def _html(body: str, status: int = 200) -> web.Response:
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    response.headers.update(SECURITY_HEADERS)
    return response


def _json(body: dict[str, Any], status: int = 200) -> web.Response:
    response = web.json_response(
        body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _json_error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    return _json({"error": {"code": code, "message": message, "params": {}, **extra}}, status)


def wants_json(request: web.Request) -> bool:
    if request.content_type == "application/json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


async def _live_form(forms: WebForms, key: str) -> WebForm | None:
    if not forms.serving:
        return None
    form = await forms.store.by_key(key)
    return form if form is not None and form.enabled else None


def _page_form(forms: WebForms, form: WebForm, t: Translator) -> PageForm:
    module = forms.runtime.records.catalog.module(form.module)
    return shown(form, module, t, forms.settings.max_field_length)


def _challenge(forms: WebForms, form: WebForm) -> challenge.Challenge | None:
    if not form.challenge:
        return None
    return challenge.issue(form.secret, form.public_id, forms.settings.challenge_minutes * 60)


async def show_form(forms: WebForms, request: web.Request) -> web.StreamResponse:
    t = forms.languages.choose(request.headers.get("Accept-Language", ""))
    form = await _live_form(forms, request.match_info["key"])
    if form is None:
        return _html(forms.pages.unavailable(t, t.gettext(NOT_FOUND)), 404)
    page = forms.pages.form(
        t, _page_form(forms, form, t), request.path, challenge=_challenge(forms, form)
    )
    return _html(page)


async def submit_form(forms: WebForms, request: web.Request) -> web.StreamResponse:
    t = forms.languages.choose(request.headers.get("Accept-Language", ""))
    as_json = wants_json(request)
    form = await _live_form(forms, request.match_info["key"])
    if form is None:
        if as_json:
            return _json_error(404, "not_found", "there is no such form, or it is switched off")
        return _html(forms.pages.unavailable(t, t.gettext(NOT_FOUND)), 404)
    address = forms.client_address(request)
    async with forms.turn(address):
        return await _take(forms, request, form, t, address, as_json)


async def _take(
    forms: WebForms,
    request: web.Request,
    form: WebForm,
    t: Translator,
    address: str,
    as_json: bool,
) -> web.StreamResponse:
    """A submission from an address whose turn it is: throttled, refused or stored."""
    retry_after = await forms.retry_after(address)
    if retry_after is not None:
        response = (
            _json_error(429, "throttled", "too many submissions from this address")
            if as_json
            else _html(forms.pages.unavailable(t, t.gettext(TOO_MANY)), 429)
        )
        response.headers["Retry-After"] = str(retry_after)
        return response
    try:
        raw = await read_body(request, forms.settings.max_body_bytes)
    except BadBody as exc:
        if as_json:
            return _json_error(exc.status, exc.code, exc.reason)
        message = t.gettext(TOO_LARGE if exc.status == 413 else MALFORMED)
        return _html(forms.pages.unavailable(t, message), exc.status)
    try:
        result = await forms.intake.submit(form, raw, address)
    except ValidationFailed as exc:
        return _refused(forms, request, form, t, raw, exc, as_json)
    if result.outcome != Outcome.SPAM:
        logger.info(
            "webforms form=%s address=%s: %s %s %s",
            form.id,
            address,
            result.outcome,
            result.module,
            result.record_id,
        )
    message = form.thank_you or t.gettext(THANK_YOU)
    if as_json:
        return _json({"status": "accepted", "message": message})
    if form.return_url:
        raise web.HTTPSeeOther(form.return_url)
    return _html(forms.pages.thanks(t, form.name, message))


def _refused(
    forms: WebForms,
    request: web.Request,
    form: WebForm,
    t: Translator,
    raw: dict[str, Any],
    exc: ValidationFailed,
    as_json: bool,
) -> web.Response:
    if as_json:
        return _json_error(
            422,
            "validation_failed",
            "some fields were not accepted",
            errors=[e.as_dict() for e in exc.errors],
        )
    module = forms.runtime.records.catalog.module(form.module)
    errors: dict[str, str] = {}
    for e in exc.errors:
        declared = module.field(e.field)
        kind = declared.type if declared is not None else None
        if e.field == "contact_email":
            kind = FieldType.EMAIL
        errors.setdefault(e.field, explain(t, e.reason, kind))
    values = {k: v for k, v in raw.items() if isinstance(v, str | list)}
    page = forms.pages.form(
        t,
        _page_form(forms, form, t),
        request.path,
        challenge=_challenge(forms, form),
        values=values,
        errors=errors,
    )
    return _html(page, 422)


async def read_body(request: web.Request, max_bytes: int) -> dict[str, Any]:
    """The submission's fields, read within ``max_bytes`` whatever the
    Content-Length claims; files are refused (forms take none)."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise BadBody(413, "too_large", f"the body is larger than {max_bytes} bytes")
    limited = request.clone(client_max_size=max_bytes, client_max_fields=MAX_FIELDS)
    kind = request.content_type
    try:
        if kind == "application/json":
            body = await limited.read()
            try:
                data = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise BadBody(400, "invalid_request", "the body is not valid JSON") from None
            if not isinstance(data, dict):
                raise BadBody(400, "invalid_request", "expected a JSON object of fields")
            if len(data) > MAX_FIELDS:
                raise BadBody(400, "invalid_request", "too many fields")
            return data
        if kind == "application/x-www-form-urlencoded":
            body = await limited.read()
            try:
                pairs = parse_qsl(
                    body.decode("ascii"),
                    keep_blank_values=True,
                    errors="strict",
                    max_num_fields=MAX_FIELDS,
                )
            except (UnicodeDecodeError, ValueError):
                raise BadBody(400, "invalid_request", "the form data is not valid UTF-8") from None
            return _collected(pairs)
        if kind == "multipart/form-data":
            try:
                post = await limited.post()
            except (ValueError, UnicodeDecodeError, AssertionError):
                raise BadBody(400, "invalid_request", "the form data is malformed") from None
            pairs = []
            for name, value in post.items():
                if not isinstance(value, str):
                    raise BadBody(400, "invalid_request", "files are not accepted")
                pairs.append((name, value))
            return _collected(pairs)
    except web.HTTPRequestEntityTooLarge:
        raise BadBody(413, "too_large", f"the body is larger than {max_bytes} bytes") from None
    raise BadBody(
        415,
        "unsupported_media_type",
        "send application/x-www-form-urlencoded, multipart/form-data or application/json",
    )


def _collected(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Fields by name; a name sent more than once (a multi-select) keeps a list."""
    collected: dict[str, list[str]] = {}
    for name, value in pairs:
        collected.setdefault(name, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in collected.items()}
