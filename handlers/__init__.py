"""Thin Slack listeners: parse, call `bot`, render, post. One `register(app, services)` per area."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services


def register(app: App, services: Services) -> None:
    from handlers import actions, commands, events, fallback

    commands.register(app, services)
    actions.register(app, services)
    events.register(app, services)
    fallback.register(app, services)  # the error handler: unknown or failed requests still get a 200
