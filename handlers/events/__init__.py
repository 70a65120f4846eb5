"""Event listeners (App Home and the like). Each area adds a module with `register(app, services)`."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services


def register(app: App, services: Services) -> None:
    from handlers.events import home, pastdue

    home.register(app, services)
    pastdue.register(app, services)
    _ignore_other_messages(app)  # keep last: message listeners registered after it never run


def _ignore_other_messages(app: App) -> None:
    """Ack every channel message no listener above wanted.

    The bot subscribes to `message.channels` / `message.groups` to see CSV uploads in its threads;
    without this, Bolt would answer 404 to every other message, and Slack retries (and eventually
    disables) event deliveries that fail.
    """

    @app.event("message")
    def ignore(event: dict) -> None:
        return None
