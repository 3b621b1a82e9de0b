"""Constants of the agent console channel."""

API_PREFIX = "/api/v1"
DEFAULT_PAGE_SIZE = 50
SESSION_COOKIE = "sb_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
