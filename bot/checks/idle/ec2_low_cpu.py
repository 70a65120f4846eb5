"""Running instances doing almost nothing: a right-size (or stop) candidate, never a delete.

When the account is opted in to Compute Optimizer its finding wins: it also weighs memory, network
and the instance's burst history, and prices the saving itself. Otherwise the bot's own rule — a
low average CPU over the whole window — suggests one size smaller, saving about half the price.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.cloudwatch import MetricQuery, average, metric
from bot.collect.compute_optimizer import Ec2Recommendation
from bot.collect.ec2 import Instance
from bot.pricing.keys import HOURS_PER_MONTH, PriceKey, ec2_variant

ID = "idle.ec2_low_cpu"
COMPUTE_OPTIMIZER = "compute_optimizer"  # RegionView.extras key: {instance ARN: recommendation} or absent


def _query(instance: Instance, days: int) -> MetricQuery:
    return metric("AWS/EC2", "CPUUtilization", "Average", days, InstanceId=instance.id)


def _candidates(view: RegionView[Thresholds]) -> Iterator[Instance]:
    window = timedelta(days=view.thresholds.metric_window_days)
    for instance in view.get("ec2.instances"):
        if instance.state != "running" or instance.lifecycle != "on-demand" or instance.launch_time is None:
            continue
        if view.now - instance.launch_time >= window:
            yield instance


def metrics(view: RegionView[Thresholds]) -> Iterator[MetricQuery]:
    return (_query(i, view.thresholds.metric_window_days) for i in _candidates(view))


def _facts(instance: Instance) -> dict[str, object]:
    return {
        "state": instance.state,
        "launch_time": instance.launch_time.isoformat() if instance.launch_time else None,
        "instance_type": instance.type,
    }


@check(
    ID,
    title="Over-provisioned EC2 instances",
    collectors=["ec2.instances"],
    threshold=f"running, average CPU ≤ {THRESHOLDS.cpu_average_percent}% over "
    f"{THRESHOLDS.metric_window_days} days (or Compute Optimizer's Overprovisioned finding when opted in)",
    rationale="An instance sized for a load it never sees pays for idle cores. Estimate: Compute "
    "Optimizer's estimated monthly saving; else half the instance's on-demand price (one size down).",
    actions=["ec2.stop_instance"],
    metrics=metrics,
    uses_compute_optimizer=True,
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    t = view.thresholds
    recommendations: dict[str, Ec2Recommendation] | None = view.extras.get(COMPUTE_OPTIMIZER)
    for instance in _candidates(view):
        recommendation = None if recommendations is None else recommendations.get(instance.arn)
        if recommendation is not None:
            if not recommendation.over_provisioned:
                continue  # Compute Optimizer looked and found it right-sized
            target = recommendation.recommended_type or "a smaller type"
            finding = make(
                ID,
                view.account,
                view.region,
                instance.id,
                f"Compute Optimizer: over-provisioned, {instance.type} → {target}",
                action="ec2.stop_instance",
                facts={**_facts(instance), "recommended_type": recommendation.recommended_type},
                age_days=view.age_days(instance.launch_time),
                size=instance.type,
                resource_arn=instance.arn,
                name=instance.name,
            )
            yield Waste(finding, known_usd=recommendation.monthly_savings, known_source="Compute Optimizer")
            continue
        values = view.values(_query(instance, t.metric_window_days)) or []
        cpu = average(values)
        if cpu is None or Decimal(str(cpu)) > t.cpu_average_percent:
            continue
        finding = make(
            ID,
            view.account,
            view.region,
            instance.id,
            f"average CPU {cpu:.1f}% over {t.metric_window_days} days: one size smaller would likely do",
            action="ec2.stop_instance",
            facts={**_facts(instance), "cpu_average": round(cpu, 2)},
            age_days=view.age_days(instance.launch_time),
            size=instance.type,
            resource_arn=instance.arn,
            name=instance.name,
        )
        price = PriceKey("ec2", view.region, ec2_variant(instance.type, instance.platform))
        yield Waste(finding, (Charge(price, HOURS_PER_MONTH / 2),))
