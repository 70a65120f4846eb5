"""NAT gateways that sent nothing to their destinations over the metric window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.cloudwatch import MetricQuery, metric, total
from bot.collect.ec2 import NatGateway
from bot.pricing.keys import HOURS_PER_MONTH, PriceKey

ID = "idle.nat_gateway_idle"


def _query(gateway: NatGateway, t: Thresholds) -> MetricQuery:
    return metric(
        "AWS/NATGateway", "BytesOutToDestination", "Sum", t.metric_window_days, NatGatewayId=gateway.id
    )


def _candidates(view: RegionView[Thresholds]) -> Iterator[NatGateway]:
    window = timedelta(days=view.thresholds.metric_window_days)
    for gateway in view.get("ec2.nat_gateways"):
        if gateway.state == "available" and gateway.create_time and view.now - gateway.create_time >= window:
            yield gateway


def metrics(view: RegionView[Thresholds]) -> Iterator[MetricQuery]:
    return (_query(g, view.thresholds) for g in _candidates(view))


@check(
    ID,
    title="NAT gateways",
    collectors=["ec2.nat_gateways"],
    threshold=f"available, and 0 bytes out to destinations (BytesOutToDestination) over "
    f"{THRESHOLDS.metric_window_days} days",
    rationale="A NAT gateway is billed every hour it exists, traffic or not. "
    "Estimate: 730 h × the region's NAT gateway hourly price (no data processed, by definition).",
    actions=["ec2.delete_nat_gateway"],
    metrics=metrics,
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    days = view.thresholds.metric_window_days
    for gateway in _candidates(view):
        values = view.values(_query(gateway, view.thresholds))
        if values is None or total(values) > 0:
            continue
        finding = make(
            ID,
            view.account,
            view.region,
            gateway.id,
            f"no traffic out in {days} days" + ("" if values else " (no datapoints)"),
            action="ec2.delete_nat_gateway",
            facts={"state": gateway.state, "vpc_id": gateway.vpc_id, "subnet_id": gateway.subnet_id},
            age_days=view.age_days(gateway.create_time),
            size=f"{gateway.connectivity} in {gateway.vpc_id}",
            name=gateway.tags.get("Name", ""),
        )
        yield Waste(finding, (Charge(PriceKey("nat", view.region), HOURS_PER_MONTH),))
