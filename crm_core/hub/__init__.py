"""The hub: hands durable events (after commit) and live state to subscribers."""

from crm_core.hub.bus import Hub, Subscriber
from crm_core.hub.events import Event, LiveEvent

__all__ = ["Event", "Hub", "LiveEvent", "Subscriber"]
