"""Everything one audit read, in one value the checks interpret: records per service, and the gaps.

A gap is a collector (one service in one region) that could not answer, with the reason; checks
work on what was read, and the verdict and the answer say what was not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.audit.cost import CostSignature
from bot.audit.rules import RULES, AuditRules
from bot.aws.errors import AwsProblem
from bot.collect.cloudtrail import (
    GLOBAL_EVENTS,
    IAM_REGION,
    REGIONAL_EVENTS,
    TrailEvent,
    TrailLookup,
    resource_name,
    target_user,
)
from bot.collect.guardduty import GuardDutyRegion
from bot.collect.iam import AccessKey, CredentialReport, UserPolicies
from bot.collect.identity import Identity
from bot.collect.inventory_ec2 import Instance
from bot.collect.inventory_ecs import EcsCluster
from bot.collect.inventory_emr import EmrCluster
from bot.collect.inventory_lambda import LambdaFunction
from bot.collect.s3 import Bucket, BucketListing, PublicAccessBlock
from bot.collect.sagemaker import App, SageMakerRegion, UserProfile
from bot.model import GLOBAL

T = TypeVar("T")

SERVICE_LABELS = {
    "identity": "Identity (STS)",
    "ec2": "EC2",
    "ec2.protection": "EC2 termination protection",
    "ecs": "ECS",
    "lambda": "Lambda",
    "emr": "EMR",
    "sagemaker": "SageMaker",
    "cloudtrail": "CloudTrail",
    "guardduty": "GuardDuty",
    "iam.credential_report": "IAM credential report",
    "iam.policies": "IAM policies",
    "iam.access_keys": "IAM access keys",
    "s3.account": "S3 account Block Public Access",
    "s3.buckets": "S3 bucket list",
    "s3.bucket": "S3 bucket",
    "cost": "Cost Explorer",
    "checks": "Audit check",
}


@dataclass(frozen=True)
class Gap:
    """One collector that could not answer: the audit is partial there."""

    service: str
    region: str
    problem: AwsProblem
    detail: str | None = None  # an event name, a bucket, a check

    @property
    def label(self) -> str:
        what = SERVICE_LABELS.get(self.service, self.service)
        return f"{what} {self.detail}" if self.detail else what

    def describe(self) -> str:
        where = "" if self.region == GLOBAL else f" in {self.region}"
        return f"{self.label}{where}: {self.problem.kind.value} ({self.problem.code})"


@dataclass
class AuditData:
    account: str
    account_id: str
    now: datetime
    regions: list[str]
    rules: AuditRules = RULES
    identity: Identity | None = None
    instances: list[Instance] = field(default_factory=list)
    ecs_clusters: list[EcsCluster] = field(default_factory=list)
    lambdas: list[LambdaFunction] = field(default_factory=list)
    emr_clusters: list[EmrCluster] = field(default_factory=list)
    sagemaker: list[SageMakerRegion] = field(default_factory=list)
    trail: list[TrailLookup] = field(default_factory=list)
    credentials: CredentialReport | None = None
    user_policies: list[UserPolicies] | None = None
    access_keys: list[AccessKey] = field(default_factory=list)
    guardduty: list[GuardDutyRegion] = field(default_factory=list)
    account_block: PublicAccessBlock | None = None
    bucket_listings: list[BucketListing] = field(default_factory=list)
    buckets: list[Bucket] = field(default_factory=list)
    cost: CostSignature | None = None
    gaps: list[Gap] = field(default_factory=list)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Derived views shared by several checks (launches, bursts), computed once per audit."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    def forget(self) -> None:
        """Drop derived views after more records arrive (collection runs in two phases)."""
        self._memo.clear()

    # --- time ------------------------------------------------------------------------------------
    @property
    def recent_start(self) -> datetime:
        return self.now - timedelta(days=self.rules.recent_days)

    @property
    def lookback_start(self) -> datetime:
        return self.now - timedelta(days=self.rules.lookback_days)

    def is_recent(self, when: datetime | None) -> bool:
        return when is not None and when >= self.recent_start

    # --- CloudTrail coverage ---------------------------------------------------------------------
    @property
    def events(self) -> list[TrailEvent]:
        """Every event read, oldest first (computed once: checks run after collection is done)."""
        return self.memo(
            "events",
            lambda: sorted((e for lookup in self.trail for e in lookup.events), key=lambda e: e.time),
        )

    def events_named(self, *names: str) -> list[TrailEvent]:
        return [e for e in self.events if e.name in names]

    def expected_trail(self) -> list[tuple[str, str]]:
        """Every (region, event name) chain an audit of these regions reads."""
        chains = [(region, name) for region in self.regions for name in REGIONAL_EVENTS]
        return chains + [(IAM_REGION, name) for name in GLOBAL_EVENTS]

    def trail_read(self, region: str, name: str, *, completely: bool = True) -> bool:
        for lookup in self.trail:
            if lookup.region == region and lookup.event_name == name:
                return not (completely and lookup.truncated)
        return False

    @property
    def trail_unread(self) -> list[tuple[str, str]]:
        return [(r, n) for r, n in self.expected_trail() if not self.trail_read(r, n, completely=False)]

    @property
    def trail_complete(self) -> bool:
        return not self.trail_unread

    @property
    def trail_readable(self) -> bool:
        """At least some CloudTrail chain answered."""
        return bool(self.trail)

    # --- lookups ---------------------------------------------------------------------------------
    def instance(self, instance_id: str) -> Instance | None:
        return self._instances().get(instance_id)

    def _instances(self) -> dict[str, Instance]:
        return {i.instance_id: i for i in self.instances}

    @property
    def user_profiles(self) -> list[UserProfile]:
        return [p for region in self.sagemaker for p in region.user_profiles]

    @property
    def apps(self) -> list[App]:
        return [a for region in self.sagemaker for a in region.apps]

    def creator(
        self, event_name: str, *, name: str | None = None, user: str | None = None
    ) -> TrailEvent | None:
        """The successful CloudTrail event that created a named thing (owner hints)."""
        for event in self.events_named(event_name):
            if not event.ok:
                continue
            if name is not None and resource_name(event) != name:
                continue
            if user is not None and target_user(event) != user:
                continue
            return event
        return None

    def failed(self, service: str, region: str | None = None) -> bool:
        return any(g.service == service and (region is None or g.region == region) for g in self.gaps)

    @property
    def resource_count(self) -> int:
        return (
            sum(1 for i in self.instances if i.live)
            + len(self.ecs_clusters)
            + len(self.lambdas)
            + len(self.emr_clusters)
            + sum(r.resources for r in self.sagemaker)
            + len(self.buckets)
        )
