"""Everything that touches AWS credentials, regions and retries lives here."""
