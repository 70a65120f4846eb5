"""AWS Compute Optimizer: whether the account is opted in, and its EC2 right-sizing findings.

An account that never opted in is normal, not an error: `enrollment` says so ("Inactive") and the
idle scan falls back to its own CPU rule. Recommendations are read only where there is something
to right-size, after the inventory (see `bot/checks/idle/scan.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from botocore.exceptions import ClientError

from bot.aws.session import AccountSession
from bot.collect.registry import collector

NOT_OPTED_IN = {"OptInRequiredException"}


@dataclass(frozen=True, slots=True)
class Enrollment:
    status: str  # Active | Inactive | Pending | Failed
    reason: str = ""

    @property
    def active(self) -> bool:
        return self.status == "Active"


@dataclass(frozen=True, slots=True)
class Ec2Recommendation:
    instance_arn: str
    finding: str  # Underprovisioned | Overprovisioned | Optimized | NotOptimized (API casing varies)
    current_type: str
    recommended_type: str | None
    monthly_savings: Decimal | None
    currency: str = "USD"
    lookback_days: int | None = None

    @property
    def over_provisioned(self) -> bool:
        return self.finding.replace("_", "").lower() == "overprovisioned"


@collector("compute_optimizer.enrollment", service="compute-optimizer", regional=False)
def enrollment(session: AccountSession, region: str) -> list[Enrollment]:
    try:
        answer = session.client("compute-optimizer").get_enrollment_status()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in NOT_OPTED_IN:
            return [Enrollment("Inactive", "not opted in")]
        raise
    return [Enrollment(answer.get("status", "Inactive"), answer.get("statusReason", ""))]


def ec2_recommendations(session: AccountSession, region: str) -> dict[str, Ec2Recommendation]:
    """Every EC2 recommendation of the region, by instance ARN (its own pagination: no paginator)."""
    client = session.client("compute-optimizer", region)
    found: dict[str, Ec2Recommendation] = {}
    token: str | None = None
    while True:
        answer = client.get_ec2_instance_recommendations(**({"nextToken": token} if token else {}))
        for raw in answer.get("instanceRecommendations", []):
            options = sorted(raw.get("recommendationOptions", []), key=lambda o: o.get("rank", 99))
            best = options[0] if options else {}
            savings = best.get("savingsOpportunity", {}).get("estimatedMonthlySavings", {})
            found[raw["instanceArn"]] = Ec2Recommendation(
                instance_arn=raw["instanceArn"],
                finding=str(raw.get("finding", "")),
                current_type=raw.get("currentInstanceType", ""),
                recommended_type=best.get("instanceType"),
                monthly_savings=Decimal(str(savings["value"])) if "value" in savings else None,
                currency=savings.get("currency", "USD"),
                lookback_days=int(raw["lookBackPeriodInDays"]) if raw.get("lookBackPeriodInDays") else None,
            )
        token = answer.get("nextToken")
        if not token:
            return found
