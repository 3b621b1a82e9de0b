"""Constants of the agent console channel."""

API_PREFIX = "/api/v1"
DEFAULT_PAGE_SIZE = 50
AUTH_REALM = "Switchboard"
