"""What a takeover-alarm rule is: its metadata beside a pure function from new events to hits.

A rule reads the events nobody has seen before (`Context.new`), may look back at the events seen
recently (`Context.recent`, from the store: a burst spread over two polls is one burst) and at what
the account normally does (`Context.history`), and returns `Hit`s. Every hit holds at least one new
event, so an event alerts once however often it is read (poll, push, overlap, restart).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.accounts import Account
from bot.collect.cloudtrail import TrailEvent
from bot.model import Finding, Severity
from bot.watch.thresholds import RULES, WatchRules

EC2 = "ec2.amazonaws.com"
IAM = "iam.amazonaws.com"


@dataclass(frozen=True)
class History:
    """What the account did before: who created credentials, which regions saw writes (last time each).

    `seeded` names the streams whose 90 days of history were read: a rule that compares with the past
    stays silent where the past is unknown, rather than calling everything new.
    """

    creators: Mapping[str, datetime] = field(default_factory=dict)
    regions: Mapping[str, datetime] = field(default_factory=dict)
    seeded: frozenset[str] = frozenset()

    def created_before(self, principal: str, moment: datetime, days: int) -> bool:
        last = self.creators.get(principal)
        return last is not None and moment - timedelta(days=days) <= last < moment

    def used_before(self, region: str, moment: datetime, days: int) -> bool:
        last = self.regions.get(region)
        return last is not None and moment - timedelta(days=days) <= last < moment


@dataclass
class Context:
    account: Account
    new: list[TrailEvent]  # never seen before, oldest first
    history: History
    now: datetime
    recent_events: Callable[[tuple[str, ...], datetime, datetime], list[TrailEvent]]
    rules: WatchRules = RULES

    def named(self, *names: str) -> list[TrailEvent]:
        return [e for e in self.new if e.name in names]

    def recent(self, names: tuple[str, ...], start: datetime, end: datetime) -> list[TrailEvent]:
        """Events of these names seen so far (this batch included) with start ≤ time ≤ end, oldest first."""
        return self.recent_events(names, start, end)


@dataclass(frozen=True)
class Hit:
    """One rule's finding about one principal: what happened, the events that show it, what to do."""

    rule: str
    severity: Severity
    title: str  # one line, identifiers verbatim
    events: tuple[TrailEvent, ...]
    principal: str
    access_keys: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # users and keys this principal created: their later events join the alert
    containment: tuple[Finding, ...] = ()

    @property
    def first(self) -> datetime:
        return min(e.time for e in self.events)

    @property
    def last(self) -> datetime:
        return max(e.time for e in self.events)

    @property
    def actors(self) -> set[str]:
        return {self.principal, *self.access_keys, *self.links} - {""}


Evaluate = Callable[[Context], list[Hit]]


@dataclass(frozen=True)
class WatchRule:
    id: str
    title: str
    severity: Severity
    threshold: str  # what fires it, in words (from RULES): /aws-help, the README and the thread say it
    events: Mapping[str, str]  # the CloudTrail event names it reads → the service that records them
    root: bool  # reads every event of the root user
    evaluate: Evaluate


REGISTRY: dict[str, WatchRule] = {}


def rule(
    rule_id: str,
    *,
    title: str,
    severity: Severity,
    threshold: str,
    events: Mapping[str, str] | None = None,
    root: bool = False,
) -> Callable[[Evaluate], Evaluate]:
    """Register a rule: `@rule("watch.x", title=…, severity=…, threshold=…, events={name: source})`."""

    def register(fn: Evaluate) -> Evaluate:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = WatchRule(rule_id, title, severity, threshold, dict(events or {}), root, fn)
        return fn

    return register
