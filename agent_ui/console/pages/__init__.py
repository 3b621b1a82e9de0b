"""One module per kind of console page."""
