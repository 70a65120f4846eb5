"""Load balancers (ALB, NLB, Classic) that serve nobody: no targets, none healthy, or no traffic."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.cloudwatch import MetricQuery, metric, total
from bot.collect.elb import ClassicLoadBalancer
from bot.collect.elbv2 import LoadBalancer
from bot.pricing.keys import HOURS_PER_MONTH, PriceKey

ID = "idle.load_balancer_idle"
TYPES = {"application": "ALB", "network": "NLB"}


def _query(lb: LoadBalancer | ClassicLoadBalancer, days: int) -> MetricQuery:
    if isinstance(lb, ClassicLoadBalancer):
        return metric("AWS/ELB", "RequestCount", "Sum", days, LoadBalancerName=lb.name)
    if lb.type == "network":  # NLBs count flows, not requests
        return metric("AWS/NetworkELB", "NewFlowCount", "Sum", days, LoadBalancer=lb.dimension)
    return metric("AWS/ApplicationELB", "RequestCount", "Sum", days, LoadBalancer=lb.dimension)


def _old_enough(view: RegionView[Thresholds], created: datetime | None) -> bool:
    return created is not None and view.now - created >= timedelta(days=view.thresholds.metric_window_days)


def _balancers(view: RegionView[Thresholds]) -> Iterator[LoadBalancer | ClassicLoadBalancer]:
    for lb in view.get("elbv2.load_balancers"):
        if lb.type in TYPES and lb.state in ("active", "active_impaired"):
            yield lb
    yield from view.get("elb.load_balancers")


def metrics(view: RegionView[Thresholds]) -> Iterator[MetricQuery]:
    for lb in _balancers(view):
        if _old_enough(view, lb.created_time):
            yield _query(lb, view.thresholds.metric_window_days)


def _why(view: RegionView[Thresholds], lb: LoadBalancer | ClassicLoadBalancer) -> str | None:
    if isinstance(lb, ClassicLoadBalancer):
        registered, healthy, unit = len(lb.instance_ids), lb.in_service, "instances"
    else:
        registered, healthy, unit = lb.registered, lb.healthy, "targets"
    if registered == 0:
        return f"no registered {unit}"
    if healthy == 0:
        return f"no healthy {unit} ({registered} registered)"
    if not _old_enough(view, lb.created_time):
        return None
    days = view.thresholds.metric_window_days
    values = view.values(_query(lb, days))
    if values is None or total(values) > 0:
        return None
    what = "flows" if isinstance(lb, LoadBalancer) and lb.type == "network" else "requests"
    return f"0 {what} in {days} days"


@check(
    ID,
    title="Load balancers",
    collectors=["elbv2.load_balancers", "elb.load_balancers"],
    threshold="no registered or no healthy targets, or 0 requests (NLB: 0 new flows) over "
    f"{THRESHOLDS.metric_window_days} days",
    rationale="A load balancer is billed every hour it exists. Estimate: 730 h × the region's hourly "
    "price for its type (capacity units are ~0 when idle).",
    actions=["elbv2.delete_load_balancer", "elb.delete_load_balancer"],
    metrics=metrics,
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    for lb in _balancers(view):
        why = _why(view, lb)
        if why is None:
            continue
        created = lb.created_time.isoformat() if lb.created_time else None
        if isinstance(lb, ClassicLoadBalancer):
            finding = make(
                ID,
                view.account,
                view.region,
                lb.name,
                why,
                action="elb.delete_load_balancer",
                facts={"created_time": created},
                age_days=view.age_days(lb.created_time),
                size="Classic",
                name=lb.name,
            )
            kind = "classic"
        else:
            finding = make(
                ID,
                view.account,
                view.region,
                lb.arn,
                why,
                action="elbv2.delete_load_balancer",
                facts={"name": lb.name, "type": lb.type, "created_time": created},
                age_days=view.age_days(lb.created_time),
                size=TYPES[lb.type],
                resource_arn=lb.arn,
                name=lb.name,
            )
            kind = lb.type
        yield Waste(finding, (Charge(PriceKey("lb", view.region, kind), HOURS_PER_MONTH),))
