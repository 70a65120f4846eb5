"""Event listeners (App Home and the like). Each area adds a module with `register(app, services)`."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services


def register(app: App, services: Services) -> None:
    return None
