"""Button and modal listeners. Each area adds a module with `register(app, services)` and a line below."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services


def register(app: App, services: Services) -> None:
    from handlers.actions import cleanup, incident, pastdue, watch

    cleanup.register(app, services)
    pastdue.register(app, services)
    incident.register(app, services)
    watch.register(app, services)
