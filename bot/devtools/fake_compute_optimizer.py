"""A Compute Optimizer behind the real boto3 client (moto has none): enrollment and EC2 findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.aws.fakes import FakeAws, FakeError


@dataclass
class FakeComputeOptimizer:
    status: str = "Inactive"  # Active | Inactive | Pending | Failed
    recommendations: list[dict[str, Any]] = field(default_factory=list)  # InstanceRecommendation shapes
    fail: str | None = None  # answer every call with this error code (e.g. AccessDeniedException)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def attach_to(self, fake: FakeAws) -> FakeAws:
        fake.on("compute-optimizer", "GetEnrollmentStatus")(self._enrollment)
        fake.on("compute-optimizer", "GetEC2InstanceRecommendations")(self._recommendations)
        return fake

    def over_provisioned(self, instance_arn: str, current: str, target: str, savings: float) -> None:
        self.recommendations.append(
            {
                "instanceArn": instance_arn,
                "currentInstanceType": current,
                "finding": "Overprovisioned",
                "lookBackPeriodInDays": 14.0,
                "recommendationOptions": [
                    {
                        "instanceType": target,
                        "rank": 1,
                        "savingsOpportunity": {
                            "savingsOpportunityPercentage": 50.0,
                            "estimatedMonthlySavings": {"currency": "USD", "value": savings},
                        },
                    }
                ],
            }
        )

    def optimized(self, instance_arn: str, current: str) -> None:
        self.recommendations.append(
            {"instanceArn": instance_arn, "currentInstanceType": current, "finding": "Optimized"}
        )

    def _enrollment(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        self.requests.append(("GetEnrollmentStatus", region))
        if self.fail:
            raise FakeError(self.fail, f"fake {self.fail}")
        return {"status": self.status}

    def _recommendations(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        self.requests.append(("GetEC2InstanceRecommendations", region))
        if self.status != "Active":
            raise FakeError("OptInRequiredException", "The account is not opted in to Compute Optimizer.")
        mine = [r for r in self.recommendations if f":{region}:" in r["instanceArn"]]
        return {"instanceRecommendations": mine, "errors": []}
