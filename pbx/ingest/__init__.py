"""From AMI events to CRM records and live screens: the ingest pipeline."""
