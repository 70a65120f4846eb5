"""The Home tab: published when someone opens it (`app_home_opened`, tab "home"), off the request thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.home.refresh import opened
from bot.services import Services


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def on_open(event: dict[str, Any]) -> None:
        user = str(event.get("user") or "")
        if event.get("tab", "home") != "home" or not user:
            return  # the Messages tab opens this event too
        services.jobs.submit("home.opened", lambda: opened(services, user))
