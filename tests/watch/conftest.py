"""A watched account: moto behind the bot's clients, the fake CloudTrail LookupEvents (moto lacks it:
an unstubbed call would reach AWS), the real app on local HTTP with the fake Slack, the store in a
file so a "restart" (new services on the same database) sees what the previous process left."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from watch_helpers import ALERTS, Trail

from bot.aws.fakes import FakeAws
from bot.devtools.fake_audit import OPERATIONS, FakeAuditApis
from bot.devtools.harness import DEMO_ACCOUNT, Harness
from bot.devtools.slack_server import Call
from bot.scheduler import Scheduler


@dataclass
class Watched:
    aws: boto3.Session
    db: Path
    account: dict[str, Any] = field(default_factory=lambda: dict(DEMO_ACCOUNT))
    settings: dict[str, Any] = field(default_factory=dict)
    apis: FakeAuditApis = field(default_factory=FakeAuditApis)
    fake: FakeAws = field(default_factory=FakeAws)
    earlier: list[Call] = field(default_factory=list)  # Slack calls of processes that were restarted

    def __post_init__(self) -> None:
        self.apis.attach_to(self.fake)
        assert all(self.fake.handles(*op) for op in OPERATIONS)
        self.trail = Trail(self.apis)
        self.harness: Harness | None = None
        self.scheduler: Scheduler | None = None

    def start(self) -> Watched:
        settings = {"alert_channel": ALERTS, "database_url": f"sqlite:///{self.db}", **self.settings}
        self.harness = Harness(
            accounts=[self.account], settings=settings, aws_hooks=[self.fake.attach], base_session=self.aws
        ).start()
        self.scheduler = Scheduler(self.harness.services)
        return self

    def stop(self) -> None:
        if self.harness is not None:
            self.earlier += self.harness.slack.called()
            assert self.harness.slack.violations == [], "a message broke a Block Kit limit"
            self.harness.stop()
            self.harness = None

    def restart(self) -> None:
        self.stop()
        self.start()

    # --- what the scheduler does ---------------------------------------------------------------------
    def poll(self) -> bool:
        assert self.scheduler is not None
        return self.scheduler.run("watch.cloudtrail")

    def renotify(self) -> bool:
        assert self.scheduler is not None
        return self.scheduler.run("watch.renotify")

    # --- what Slack saw --------------------------------------------------------------------------------
    @property
    def h(self) -> Harness:
        assert self.harness is not None
        return self.harness

    @property
    def services(self) -> Any:
        return self.h.services

    def calls(self) -> list[Call]:
        return self.earlier + self.h.slack.called()

    def alerts(self) -> list[Call]:
        """Parent messages in the alert channel, across restarts."""
        posts = [
            c for c in self.calls() if c.method == "chat.postMessage" and c.args.get("channel") == ALERTS
        ]
        return [c for c in posts if not c.args.get("thread_ts")]

    def thread(self, ts: str) -> list[Call]:
        return [c for c in self.calls() if c.method == "chat.postMessage" and c.args.get("thread_ts") == ts]

    def final(self, ts: str) -> Call:
        updates = [c for c in self.calls() if c.method == "chat.update" and c.args.get("ts") == ts]
        return updates[-1] if updates else next(c for c in self.alerts() if c.args["_ts"] == ts)

    def mentions(self, text: str) -> int:
        """How many messages (parents and replies) show `text`: an event ID appears once per message."""
        return sum(1 for c in self.calls() if c.method == "chat.postMessage" and text in c.all_text())


@pytest.fixture
def watched(aws, tmp_path) -> Iterator[Watched]:
    world = Watched(aws, tmp_path / "store.db").start()
    yield world
    world.stop()
