"""Which SLA policy a ticket falls under: the first active one, in order,
whose conditions the ticket meets.

The conditions are asked as workflow conditions are (``workflows.conditions``),
with one more source of facts: ``service_contract.<field>`` reads the
ticket's service contract, the linked contract in progress (else the most
recently linked one), as vtiger ties contracts to tickets by relation rather
than by a field.
"""

from __future__ import annotations

from collections.abc import Sequence

from crm_core.access import Actor
from crm_core.errors import AccessDenied, InvalidRequest, NotFound
from crm_core.records.model import Record
from crm_core.records.service import RecordService
from workflows.conditions import gather, matches, paths
from workflows.sla.policies import CONTRACT, Policy

CONTRACT_IN_EFFECT = "In Progress"


def watched_fields(policies: Sequence[Policy]) -> set[str]:
    """The ticket's own fields whose change may change the policy."""
    heads = {"ticketpriorities"}
    for policy in policies:
        for path in paths(policy.conditions):
            if not path.startswith(f"{CONTRACT}."):
                heads.add(path.partition(".")[0])
    return heads


async def service_contract(records: RecordService, system: Actor, ticket: Record) -> Record | None:
    try:
        page = await records.related(system, "HelpDesk", ticket.id, "ServiceContracts", limit=50)
    except (AccessDenied, InvalidRequest, NotFound):
        return None
    contracts = page.records
    in_effect = [c for c in contracts if c.get("contract_status") == CONTRACT_IN_EFFECT]
    chosen = in_effect or contracts
    return max(chosen, key=lambda c: c.id) if chosen else None


async def choose(
    records: RecordService, system: Actor, policies: Sequence[Policy], ticket: Record
) -> Policy | None:
    active = [p for p in policies if p.active]
    if not active:
        return None
    wanted = {path for p in active for path in paths(p.conditions)}
    own = {p for p in wanted if not p.startswith(f"{CONTRACT}.")}
    facts = await gather(records, system, ticket, own)
    on_contract = wanted - own
    if on_contract:
        contract = await service_contract(records, system, ticket)
        for path in on_contract:
            tail = path.removeprefix(f"{CONTRACT}.")
            if contract is not None and contract.module.field(tail) is not None:
                facts.related[path] = contract.get(tail)
                facts.related_fields[path] = contract.module.by_name[tail]
    return next((p for p in active if matches(p.conditions, facts)), None)
