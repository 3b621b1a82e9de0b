"""The OpenAPI document: valid, complete, derived from the modules; and a
schemathesis run against a live hub that must find no server error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import hypothesis
import pytest
import requests
import schemathesis
from schemathesis.errors import FailureGroup

from agent_ui.api import build_api
from agent_ui.api.openapi.operations import OPERATIONS
from agent_ui.api.openapi.schemas import ERROR_STATUSES
from agent_ui.const import API_PREFIX
from crm_core.access import Actor
from crm_core.metadata.fields import FieldType
from crm_core.runtime import Runtime
from crm_core.settings import Settings

PASSWORD = "openapi-password"
METHODS = frozenset({"get", "put", "post", "delete", "patch"})


# -- the document ---------------------------------------------------------------


@pytest.fixture
async def hub(settings: Settings) -> AsyncIterator[Runtime]:
    runtime = await Runtime.open(settings)
    await runtime.users.add(user_name="boss", last_name="Boss", password=PASSWORD, is_admin=True)
    await runtime.start()
    yield runtime
    await runtime.close()


async def fetch_document(runtime: Runtime) -> dict[str, Any]:
    """As a signed-in client: the document names the custom fields, so a
    stranger gets 401."""
    url = f"{runtime.base_url}{API_PREFIX}/openapi.json"
    async with aiohttp.ClientSession() as anonymous, anonymous.get(url) as response:
        assert response.status == 401
    boss = await runtime.users.by_name("boss")
    assert boss is not None
    _, token = await runtime.signin.create_token(boss.actor(), "openapi")
    async with (
        aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as client,
        client.get(url) as response,
    ):
        assert response.status == 200
        document: dict[str, Any] = await response.json()
    return document


OPEN_ROUTES = {("POST", "/session")}


@pytest.mark.one_database
async def test_document_is_valid_and_lists_every_route(hub: Runtime) -> None:
    document = await fetch_document(hub)
    schemathesis.openapi.from_dict(document).validate()
    broken = {**document, "paths": {"/x": {"get": {"responses": "none"}}}}
    with pytest.raises(Exception, match="responses"):
        schemathesis.openapi.from_dict(broken).validate()

    # The router walked here, not by the code under test: a route added
    # without an entry in openapi/operations fails this test.
    routes = set()
    for route in build_api(hub).router.routes():
        if route.method != "HEAD":  # aiohttp's own, for every GET
            routes.add((route.method, route.resource.canonical if route.resource else ""))
    described = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }
    assert described == routes
    assert set(OPERATIONS) == routes, "a route lacks its entry in openapi/operations"
    for path, item in document["paths"].items():
        for method, op in item.items():
            names = {p["name"] for p in op["parameters"] if p["in"] == "path"}
            assert names == set(path.replace("}", "{").split("{")[1::2]), (method, path)
            is_open = (method.upper(), path) in OPEN_ROUTES
            assert (op["security"] == []) is is_open, (method, path)
            for status, answer in op["responses"].items():
                if status.startswith(("4", "5")):
                    name = ERROR_STATUSES[int(status)][0]
                    assert answer == {"$ref": f"#/components/responses/{name}"}


@pytest.mark.one_database
async def test_record_schemas_follow_the_modules(hub: Runtime) -> None:
    boss = await hub.users.by_name("boss")
    assert boss is not None
    field = await hub.records.add_custom_field(
        boss.actor(), "HelpDesk", {"label": "Канал", "type": "picklist", "picklist": ["Звонок"]}
    )
    schemas = (await fetch_document(hub))["components"]["schemas"]

    modules = list(hub.records.catalog.modules)
    assert schemas["ModuleName"]["enum"] == modules
    ticket = schemas["HelpDeskCreate"]
    assert "ticket_title" in ticket["required"]
    assert "ticketpriorities" not in ticket["required"]  # it has a default
    assert None not in ticket["properties"]["ticketpriorities"]["enum"]  # but is never empty
    assert ticket["properties"]["ticketseverities"]["enum"][-1] is None  # optional: null clears
    assert ticket["properties"][field.name]["enum"] == ["Звонок", None]
    assert "ticket_no" not in ticket["properties"]  # numbered by the hub, never sent
    assert "version" in schemas["HelpDeskUpdate"]["properties"]
    assert "LineItems" in schemas["InvoiceCreate"]["properties"]
    assert len(schemas["RecordCreate"]["anyOf"]) == len(modules)
    error = schemas["Error"]["properties"]["error"]
    assert error["required"] == ["code", "message", "params"]


# -- schemathesis against a live hub ----------------------------------------------


@dataclass(frozen=True)
class Keep:
    """The run's own user and token: revoking the token or deactivating the
    user would turn every later request into a 401 and the run into noise."""

    user_id: int
    token_id: int

    def spares(self, case: schemathesis.Case) -> bool:
        own = {
            ("DELETE", "/tokens/{id}"): self.token_id,
            ("PATCH", "/users/{id}"): self.user_id,
        }.get((case.method.upper(), case.operation.path))
        return own is not None and case.path_parameters.get("id") == own


def seed_value(kind: FieldType, name: str) -> Any:
    return {
        FieldType.DATE: "2030-01-15",
        FieldType.DATETIME: "2030-01-15T10:00:00+00:00",
    }.get(kind, f"Seed {name}")


async def seed(runtime: Runtime, actor: Actor) -> None:
    """One record of every module, so the small ids the fuzzer tries name real
    records and reach the handlers' logic, not only their 404. Modules whose
    required references point at modules not seeded yet wait for a later round."""
    catalog = runtime.records.catalog
    made: dict[str, int] = {}
    for _ in range(3):
        for module in catalog.modules.values():
            if module.name in made:
                continue
            values: dict[str, Any] = {}
            for f in module.fields:
                if not (f.required and f.editable and f.default is None):
                    continue
                if f.type is FieldType.OWNER:
                    continue
                if f.type is FieldType.REFERENCE:
                    target = next((made[t] for t in catalog.targets(f) if t in made), None)
                    if target is None:
                        break
                    values[f.name] = target
                else:
                    values[f.name] = seed_value(f.type, module.name)
            else:
                made[module.name] = (await runtime.records.create(actor, module.name, values)).id
    assert set(made) == set(catalog.modules)


CHECKS = {
    "enabled": False,
    "not_a_server_error": {"enabled": True},
    "status_code_conformance": {"enabled": True},
    "content_type_conformance": {"enabled": True},
    "response_headers_conformance": {"enabled": True},
    "response_schema_conformance": {"enabled": True},
}
EXAMPLES_PER_MODE = 20
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


def fuzz_blocking(
    document: dict[str, Any], base_url: str, token: str, keep: Keep
) -> tuple[set[str], list[str]]:
    """Run every operation with schema-valid and schema-violating data; return
    the operations called and one report per operation that failed a check.

    Blocking (``requests``), so it runs in a thread while the hub serves on the
    test's event loop. Failures are collected rather than raised, so one run
    names every broken operation, not just the first.
    """
    config = schemathesis.Config.from_dict(
        {"checks": CHECKS, "generation": {"with-security-parameters": False}}
    )
    schema = schemathesis.openapi.from_dict(document, config=config)
    called: set[str] = set()
    failures: dict[str, str] = {}

    @hypothesis.settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def check(session: requests.Session, case: schemathesis.Case) -> None:
        if keep.spares(case):
            return
        called.add(case.operation.label)
        try:
            case.call_and_validate(base_url=base_url, session=session)
        except FailureGroup as exc:
            failures.setdefault(case.operation.label, f"{case.operation.label}: {exc}")

    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {token}"
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in MODES:
                strategy = operation.as_strategy(generation_mode=mode)
                try:
                    hypothesis.given(case=strategy)(check)(session)
                except hypothesis.errors.Unsatisfiable:
                    # Nothing to make invalid: no parameters, no body.
                    assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
    return called, list(failures.values())


@pytest.mark.one_database
# schemathesis's own strategies draw from `random`; Hypothesis frowns on it.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
async def test_schemathesis_finds_no_server_error(settings: Settings) -> None:
    """Every operation, with data the document allows and data it forbids,
    against a hub whose modules each hold a record: no 500, and every answer
    as documented (status, content type, headers, body).

    Generation is derandomized, so a failure reproduces on every run; the
    reports carry a curl command for each.
    """
    runtime = await Runtime.open(settings)
    try:
        boss = await runtime.users.add(
            user_name="boss", last_name="Boss", password=PASSWORD, is_admin=True
        )
        token_id, token = await runtime.signin.create_token(boss.actor(), "fuzz")
        await seed(runtime, boss.actor())
        await runtime.start()
        document = await fetch_document(runtime)
        called, failures = await asyncio.to_thread(
            fuzz_blocking,
            document,
            f"{runtime.base_url}{API_PREFIX}",
            token,
            Keep(user_id=boss.id, token_id=token_id),
        )
    finally:
        await runtime.close()
    assert not failures, "\n\n".join(failures)
    assert called == {f"{m.upper()} {p}" for p, item in document["paths"].items() for m in item}
