"""The takeover alarm's Acknowledge button: anyone in the channel may take the alert; who and when are
kept, the alert is updated, and a second click is told who already has it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.cleanup import notify
from bot.render.watch import ACKNOWLEDGE, already_acknowledged
from bot.services import Services
from bot.watch.alerts import acknowledge


def register(app: App, services: Services) -> None:
    @app.action(ACKNOWLEDGE)
    def on_acknowledge(ack: Ack, body: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        alert_id = str(((body.get("actions") or [{}])[0]).get("value") or "")[:40]
        channel = (body.get("channel") or {}).get("id")
        response_url = body.get("response_url")

        def run() -> None:
            taken, alert = acknowledge(services, alert_id, user)
            if taken:
                return
            text = already_acknowledged(alert) if alert else "⚠️ I don't know this alert any more."
            notify.tell(services, user=user, channel=channel, response_url=response_url, text=text)

        services.jobs.submit("watch.acknowledge", run)
        ack()
