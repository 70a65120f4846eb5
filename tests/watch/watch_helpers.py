"""CloudTrail events as the watcher reads them (built by the fake LookupEvents, parsed by the real
parser), and a rule run over them with an in-memory store of what was seen before."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.accounts import parse_accounts
from bot.collect.cloudtrail import TrailEvent, parse_event
from bot.devtools.fake_audit import FakeAuditApis
from bot.devtools.harness import DEMO_ACCOUNT
from bot.watch.rules import REGISTRY, Context, History, Hit

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ALERTS = "C0ALARMS01"  # the alert channel of the watched test account
ACCOUNT = parse_accounts([DEMO_ACCOUNT])[0]
ALL_SEEDED = frozenset({"iam", "us-east-1", "eu-west-1", "ap-northeast-2"})
_ids = itertools.count(1)


def instance_ids(n: int) -> list[str]:
    return [f"i-0{next(_ids):016x}" for _ in range(n)]


class Trail:
    """Makes events; `apis` can also answer LookupEvents for poll tests."""

    def __init__(self, apis: FakeAuditApis | None = None) -> None:
        self.apis = apis or FakeAuditApis()

    def parsed(self, item: dict[str, Any], region: str) -> TrailEvent:
        event = parse_event(item, region)
        assert event is not None
        return event

    def launch(
        self,
        at: datetime,
        count: int = 1,
        *,
        region: str = "eu-west-1",
        kind: str = "t3.micro",
        protection: bool = False,
        user: str = "ci-deploy",
        key: str = "AKIAEXAMPLEOLDKEY001",
        error: str | None = None,
        ids: list[str] | None = None,
    ) -> TrailEvent:
        ids = ids or instance_ids(count)
        item = self.apis.run_instances(
            region=region,
            time=at,
            instances=[(i, kind) for i in ids],
            protection=protection,
            user=user,
            access_key=key,
        )
        if error:  # a refused call: an error code, no instances
            detail = json.loads(item["CloudTrailEvent"])
            detail.update(errorCode=error, responseElements=None)
            item["CloudTrailEvent"] = json.dumps(detail)
        return self.parsed(item, region)

    def event(
        self, name: str, at: datetime, *, region: str = "us-east-1", source: str, **kw: Any
    ) -> TrailEvent:
        return self.parsed(self.apis.event(name, region=region, time=at, source=source, **kw), region)

    def iam(
        self, name: str, at: datetime, *, request: dict[str, Any], response: Any = None, **kw: Any
    ) -> TrailEvent:
        return self.parsed(
            self.apis.iam_event(name, time=at, request=request, response=response, **kw), "us-east-1"
        )

    def create_user(self, name: str, at: datetime, **kw: Any) -> TrailEvent:
        return self.parsed(self.apis.create_user(name, time=at, **kw), "us-east-1")

    def create_key(self, owner: str, key: str, at: datetime, **kw: Any) -> TrailEvent:
        return self.parsed(self.apis.create_access_key(owner, key, time=at, **kw), "us-east-1")

    def protect(self, instance_id: str, at: datetime, *, region: str = "eu-west-1", **kw: Any) -> TrailEvent:
        request = {"instanceId": instance_id, "disableApiTermination": {"value": True}}
        return self.event(
            "ModifyInstanceAttribute", at, region=region, source="ec2.amazonaws.com", request=request, **kw
        )


def run_rule(
    rule_id: str,
    new: Sequence[TrailEvent],
    before: Sequence[TrailEvent] = (),
    *,
    history: History | None = None,
    now: datetime = NOW,
) -> list[Hit]:
    """One rule over `new` events, with `before` as what the store had already seen."""
    everything = sorted([*before, *new], key=lambda e: (e.time, e.event_id))

    def recent(names: tuple[str, ...], start: datetime, end: datetime) -> list[TrailEvent]:
        return [e for e in everything if e.name in names and start <= e.time <= end]

    ctx = Context(
        account=ACCOUNT,
        new=sorted(new, key=lambda e: (e.time, e.event_id)),
        history=history or History(seeded=ALL_SEEDED),
        now=now,
        recent_events=recent,
    )
    return REGISTRY[rule_id].evaluate(ctx)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)
