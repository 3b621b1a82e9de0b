"""Constants of the customer portal."""

PORTAL_PREFIX = "/portal"
SESSION_COOKIE = "sb_portal"
"""Not the staff cookie's name, and scoped to the portal's path."""
FORM_COOKIE = "sb_portal_form"
"""The token the sign-in, reset and password forms double in a cookie (no session yet)."""
LANGUAGE_COOKIE = "sb_portal_lang"
CSRF_FIELD = "csrf_token"
FORM_FIELD = "form_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PAGE_SIZE = 25
SALES_MODULES = {"quotes": "Quotes", "orders": "SalesOrder", "invoices": "Invoice"}
"""The portal's addresses for the customer's sales documents, and their modules."""
