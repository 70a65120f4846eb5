"""Right-size advice from AWS Compute Optimizer: EC2 instances it finds over- or under-provisioned.

Compute Optimizer works only for accounts that opted in (free; it then needs about 30 hours of
CloudWatch metrics per instance), so enrollment is asked first and the answer says so when the
account is not opted in. Recommendations are regional: every region of the account is read in
parallel, and one failing region is reported beside the others' advice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from bot.aws.config import DEFAULT_REGION
from bot.aws.errors import AwsProblem, classify
from bot.aws.regions import FanOut
from bot.aws.session import AccountSession

OVER = "Overprovisioned"
UNDER = "Underprovisioned"


@dataclass(frozen=True)
class RightSize:
    region: str
    instance_id: str
    instance_arn: str
    name: str
    current_type: str
    finding: str  # Overprovisioned | Underprovisioned | Optimized | NotOptimized
    recommended_type: str | None
    monthly_savings: Decimal | None  # after the account's discounts when AWS gives that figure
    performance_risk: Decimal | None  # 0 (none) … 4 (high) for the recommended type
    migration_effort: str | None


@dataclass
class RightSizing:
    status: str  # Compute Optimizer's enrollment: Active | Inactive | Pending | Failed | unknown
    reason: str | None = None
    items: list[RightSize] = field(default_factory=list)
    problems: dict[str, AwsProblem] = field(default_factory=dict)  # region (or "enrollment") → why

    @property
    def enrolled(self) -> bool:
        return self.status == "Active"

    @property
    def findings(self) -> Counter[str]:
        return Counter(item.finding for item in self.items)

    @property
    def over(self) -> list[RightSize]:
        """Over-provisioned instances, the largest saving first."""
        found = [i for i in self.items if i.finding == OVER]
        return sorted(found, key=lambda i: (-(i.monthly_savings or Decimal(0)), i.region, i.instance_id))

    @property
    def under(self) -> list[RightSize]:
        return sorted((i for i in self.items if i.finding == UNDER), key=lambda i: (i.region, i.instance_id))

    @property
    def monthly_savings(self) -> Decimal:
        return sum((i.monthly_savings or Decimal(0) for i in self.over), Decimal(0))


def right_sizing(
    session: AccountSession, regions: Sequence[str] | None = None, fanout: FanOut | None = None
) -> RightSizing:
    """Enrollment first; then every region's EC2 recommendations (default: the account's regions)."""
    try:
        status = session.client("compute-optimizer", DEFAULT_REGION).get_enrollment_status()
    except (ClientError, BotoCoreError) as exc:
        return RightSizing(status="unknown", problems={"enrollment": classify(exc)})
    result = RightSizing(status=status.get("status", "unknown"), reason=status.get("statusReason"))
    if not result.enrolled:
        return result
    if regions is None:
        try:
            regions = session.regions()
        except (ClientError, BotoCoreError) as exc:
            result.problems["regions"] = classify(exc)
            return result
    if fanout is not None:
        answers = fanout.per_region(regions, lambda region: _region(session, region))
        for region, answer in answers.items():
            if answer.error is not None:
                result.problems[region] = answer.error
            else:
                result.items += answer.value or []
    else:
        for region in regions:
            try:
                result.items += _region(session, region)
            except (ClientError, BotoCoreError) as exc:
                result.problems[region] = classify(exc)
    return result


def _region(session: AccountSession, region: str) -> list[RightSize]:
    """Every EC2 recommendation in one region (no boto3 paginator exists for it: follow nextToken)."""
    client = session.client("compute-optimizer", region)
    items: list[RightSize] = []
    token: str | None = None
    while True:
        answer = client.get_ec2_instance_recommendations(**({"nextToken": token} if token else {}))
        items += [_item(region, r) for r in answer.get("instanceRecommendations", [])]
        token = answer.get("nextToken")
        if not token:
            return items


def _item(region: str, rec: dict[str, Any]) -> RightSize:
    options = sorted(rec.get("recommendationOptions") or [], key=lambda o: o.get("rank", 99))
    best = options[0] if options else {}
    savings = (best.get("savingsOpportunityAfterDiscounts") or best.get("savingsOpportunity") or {}).get(
        "estimatedMonthlySavings"
    ) or {}
    arn = rec.get("instanceArn", "")
    risk = best.get("performanceRisk")
    return RightSize(
        region=region,
        instance_id=arn.rsplit("/", 1)[-1] if arn else "",
        instance_arn=arn,
        name=rec.get("instanceName") or "",
        current_type=rec.get("currentInstanceType", ""),
        finding=rec.get("finding", ""),
        recommended_type=best.get("instanceType"),
        monthly_savings=None
        if "value" not in savings
        else Decimal(str(savings["value"])).quantize(Decimal("0.01")),
        performance_risk=None if risk is None else Decimal(str(risk)),
        migration_effort=best.get("migrationEffort"),
    )
