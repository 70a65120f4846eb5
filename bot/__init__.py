"""AWS chat-ops bot: investigate and fix AWS bills from a Slack channel."""

__version__ = "0.1.0"
