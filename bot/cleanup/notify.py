"""Slack side of the requests: post a card, keep it showing its state, reply in the thread, say no.

Slack failing (an error, or not answering at all) never stops the state machine: the store is the
record, the messages only show it. A failed post or update is logged and the next state change tries again.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.changes import Change, announce
from bot.cleanup import engine, registry
from bot.render import cleanup as render
from bot.render.blocks import MAX_TEXT, clip
from bot.render.message import Message
from bot.services import Services
from bot.store.tables import CleanupOffer, CleanupRequest

log = logging.getLogger(__name__)


def offer_item(services: Services, request: CleanupRequest) -> dict[str, Any] | None:
    if request.offer_id is None or request.item_index is None:
        return None
    with services.store.tx() as tx:
        offer = tx.get(CleanupOffer, request.offer_id)
    if offer is None or not 0 <= request.item_index < len(offer.items):
        return None
    return offer.items[request.item_index]


def card(services: Services, request: CleanupRequest) -> Message:
    return render.card(request, registry.get(request.action), offer_item(services, request))


def post(services: Services, channel: str, thread_ts: str | None, message: Message) -> str | None:
    try:
        answer = services.slack.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=clip(message.text, MAX_TEXT),
            blocks=message.blocks,
            unfurl_links=False,
        )
    except SlackApiError as exc:
        log.warning("cleanup: could not post in %s: %s", channel, exc.response.get("error"))
        return None
    except OSError as exc:  # Slack unreachable or timing out: the store still holds the truth
        log.warning("cleanup: could not post in %s: %s", channel, type(exc).__name__)
        return None
    return str(answer["ts"])


def post_card(services: Services, request: CleanupRequest) -> None:
    announce(services, Change(account=request.account, request_id=request.id))
    if not request.channel:
        return
    ts = post(services, request.channel, request.thread_ts, card(services, request))
    if ts:
        engine.set_message(services.store, request.id, ts)


def refresh(services: Services, request_id: str) -> CleanupRequest | None:
    """Re-render the request's card from the store (chat.update), whatever its state now."""
    request = engine.get(services.store, request_id)
    if request is not None:
        announce(services, Change(account=request.account, request_id=request.id))
    if request is None or not request.channel or not request.message_ts:
        return request
    message = card(services, request)
    try:
        services.slack.chat_update(
            channel=request.channel,
            ts=request.message_ts,
            text=clip(message.text, MAX_TEXT),
            blocks=message.blocks,
        )
    except SlackApiError as exc:
        log.warning("cleanup: could not update request %s: %s", request.id, exc.response.get("error"))
    except OSError as exc:
        log.warning("cleanup: could not update request %s: %s", request.id, type(exc).__name__)
    return request


def reply(services: Services, request: CleanupRequest, message: Message) -> None:
    if request.channel:
        post(services, request.channel, request.thread_ts or request.message_ts, message)


def announce_outcome(services: Services, request_id: str) -> None:
    request = refresh(services, request_id)
    if request is not None:
        reply(services, request, render.outcome_reply(request, registry.get(request.action)))


def announce_decision(services: Services, request_id: str) -> None:
    request = refresh(services, request_id)
    if request is not None:
        reply(services, request, render.decision_reply(request, registry.get(request.action)))


def tell(
    services: Services,
    *,
    user: str,
    text: str,
    channel: str | None = None,
    response_url: str | None = None,
) -> None:
    """Only this person sees it: through the click's response_url, else an ephemeral message."""
    try:
        if response_url:
            WebhookClient(response_url).send(text=text, response_type="ephemeral", replace_original=False)
        elif channel:
            services.slack.chat_postEphemeral(channel=channel, user=user, text=text)
    except (SlackApiError, OSError) as exc:
        log.warning("cleanup: could not tell %s: %s", user, exc)
