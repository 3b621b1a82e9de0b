"""The document's paths, read off the API app's router.

Methods, paths, path-parameter types, whether sign-in is needed, tags and
descriptions come from the routes and their handlers; only what a router
cannot know (summaries, query parameters, bodies, answers) comes from
``operations.OPERATIONS``.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from aiohttp import web

from agent_ui.api.openapi.operations import JSON, OPERATIONS, Operation
from agent_ui.api.openapi.schemas import BIGGEST_ID, ERROR_STATUSES, Schema, ref
from agent_ui.auth import OPEN_MARK
from agent_ui.const import SAFE_METHODS

AUTOMATIC_METHODS = frozenset({"HEAD"})
"""aiohttp answers HEAD for every GET by itself; the GET describes both."""

COMMON_ERRORS = (400, 401, 403, 404)
GROUP_RE = re.compile(r"\(\?P<(\w+)>")
WHOLE_NUMBER = r"\d+"
MODULE_PARAMS = frozenset({"module", "related", "other"})


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Callable[..., object]
    patterns: dict[str, str]

    @property
    def is_open(self) -> bool:
        return bool(getattr(self.handler, OPEN_MARK, False))

    @property
    def tag(self) -> str:
        return str(getattr(self.handler, "__module__", "api")).rsplit(".", 1)[-1]


def group_patterns(pattern: str) -> dict[str, str]:
    """Each named group's own regex, from the pattern aiohttp compiled the path to."""
    found: dict[str, str] = {}
    for match in GROUP_RE.finditer(pattern):
        depth, i = 1, match.end()
        while depth:
            if pattern[i] == "\\":
                i += 2
                continue
            depth += {"(": 1, ")": -1}.get(pattern[i], 0)
            i += 1
        found[match.group(1)] = pattern[match.end() : i - 1]
    return found


def api_routes(app: web.Application, prefix: str) -> Iterator[Route]:
    """Every route of the API app, with its path relative to ``prefix``.

    Once the app is mounted under the prefix, aiohttp has prefixed its
    resources; before that (an app built on its own, in a test) it has not.
    """
    for route in app.router.routes():
        if route.method in AUTOMATIC_METHODS or route.resource is None:
            continue
        path = route.resource.canonical
        if prefix and path.startswith(prefix):
            path = path[len(prefix) :]
        pattern = route.resource.get_info().get("pattern")
        patterns = group_patterns(pattern.pattern) if isinstance(pattern, re.Pattern) else {}
        yield Route(route.method, path, route.handler, patterns)


def path_parameter(name: str, pattern: str) -> Schema:
    schema: Schema
    if name in MODULE_PARAMS:
        schema = ref("ModuleName")
    elif pattern == WHOLE_NUMBER:
        schema = {"type": "integer", "minimum": 0, "maximum": BIGGEST_ID}
    else:
        schema = {"type": "string", "minLength": 1, "pattern": f"^{pattern}$"}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def security(route: Route) -> list[dict[str, list[str]]]:
    """Scripts send a bearer token; browsers a session cookie, plus the CSRF
    header on anything that changes state."""
    if route.is_open:
        return []
    session = ["sessionCookie"] if route.method in SAFE_METHODS else ["sessionCookie", "csrfToken"]
    return [{"bearerToken": []}, {name: [] for name in session}]


def responses(route: Route, op: Operation) -> dict[str, Schema]:
    answer: Schema = {"description": op.summary}
    if op.response is not None:
        answer["content"] = {op.media: {"schema": op.response}}
    elif op.media != JSON:
        answer["content"] = {op.media: {"schema": {}}}
    statuses = set(COMMON_ERRORS) | set(op.errors)
    if route.method not in SAFE_METHODS:
        statuses.add(422)  # the domain refuses what it cannot do, naming the part
    if route.is_open and route.method in SAFE_METHODS:
        statuses -= {401, 403}
    result: dict[str, Schema] = {str(op.status): answer}
    for status in sorted(statuses):
        result[str(status)] = {"$ref": f"#/components/responses/{ERROR_STATUSES[status][0]}"}
    return result


def operation(route: Route) -> Schema:
    """The route's operation object; a route missing from OPERATIONS still gets
    one (its path, parameters and errors), so the document is never short of a
    route the server answers, and the tests name the missing entry."""
    op = OPERATIONS.get((route.method, route.path)) or Operation(route.path)
    parameters = [path_parameter(name, p) for name, p in route.patterns.items()]
    result: Schema = {
        "operationId": f"{route.tag}_{getattr(route.handler, '__name__', 'handler')}",
        "summary": op.summary,
        "tags": [route.tag],
        "security": security(route),
        "parameters": [*parameters, *op.query, *op.headers],
        "responses": responses(route, op),
    }
    description = inspect.getdoc(route.handler)
    if description:
        result["description"] = description
    if op.body is not None:
        result["requestBody"] = {
            "required": True,
            "content": {op.request_media: {"schema": op.body}},
        }
    return result


def paths(app: web.Application, prefix: str) -> tuple[dict[str, Schema], list[Schema]]:
    """The paths object and the tags, one tag per handler module."""
    found: dict[str, Schema] = {}
    tags: dict[str, str] = {}
    for route in sorted(api_routes(app, prefix), key=lambda r: (r.path, r.method)):
        found.setdefault(route.path, {})[route.method.lower()] = operation(route)
        module = sys.modules.get(str(getattr(route.handler, "__module__", "")))
        doc = inspect.getdoc(module) if module is not None else None
        tags.setdefault(route.tag, doc.splitlines()[0] if doc else route.tag)
    return found, [{"name": name, "description": text} for name, text in sorted(tags.items())]
