"""Checks: pure functions from collected records to findings, one module each, grouped by command."""
