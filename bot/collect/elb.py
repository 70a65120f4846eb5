"""Classic Load Balancers of one region, each with how many of its instances are in service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.aws.session import AccountSession
from bot.collect.registry import collector
from bot.times import parse_time


@dataclass(frozen=True, slots=True)
class ClassicLoadBalancer:
    name: str
    region: str
    created_time: datetime | None
    scheme: str
    instance_ids: tuple[str, ...]
    in_service: int


@collector("elb.load_balancers", service="elb")
def load_balancers(session: AccountSession, region: str) -> list[ClassicLoadBalancer]:
    client = session.client("elb", region)
    found: list[ClassicLoadBalancer] = []
    for page in client.get_paginator("describe_load_balancers").paginate():
        for raw in page["LoadBalancerDescriptions"]:
            name = raw["LoadBalancerName"]
            instance_ids = tuple(i["InstanceId"] for i in raw.get("Instances", []))
            in_service = 0
            if instance_ids:
                health = client.describe_instance_health(LoadBalancerName=name).get("InstanceStates", [])
                in_service = sum(1 for h in health if h.get("State") == "InService")
            found.append(
                ClassicLoadBalancer(
                    name=name,
                    region=region,
                    created_time=parse_time(raw.get("CreatedTime")),
                    scheme=raw.get("Scheme", ""),
                    instance_ids=instance_ids,
                    in_service=in_service,
                )
            )
    return found
