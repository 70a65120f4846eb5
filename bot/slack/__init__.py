"""Talking to Slack's Web API: the client, and the parent-message-plus-thread shape of every answer."""
