"""Incident checklist buttons: "Assign to me", "Mark done", "Reopen" — acknowledged at once, done in a job."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.incident import live
from bot.render import incident as render
from bot.services import Services


def register(app: App, services: Services) -> None:
    def listener(what: str) -> Any:
        def on_click(ack: Ack, body: dict[str, Any]) -> None:
            user = str((body.get("user") or {}).get("id") or "")
            value = str(((body.get("actions") or [{}])[0]).get("value") or "")[:100]
            channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
            response_url = body.get("response_url")
            services.jobs.submit(
                f"incident.{what}",
                lambda: live.click(services, what, value, user, channel=channel, response_url=response_url),
            )
            ack()

        return on_click

    app.action(render.ASSIGN)(listener("assign"))
    app.action(render.DONE)(listener("done"))
    app.action(render.REOPEN)(listener("reopen"))
