"""Send requests to the bot exactly as Slack sends them: form-encoded and signed (v0 HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

_trigger = itertools.count(1)


@dataclass
class Reply:
    status: int
    body: str
    elapsed: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackRequests:
    def __init__(self, url: str, signing_secret: str, *, team_id: str = "T0000000001") -> None:
        self.url = url
        self.secret = signing_secret
        self.team_id = team_id

    # --- payloads --------------------------------------------------------------------------------
    def command(
        self,
        command: str,
        text: str = "",
        *,
        user_id: str = "U0ALICE001",
        channel_id: str = "C0OPS00001",
        response_url: str = "https://hooks.slack.invalid/commands/1",
        **signing: Any,
    ) -> Reply:
        form = {
            "token": "deprecated",
            "team_id": self.team_id,
            "team_domain": "example",
            "channel_id": channel_id,
            "channel_name": "ops",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0000000001",
            "response_url": response_url,
            "trigger_id": f"{next(_trigger)}.1.abc",
        }
        return self.post(urlencode(form), **signing)

    def block_action(
        self,
        action_id: str,
        value: str,
        *,
        user_id: str = "U0BOB00001",
        channel_id: str = "C0OPS00001",
        message_ts: str = "1700000000.000001",
        thread_ts: str | None = None,
        block_id: str = "b",
        response_url: str = "https://hooks.slack.invalid/actions/1",
        view_id: str | None = None,
        **signing: Any,
    ) -> Reply:
        """A button click in a message; with `view_id`, in the Home tab instead (no channel, no
        message, no response_url: that is how Slack sends clicks from a view)."""
        message: dict[str, Any] = {"type": "message", "ts": message_ts, "text": "", "blocks": []}
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "example"},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
            "api_app_id": "A0000000001",
            "trigger_id": f"{next(_trigger)}.1.abc",
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id},
            "channel": {"id": channel_id, "name": "ops"},
            "message": message,
            "response_url": response_url,
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": block_id,
                    "value": value,
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        if view_id is not None:
            for key in ("channel", "message", "response_url"):
                payload.pop(key)
            payload["container"] = {"type": "view", "view_id": view_id}
            payload["view"] = {"id": view_id, "type": "home", "blocks": []}
        return self.post(urlencode({"payload": json.dumps(payload)}), **signing)

    def view_submission(
        self,
        callback_id: str,
        values: dict[str, dict[str, Any]],
        *,
        private_metadata: str = "",
        user_id: str = "U0BOB00001",
        **signing: Any,
    ) -> Reply:
        payload = {
            "type": "view_submission",
            "team": {"id": self.team_id, "domain": "example"},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
            "api_app_id": "A0000000001",
            "trigger_id": f"{next(_trigger)}.1.abc",
            "view": {
                "id": "V0000000001",
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": private_metadata,
                "state": {"values": values},
            },
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), **signing)

    def event(self, event: dict[str, Any], **signing: Any) -> Reply:
        envelope = {
            "token": "deprecated",
            "team_id": self.team_id,
            "api_app_id": "A0000000001",
            "type": "event_callback",
            "event_id": f"Ev{next(_trigger):08d}",
            "event_time": int(time.time()),
            "event": event,
        }
        return self.post(json.dumps(envelope), content_type="application/json", **signing)

    # --- transport -------------------------------------------------------------------------------
    def sign(self, body: str, timestamp: int) -> str:
        base = f"v0:{timestamp}:{body}".encode()
        return "v0=" + hmac.new(self.secret.encode(), base, hashlib.sha256).hexdigest()

    def post(
        self,
        body: str,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        timestamp: int | None = None,
        signature: str | None = None,
        signed: bool = True,
    ) -> Reply:
        ts = int(time.time()) if timestamp is None else timestamp
        headers = {"Content-Type": content_type}
        if signed:
            headers["X-Slack-Request-Timestamp"] = str(ts)
            headers["X-Slack-Signature"] = signature or self.sign(body, ts)
        request = urllib.request.Request(self.url, data=body.encode(), headers=headers, method="POST")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, response.read().decode(), time.perf_counter() - started)
        except urllib.error.HTTPError as err:
            return Reply(err.code, err.read().decode(), time.perf_counter() - started)
