"""A payments CSV uploaded as a reply in a `/aws-pastdue` thread: download, import, report per line.

Slash commands cannot carry files, so the upload is a thread reply: Slack sends a `message` event
with subtype `file_share` (events `message.channels` / `message.groups`). Only threads the bot
opened for this (every `/aws-pastdue` answer) are considered; other messages pass to other listeners.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.billing.ledger import upload_thread
from bot.billing.payments_csv import MAX_BYTES, import_payments
from bot.render.payments import render_import_report
from bot.services import Services
from bot.slack.files import FileProblem, download
from bot.slack.people import describe, people
from bot.store.types import utcnow

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    def in_upload_thread(event: dict[str, Any]) -> bool:
        thread, channel = event.get("thread_ts"), event.get("channel")
        if not thread or not channel or event.get("bot_id") or not event.get("files"):
            return False
        return upload_thread(services.store, channel, thread) is not None

    @app.event({"type": "message", "subtype": "file_share"}, matchers=[in_upload_thread])
    def on_file(event: dict[str, Any], client: WebClient) -> None:
        services.jobs.submit(
            "pastdue.import",
            lambda: _import(services, client, event),
            on_error=lambda ref: _reply(client, event, f":x: The import failed (reference `{ref}`)."),
        )


def _reply(client: WebClient, event: dict[str, Any], text: str, blocks: list | None = None) -> None:
    client.chat_postMessage(channel=event["channel"], thread_ts=event["thread_ts"], text=text, blocks=blocks)


def _import(services: Services, client: WebClient, event: dict[str, Any]) -> None:
    user = str(event.get("user") or "")
    payers = services.settings.effective_payers
    if not people(services).includes(payers, user):
        _reply(
            client,
            event,
            f":no_entry: <@{user}>, only payers can import payments ({describe(payers)}). "
            "Nothing was imported.",
        )
        return
    thread = upload_thread(services.store, event["channel"], event["thread_ts"])
    for shared in event.get("files") or []:
        try:
            file = download(
                client, shared["id"], api_url=services.settings.slack_api_url, max_bytes=MAX_BYTES
            )
        except FileProblem as exc:
            _reply(client, event, f":warning: {exc}. Nothing was imported from it.")
            continue
        report = import_payments(
            services.store,
            file.data,
            recorded_by=user,
            source="slack-csv",
            today=utcnow().date(),
            account=thread.account if thread else None,
        )
        log.info(
            "imported %s from %s: %d recorded, %d refused",
            file.name,
            user,
            len(report.recorded),
            len(report.errors),
        )
        message = render_import_report(report, file.name, user)
        _reply(client, event, message.text, message.blocks)
