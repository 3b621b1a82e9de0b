"""Ticket SLAs: policies chosen by conditions, first-response and resolution
targets counted in business time, paused while the ticket waits on the
customer, with reminders and escalations as stored timer jobs.

``calendar`` does the business-time arithmetic, ``clock`` a ticket's targets,
``policies`` and ``store`` what administrators declare, ``choice`` which
policy a ticket falls under, ``tracker`` follows the event log and runs the
jobs that ``deadlines`` keeps in the timer store, ``escalation`` acts on a
coming or past due time, and ``service``
offers all of it to the other channels through the hub.
"""

from __future__ import annotations

from collections.abc import Callable

from crm_core.hub.services import ServiceRegistry
from workflows.engine import Engine
from workflows.sla.service import admin_service, state_service
from workflows.sla.tracker import SlaTracker


def build_sla(engine: Engine) -> SlaTracker:
    """The tracker, following ``engine``'s events and running its SLA jobs;
    call before the engine starts."""
    tracker = SlaTracker(engine)
    tracker.register()
    return tracker


def provide(services: ServiceRegistry, tracker: SlaTracker) -> list[Callable[[], None]]:
    return [
        services.provide("workflows.sla", state_service(tracker)),
        services.provide("workflows.sla.admin", admin_service(tracker)),
    ]
