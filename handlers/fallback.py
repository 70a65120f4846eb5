"""The last word on a request no listener took, or one a listener failed on.

Bolt answers those with a 404 or a 500: Slack then shows the person a bare failure (and retries
events, eventually turning the subscription off). Here Slack always gets a 200, the person a sentence
(privately, or in the dialog), and the log the whole story with a reference to quote (redacted by
`bot.logs` like every line). Registered last, as the app's error handler.
"""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.error import BoltUnhandledRequestError

from bot.cleanup import notify
from bot.render.blocks import section
from bot.services import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    @app.error
    def on_error(error: Exception, body: Any, response: BoltResponse | None) -> BoltResponse | None:
        body = body if isinstance(body, dict) else {}
        unknown = isinstance(error, BoltUnhandledRequestError)
        reference = secrets.token_hex(4)
        what = _describe(body)
        if unknown:
            log.warning("no listener for %s (ref %s)", what, reference)
        else:
            log.error("handling %s failed (ref %s)", what, reference, exc_info=error)
        answer = _answer(services, body, unknown, reference)
        # After the listener acknowledged, Slack has its answer already (and Bolt has no response).
        return answer if response is not None else None


def _answer(services: Services, body: dict[str, Any], unknown: bool, reference: str) -> BoltResponse:
    kind = body.get("type")
    if "command" in body and kind is None:  # slash command
        command = _text(body.get("command"))[:40] or "that command"
        text = (
            f"⚠️ I don't know `{command}`. `/aws-help` lists what I can do."
            if unknown
            else f"❌ Something went wrong with `{command}` (reference `{reference}`)."
        )
        return _json({"response_type": "ephemeral", "text": text})
    if kind in ("block_actions", "interactive_message"):
        text = (
            "⚠️ That is not a button I know (it may come from an older version of the bot); nothing was done."
            if unknown
            else f"❌ Something went wrong with that click (reference `{reference}`). Look at the message's "
            "current state before clicking again."
        )
        _tell(services, body, text)
        return BoltResponse(status=200, body="")
    if kind == "view_submission":
        text = (
            "This dialog is not one I know (it may come from an older version of the bot); nothing was done."
            if unknown
            else f"Something went wrong with this dialog (reference `{reference}`). Look at the request's "
            "current state before trying again."
        )
        return _json({"response_action": "update", "view": _notice(text)})
    if kind == "block_suggestion":
        return _json({"options": []})
    return BoltResponse(status=200, body="")  # events, view_closed, shortcuts: acknowledged


def _tell(services: Services, body: dict[str, Any], text: str) -> None:
    user = _text(_field(body, "user", "id"))
    channel = _text(_field(body, "channel", "id")) or _text(_field(body, "container", "channel_id"))
    response_url = _text(body.get("response_url"))
    if not user or not (channel or response_url):
        return  # nobody to answer: a payload Slack itself would not send
    services.jobs.submit(
        "fallback.tell",
        lambda: notify.tell(services, user=user, channel=channel, response_url=response_url, text=text),
    )


def _notice(text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "AWS ChatOps"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [section(text)],
    }


def _describe(body: dict[str, Any]) -> str:
    kind = _text(body.get("type")) or ("command " + _text(body.get("command")) if "command" in body else "?")
    detail = (
        _text(_field(body, "event", "type"))
        or _text(_field(body, "view", "callback_id"))
        or _text(body.get("callback_id"))
    )
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        detail = _text(actions[0].get("action_id"))
    return f"{kind} {detail[:80]}".strip()


def _field(body: dict[str, Any], key: str, inner: str) -> Any:
    value = body.get(key)
    return value.get(inner) if isinstance(value, dict) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _json(payload: dict[str, Any]) -> BoltResponse:
    return BoltResponse(
        status=200, body=json.dumps(payload), headers={"content-type": "application/json;charset=utf-8"}
    )
