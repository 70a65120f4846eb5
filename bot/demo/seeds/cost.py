"""What moto lacks for `/aws-cost`: AWS's Savings Plans recommendation and Compute Optimizer.

Both answer from the demo account's own story. The Savings Plans recommendation is computed from
the bill (`world.ce`): the steady EC2 compute floor of the lookback, committed at a Compute
Savings Plan's ≈ 28% discount. Compute Optimizer is opted in and finds the always-on fleet
over-provisioned: moto's running instances when a seed launched some, otherwise the fleet the bill
describes (6 × m5.2xlarge in us-east-1, 4 × r5.xlarge in ap-northeast-2). The GPU instances
launched yesterday get no recommendation: Compute Optimizer needs about 30 hours of metrics.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.aws.fakes import FakeAws
from bot.devtools.fake_ce import EC2, FakeCostExplorer
from bot.store.types import utcnow

if TYPE_CHECKING:
    import boto3

    from bot.demo.world import DemoWorld

ACCOUNT_ID = "123456789012"
PNG = b"\x89PNG\r\n\x1a\n"
CHART = Path(tempfile.gettempdir()) / "chatops-demo" / "aws-cost-demo.png"  # outlives the demo's workdir
SP_DISCOUNT = Decimal("0.28")  # Compute Savings Plan, 1 year, no upfront, m5/r5 families
LOOKBACK = {"SEVEN_DAYS": 7, "THIRTY_DAYS": 30, "SIXTY_DAYS": 60}
# current type → (recommended type, $/month saved) for the families the fleet runs
DOWNSIZE = {
    "m5.2xlarge": ("m5.large", "210.24"),
    "m5.xlarge": ("m5.large", "70.08"),
    "r5.xlarge": ("r5.large", "110.96"),
    "r5.2xlarge": ("r5.xlarge", "221.92"),
}
FLEET = {
    "us-east-1": [(f"i-0f1ee7{n:011x}", f"web-{n}", "m5.2xlarge") for n in range(1, 7)],
    "ap-northeast-2": [(f"i-0a9ae2{n:011x}", f"batch-{n}", "r5.xlarge") for n in range(1, 5)],
}


def seed(world: DemoWorld) -> None:
    attach_savings_plans(world.fake, world.ce)
    attach_compute_optimizer(world.fake, world.session)


def attach_savings_plans(fake: FakeAws, ce: FakeCostExplorer) -> FakeAws:
    @fake.on("ce", "GetSavingsPlansPurchaseRecommendation")
    def recommend(params: dict[str, Any], region: str) -> dict[str, Any]:
        days = LOOKBACK[params["LookbackPeriodInDays"]]
        today = utcnow().date()
        daily: dict[Any, Decimal] = defaultdict(Decimal)
        for line in ce.lines:
            if (
                line.service == EC2
                and "BoxUsage" in line.usage_type
                and today - timedelta(days) <= line.day < today
            ):
                daily[line.day] += line.amount
        hourly = [amount / 24 for amount in daily.values()] or [Decimal(0)]
        floor, average = min(hourly), sum(hourly, Decimal(0)) / len(hourly)
        commitment = (floor * (1 - SP_DISCOUNT)).quantize(Decimal("0.001"))
        savings = (floor * SP_DISCOUNT * 730).quantize(Decimal("0.01"))
        on_demand = sum(daily.values(), Decimal(0)).quantize(Decimal("0.01"))
        detail = {
            "AccountId": ACCOUNT_ID,
            "UpfrontCost": "0",
            "CurrencyCode": "USD",
            "HourlyCommitmentToPurchase": str(commitment),
            "EstimatedAverageUtilization": "100.0",
            "EstimatedMonthlySavingsAmount": str(savings),
            "EstimatedSavingsPercentage": str(SP_DISCOUNT * 100),
            "CurrentMinimumHourlyOnDemandSpend": str(floor.quantize(Decimal("0.001"))),
            "CurrentAverageHourlyOnDemandSpend": str(average.quantize(Decimal("0.001"))),
            "CurrentMaximumHourlyOnDemandSpend": str(max(hourly).quantize(Decimal("0.001"))),
        }
        return {
            "Metadata": {"RecommendationId": "demo-sp-1", "GenerationTimestamp": today.isoformat()},
            "SavingsPlansPurchaseRecommendation": {
                "SavingsPlansType": params["SavingsPlansType"],
                "TermInYears": params["TermInYears"],
                "PaymentOption": params["PaymentOption"],
                "LookbackPeriodInDays": params["LookbackPeriodInDays"],
                "SavingsPlansPurchaseRecommendationDetails": [detail] if commitment > 0 else [],
                "SavingsPlansPurchaseRecommendationSummary": {
                    "CurrencyCode": "USD",
                    "HourlyCommitmentToPurchase": str(commitment),
                    "DailyCommitmentToPurchase": str(commitment * 24),
                    "EstimatedMonthlySavingsAmount": str(savings),
                    "EstimatedSavingsPercentage": str(SP_DISCOUNT * 100),
                    "CurrentOnDemandSpend": str(on_demand),
                    "TotalRecommendationCount": "1" if commitment > 0 else "0",
                },
            },
        }

    return fake


def attach_compute_optimizer(fake: FakeAws, session: boto3.Session | None = None) -> FakeAws:
    fake.on("compute-optimizer", "GetEnrollmentStatus")(
        lambda params, region: {"status": "Active", "memberAccountsEnrolled": False}
    )

    @fake.on("compute-optimizer", "GetEC2InstanceRecommendations")
    def recommendations(params: dict[str, Any], region: str) -> dict[str, Any]:
        fleet = _moto_fleet(session, region) if session is not None else []
        return {
            "instanceRecommendations": [_recommendation(region, *i) for i in fleet or FLEET.get(region, [])]
        }

    return fake


def _moto_fleet(session: boto3.Session, region: str) -> list[tuple[str, str, str]]:
    """Running instances old enough for Compute Optimizer (accelerated ones are always too new here)."""
    ec2 = session.client("ec2", region_name=region)
    fleet = []
    for page in ec2.get_paginator("describe_instances").paginate(
        Filters=[{"Name": "instance-state-name", "Values": ["running"]}]
    ):
        for reservation in page["Reservations"]:
            for instance in reservation["Instances"]:
                kind = instance["InstanceType"]
                if kind.split(".")[0][:1] in ("p", "g") or kind.startswith(("inf", "trn")):
                    continue
                name = next((t["Value"] for t in instance.get("Tags", []) if t["Key"] == "Name"), "")
                fleet.append((instance["InstanceId"], name, kind))
    return fleet


def _recommendation(region: str, instance_id: str, name: str, kind: str) -> dict[str, Any]:
    smaller = DOWNSIZE.get(kind)
    arn = f"arn:aws:ec2:{region}:{ACCOUNT_ID}:instance/{instance_id}"
    option: dict[str, Any] = {
        "instanceType": smaller[0] if smaller else kind,
        "rank": 1,
        "performanceRisk": 1.0,
    }
    if smaller:
        option |= {
            "migrationEffort": "VeryLow",
            "savingsOpportunity": {
                "savingsOpportunityPercentage": 50.0,
                "estimatedMonthlySavings": {"currency": "USD", "value": float(smaller[1])},
            },
        }
    return {
        "instanceArn": arn,
        "accountId": ACCOUNT_ID,
        "instanceName": name,
        "currentInstanceType": kind,
        "finding": "Overprovisioned" if smaller else "Optimized",
        "findingReasonCodes": ["CPUOverprovisioned", "MemoryOverprovisioned"] if smaller else [],
        "utilizationMetrics": [{"name": "Cpu", "statistic": "Maximum", "value": 7.5}],
        "lookBackPeriodInDays": 14.0,
        "recommendationOptions": [option],
        "lastRefreshTimestamp": datetime.now(UTC) - timedelta(hours=6),
        "currentPerformanceRisk": "VeryLow",
        "instanceState": "running",
    }


def step(world: DemoWorld) -> None:
    """`/aws-cost` on the demo account; the chart it uploaded is written to a file you can open."""
    before = set(world.harness.slack.uploads)
    world.harness.command("/aws-cost")
    world.harness.wait()
    for file_id, data in world.harness.slack.uploads.items():
        if file_id not in before and data.startswith(PNG):
            CHART.parent.mkdir(parents=True, exist_ok=True)
            CHART.write_bytes(data)
            world.out.write(f"  (the chart uploaded into the thread is written to {CHART})\n")
