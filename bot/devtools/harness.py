"""The whole bot on 127.0.0.1: fake Slack, the real HTTP app, signed requests. Tests and demo share it."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import boto3

from bot.accounts import Accounts, parse_accounts
from bot.app import build_app
from bot.aws.session import ClientHook
from bot.devtools.slack_requests import Reply, SlackRequests
from bot.devtools.slack_server import FakeSlack
from bot.server import make_http_server, run_until_closed
from bot.services import Services, build_services
from bot.settings import Settings

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ALICE = "U0ALICE001"  # asks
BOB = "U0BOB00001"  # approves
MALLORY = "U0MALLORY1"  # may not approve
OPS = "C0OPS00001"

DEMO_ACCOUNT = {
    "name": "demo",
    "account_id": "123456789012",
    "audit_role_arn": "arn:aws:iam::123456789012:role/ChatOpsAudit",
    "external_id": "demo-external-id-3f9c2e",
    "cleanup_role_arn": "arn:aws:iam::123456789012:role/ChatOpsCleanup",
    "regions": ["us-east-1", "eu-west-1", "ap-northeast-2"],
    "default": True,
}


class Harness:
    def __init__(
        self,
        *,
        accounts: Sequence[dict[str, Any]] | Accounts = (DEMO_ACCOUNT,),
        settings: dict[str, Any] | None = None,
        aws_hooks: Sequence[ClientHook] = (),
        base_session: boto3.Session | None = None,
        user_groups: dict[str, list[str]] | None = None,
    ) -> None:
        self._accounts = accounts if isinstance(accounts, Accounts) else parse_accounts(list(accounts))
        self._settings = settings or {}
        self._hooks = aws_hooks
        self._base_session = base_session
        self._user_groups = user_groups
        self.slack: FakeSlack
        self.services: Services
        self.send: SlackRequests

    def start(self) -> Harness:
        self.slack = FakeSlack(user_groups=self._user_groups).start()
        # A file, not :memory: — one in-memory SQLite connection cannot be shared by the bot's threads.
        self._tmp = tempfile.TemporaryDirectory(prefix="chatops-harness-")
        overrides: dict[str, Any] = {
            "slack_bot_token": "xoxb-0000-test",
            "slack_signing_secret": SIGNING_SECRET,
            "slack_api_url": self.slack.api_url,
            "database_url": f"sqlite:///{self._tmp.name}/store.db",
            "accounts_file": Path("/nonexistent/accounts.yaml"),
            "approvers": [BOB],
            **self._settings,
        }
        settings = Settings(_env_file=None, **overrides)  # type: ignore[call-arg]
        self.services = build_services(
            settings, self._accounts, aws_hooks=self._hooks, base_session=self._base_session
        )
        self.app = build_app(self.services)
        self.server = make_http_server(self.app, self.services, host="127.0.0.1", port=0)
        self._thread = threading.Thread(
            target=run_until_closed, args=(self.server,), name="bot-http", daemon=True
        )
        self._thread.start()
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.send = SlackRequests(self.url + "/slack/events", SIGNING_SECRET)
        self.slack.reset()  # start-up's auth.test is not part of any test's story
        return self

    def stop(self) -> None:
        self.services.jobs.wait_idle(30)
        self.server.close()
        self.services.close()
        self.slack.stop()
        self._tmp.cleanup()

    def __enter__(self) -> Harness:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    # --- driving the bot like Slack does ----------------------------------------------------------
    def command(
        self, name: str, text: str = "", *, user: str = ALICE, channel: str = OPS, wait: bool = True
    ) -> Reply:
        reply = self.send.command(
            name,
            text,
            user_id=user,
            channel_id=channel,
            response_url=self.slack.response_url(name.strip("/")),
        )
        if wait:
            self.wait()
        return reply

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = BOB,
        channel: str = OPS,
        message_ts: str = "1700000000.000001",
        thread_ts: str | None = None,
        wait: bool = True,
        view_id: str | None = None,
    ) -> Reply:
        """A click in a message; with `view_id`, a click in the Home tab."""
        reply = self.send.block_action(
            action_id,
            value,
            user_id=user,
            channel_id=channel,
            message_ts=message_ts,
            thread_ts=thread_ts,
            response_url=self.slack.response_url("action"),
            view_id=view_id,
        )
        if wait:
            self.wait()
        return reply

    def wait(self, timeout: float = 120.0) -> None:
        if not self.services.jobs.wait_idle(timeout):
            raise TimeoutError(f"jobs still running after {timeout}s")

    def ephemerals(self) -> list[str]:
        """Everything told privately: ack bodies are returned to the caller; these are response_url posts."""
        return [c.text for c in self.slack.called("response_url")]
