"""Findings into Block Kit, within Slack's limits; and Block Kit into text for the terminal demo."""
