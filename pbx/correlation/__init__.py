"""Channel events into logical calls: the part of the ingest the replay shares."""
