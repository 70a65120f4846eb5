"""Cleanup buttons and the confirmation modal: parse the payload, acknowledge, hand over to the flow.

Work happens in a job (submitted before the ack, so nothing races the acknowledgement); only
opening the typed-confirmation modal happens here, because Slack's trigger_id lasts 3 seconds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot.cleanup import engine, flow, notify, registry
from bot.cleanup.flow import Click
from bot.render import cleanup as render
from bot.services import Services

log = logging.getLogger(__name__)

REQUEST = re.compile(r"^cleanup\.request")


def _click(body: dict[str, Any]) -> Click:
    message = body.get("message") or {}
    container = body.get("container") or {}
    return Click(
        user=str((body.get("user") or {}).get("id") or ""),
        channel=(body.get("channel") or {}).get("id") or container.get("channel_id"),
        message_ts=message.get("ts") or container.get("message_ts"),
        thread_ts=message.get("thread_ts") or container.get("thread_ts"),
        response_url=body.get("response_url"),
    )


def _value(body: dict[str, Any]) -> str:
    acted = (body.get("actions") or [{}])[0]
    return str(acted.get("value") or "")[:100]


class _Jobs:
    """The job queue, with every cleanup job telling its clicker when it fails (with the log's reference)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def submit(self, name: str, fn: Callable[[], Any], click: Click) -> None:
        def failed(reference: str) -> None:
            notify.tell(
                self.services,
                user=click.user,
                channel=click.channel,
                response_url=click.response_url,
                text=f"❌ Something went wrong (reference `{reference}`). The request's card shows where it "
                "stands; nothing is done without an approval recorded there.",
            )

        self.services.jobs.submit(name, fn, on_error=failed)


def register(app: App, services: Services) -> None:
    jobs = _Jobs(services)

    @app.action(REQUEST)
    def on_request(ack: Ack, body: dict[str, Any]) -> None:
        click, offer_id = _click(body), _value(body)
        jobs.submit("cleanup.request", lambda: flow.file_from_offer(services, offer_id, click), click)
        ack()

    @app.action(render.APPROVE)
    def on_approve(ack: Ack, body: dict[str, Any]) -> None:
        click, request_id = _click(body), _value(body)
        spec = None
        screened = flow.screen(services, request_id, click.user, record_expiry=False)
        if screened.ok and screened.request is not None:
            spec = registry.get(screened.request.action)
        if spec is not None and spec.confirm and screened.request is not None:
            _open_confirmation(services, body, screened.request, spec, click)
        else:
            jobs.submit(
                "cleanup.approve", lambda: flow.approve(services, request_id, click.user, click), click
            )
        ack()

    @app.action(render.REJECT)
    def on_reject(ack: Ack, body: dict[str, Any]) -> None:
        click, request_id = _click(body), _value(body)
        jobs.submit("cleanup.reject", lambda: flow.reject(services, request_id, click.user, click), click)
        ack()

    @app.action(render.APPROVE_ALL)
    def on_approve_all(ack: Ack, body: dict[str, Any]) -> None:
        click, batch_id = _click(body), _value(body)
        jobs.submit(
            "cleanup.approve_all", lambda: flow.approve_all(services, batch_id, click.user, click), click
        )
        ack()

    @app.view(render.CONFIRM_VIEW)
    def on_confirm(ack: Ack, body: dict[str, Any]) -> None:
        view = body.get("view") or {}
        user = str((body.get("user") or {}).get("id") or "")
        request_id = str(view.get("private_metadata") or "")[:100]
        values = (view.get("state") or {}).get("values") or {}
        typed = str(
            ((values.get(render.CONFIRM_BLOCK) or {}).get(render.CONFIRM_INPUT) or {}).get("value") or ""
        )
        problem = flow.check_confirmation(services, request_id, user, typed)
        if problem:
            services.jobs.submit("cleanup.expiry", lambda: flow.settle_expiry(services, request_id))
            ack(response_action="errors", errors={render.CONFIRM_BLOCK: problem[:150]})
            return
        request = engine.get(services.store, request_id)
        click = Click(user=user, channel=request.channel if request else None)
        jobs.submit(
            "cleanup.approve", lambda: flow.approve(services, request_id, user, click, confirmed=True), click
        )
        ack()


def _open_confirmation(
    services: Services, body: dict[str, Any], request: Any, spec: registry.Action, click: Click
) -> None:
    account = next((a for a in services.accounts if a.name == request.account), None)
    view = render.confirm_view(request, spec, account.account_id if account else "?")
    try:
        services.slack.views_open(trigger_id=body.get("trigger_id"), view=view)
    except SlackApiError as exc:
        log.warning("cleanup: could not open the confirmation modal: %s", exc.response.get("error"))
        services.jobs.submit(
            "cleanup.tell",
            lambda: notify.tell(
                services,
                user=click.user,
                channel=click.channel,
                response_url=click.response_url,
                text="⚠️ I could not open the confirmation dialog; click Approve again.",
            ),
        )
