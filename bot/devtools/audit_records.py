"""Build `AuditData` by hand, as the collectors would return it: for check and verdict tests.

CloudTrail events are made by `FakeAuditApis` (real-shaped LookupEvents items) and parsed by the
real `parse_event`, so a check test exercises the same JSON handling as production.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from bot.audit.cost import CostSignature
from bot.audit.data import AuditData, Gap
from bot.audit.rules import RULES, AuditRules
from bot.aws.errors import AwsProblem, ProblemKind
from bot.collect.cloudtrail import TrailLookup, keep, parse_event
from bot.collect.guardduty import GuardDutyFinding, GuardDutyRegion
from bot.collect.iam import AccessKey, CredentialReport, CredentialUser, KeySlot, UserPolicies
from bot.collect.inventory_ec2 import Instance
from bot.collect.s3 import Bucket, PublicAccessBlock
from bot.collect.sagemaker import App, SageMakerRegion, UserProfile
from bot.devtools.fake_audit import FakeAuditApis
from bot.spend.explorer import DailyCost, month_to_date, same_period_last_month
from bot.spend.signals import Change, reading, run_rate, spikes

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
REGIONS = ("us-east-1", "eu-west-1", "ap-northeast-2")
DENIED = AwsProblem(ProblemKind.ACCESS_DENIED, "AccessDenied", "not authorized")


class AuditBuilder:
    def __init__(
        self,
        *,
        now: datetime = NOW,
        regions: Iterable[str] = REGIONS,
        account: str = "acme",
        account_id: str = "123456789012",
        rules: AuditRules = RULES,
    ) -> None:
        self.now = now
        self.trail = FakeAuditApis(account_id=account_id)  # events recorded here, as LookupEvents items
        self.data = AuditData(
            account=account, account_id=account_id, now=now, regions=list(regions), rules=rules
        )
        self.data.credentials = CredentialReport(generated=now, users=())
        self.data.user_policies = []
        self.data.account_block = PublicAccessBlock(True, True, True, True)

    def ago(self, days: float = 0, **kwargs: float) -> datetime:
        return self.now - timedelta(days=days, **kwargs)

    # --- inventory -------------------------------------------------------------------------------
    def instance(
        self,
        instance_id: str,
        *,
        region: str = "us-east-1",
        instance_type: str = "m5.large",
        launched: datetime | None = None,
        state: str = "running",
        protected: bool | None = None,
    ) -> AuditBuilder:
        self.data.instances.append(
            Instance(
                region, instance_id, instance_type, state, launched or self.ago(200), protected=protected
            )
        )
        return self

    def sagemaker(
        self, region: str, *, profiles: Iterable[UserProfile] = (), apps: Iterable[App] = ()
    ) -> AuditBuilder:
        self.data.sagemaker.append(SageMakerRegion(region, (), tuple(profiles), tuple(apps)))
        return self

    # --- credentials -----------------------------------------------------------------------------
    def user(
        self,
        name: str,
        *,
        created: datetime | None = None,
        password: bool = False,
        mfa: bool = False,
        keys: Iterable[KeySlot] = (),
        password_last_used: datetime | None = None,
    ) -> AuditBuilder:
        arn = f"arn:aws:iam::{self.data.account_id}:user/{name}"
        created = created or self.ago(300)
        row = CredentialUser(name, arn, created, password, password_last_used, mfa, tuple(keys))
        report = self.data.credentials or CredentialReport(self.now, ())
        self.data.credentials = CredentialReport(report.generated, (*report.users, row))
        return self

    def root(self, *, mfa: bool = True, keys: Iterable[KeySlot] = ()) -> AuditBuilder:
        return self.user("<root_account>", mfa=mfa, keys=keys, password=True)

    def key(self, user: str, key_id: str, *, created: datetime, status: str = "Active") -> AuditBuilder:
        self.data.access_keys.append(AccessKey(user, key_id, status, created))
        return self

    def policies(
        self, user: str, *, attached: Iterable[str] = (), inline: Iterable[tuple[str, Any]] = ()
    ) -> AuditBuilder:
        assert self.data.user_policies is not None
        self.data.user_policies.append(UserPolicies(user, "", self.ago(300), tuple(attached), tuple(inline)))
        return self

    # --- GuardDuty and S3 ------------------------------------------------------------------------
    def guardduty(
        self, region: str, *, enabled: bool = True, findings: Iterable[tuple[str, float]] = ()
    ) -> AuditBuilder:
        items = tuple(
            GuardDutyFinding(
                region, f"f{i}", kind, severity, kind, self.ago(1), self.ago(1), "Instance", f"i-{i:04d}"
            )
            for i, (kind, severity) in enumerate(findings)
        )
        status = "ENABLED" if enabled else "NONE"
        self.data.guardduty.append(GuardDutyRegion(region, "det-1" if enabled else None, status, items))
        return self

    def bucket(
        self,
        name: str,
        *,
        region: str = "us-east-1",
        policy_public: bool = False,
        grants: Iterable[str] = (),
        created: datetime | None = None,
        block: PublicAccessBlock | None = None,
        tags: dict[str, str] | None = None,
    ) -> AuditBuilder:
        self.data.buckets.append(
            Bucket(
                name,
                region,
                created or self.ago(400),
                "owner",
                block or PublicAccessBlock(),
                policy_public,
                tuple(grants),
                tags or {},
            )
        )
        return self

    def cost(
        self,
        amounts: Iterable[str],
        *,
        recent_by_region: dict[str, str] | None = None,
        baseline_by_region: dict[str, str] | None = None,
    ) -> AuditBuilder:
        """A cost signature from a daily series (oldest first, ending today), as `cost_signature` makes it."""
        today = self.now.date()
        values = [Decimal(a) for a in amounts]
        series = [DailyCost(today - timedelta(days=len(values) - 1 - i), v) for i, v in enumerate(values)]
        recent = self.data.rules.recent_days
        self.data.cost = CostSignature(
            today=today,
            series=tuple(series),
            signal=reading(series),
            spikes=tuple(spikes(series)),
            run_rate=run_rate(series[:-recent]) or run_rate(series),
            month_over_month=Change(month_to_date(series, today), same_period_last_month(series, today)),
            recent_start=today - timedelta(days=recent - 1),
            recent_by_service={},
            recent_by_region={k: Decimal(v) for k, v in (recent_by_region or {}).items()},
            baseline_by_service={},
            baseline_by_region={k: Decimal(v) for k, v in (baseline_by_region or {}).items()},
            baseline_days=max(len(values) - recent, 0),
            requests=3,
        )
        return self

    def gap(
        self, service: str, region: str, detail: str | None = None, problem: AwsProblem = DENIED
    ) -> AuditBuilder:
        self.data.gaps.append(Gap(service, region, problem, detail))
        return self

    # --- build -----------------------------------------------------------------------------------
    def build(
        self,
        *,
        trail: bool = True,
        unread: Iterable[tuple[str, str]] = (),
        truncated: Iterable[tuple[str, str]] = (),
    ) -> AuditData:
        """Turn the recorded events into the lookups the collectors would have made.

        `trail=False`: CloudTrail unreadable everywhere; `unread`: (region, event name) chains that failed.
        """
        data = self.data
        data.trail = []
        if trail:
            skip = set(unread)
            cut = set(truncated)
            for region, name in data.expected_trail():
                if (region, name) in skip:
                    data.gaps.append(Gap("cloudtrail", region, DENIED, name))
                    continue
                events = []
                for item in self.trail.events[region]:
                    if item["EventName"] == name:
                        event = parse_event(item, region)
                        if event is not None and keep(event):
                            events.append(event)
                data.trail.append(TrailLookup(region, name, tuple(events), 1, (region, name) in cut))
        else:
            for region, name in data.expected_trail():
                data.gaps.append(Gap("cloudtrail", region, DENIED, name))
        data.forget()
        return data
