"""Application and Network Load Balancers of one region, each with its target groups' health.

Target health costs one call per target group; it is read here, in the same leaf task, because a
load balancer without a healthy target is the clearest sign it serves nobody.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.aws.session import AccountSession
from bot.collect.registry import collector
from bot.times import parse_time

HEALTHY = {"healthy", "unavailable"}  # "unavailable": health checks are off (e.g. Lambda); assume it serves


@dataclass(frozen=True, slots=True)
class TargetGroup:
    arn: str
    name: str
    registered: int
    healthy: int


@dataclass(frozen=True, slots=True)
class LoadBalancer:
    arn: str
    region: str
    name: str
    type: str  # application | network | gateway
    state: str
    created_time: datetime | None
    scheme: str
    target_groups: tuple[TargetGroup, ...] = ()
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def registered(self) -> int:
        return sum(t.registered for t in self.target_groups)

    @property
    def healthy(self) -> int:
        return sum(t.healthy for t in self.target_groups)

    @property
    def dimension(self) -> str:
        """The CloudWatch `LoadBalancer` dimension: "app/name/id" from the ARN."""
        return self.arn.split(":loadbalancer/", 1)[-1]


@collector("elbv2.load_balancers", service="elbv2")
def load_balancers(session: AccountSession, region: str) -> list[LoadBalancer]:
    client = session.client("elbv2", region)
    groups: dict[str, list[TargetGroup]] = {}
    for page in client.get_paginator("describe_target_groups").paginate():
        for raw in page["TargetGroups"]:
            if not raw.get("LoadBalancerArns"):
                continue  # not attached: costs nothing, says nothing about a load balancer
            states = [
                t.get("TargetHealth", {}).get("State", "")
                for t in client.describe_target_health(TargetGroupArn=raw["TargetGroupArn"]).get(
                    "TargetHealthDescriptions", []
                )
            ]
            group = TargetGroup(
                arn=raw["TargetGroupArn"],
                name=raw.get("TargetGroupName", ""),
                registered=len(states),
                healthy=sum(1 for s in states if s in HEALTHY),
            )
            for lb_arn in raw["LoadBalancerArns"]:
                groups.setdefault(lb_arn, []).append(group)
    found: list[LoadBalancer] = []
    for page in client.get_paginator("describe_load_balancers").paginate():
        for raw in page["LoadBalancers"]:
            arn = raw["LoadBalancerArn"]
            found.append(
                LoadBalancer(
                    arn=arn,
                    region=region,
                    name=raw.get("LoadBalancerName", ""),
                    type=raw.get("Type", "application"),
                    state=raw.get("State", {}).get("Code", ""),
                    created_time=parse_time(raw.get("CreatedTime")),
                    scheme=raw.get("Scheme", ""),
                    target_groups=tuple(groups.get(arn, ())),
                )
            )
    return found
