"""Auto Scaling launch configurations: the AMIs they would launch (an AMI in use even with no instance)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.aws.session import AccountSession
from bot.collect.registry import collector


@dataclass(frozen=True, slots=True)
class LaunchConfiguration:
    name: str
    region: str
    image_id: str


@collector("autoscaling.launch_configurations", service="autoscaling")
def launch_configurations(session: AccountSession, region: str) -> list[LaunchConfiguration]:
    client = session.client("autoscaling", region)
    return [
        LaunchConfiguration(
            name=raw["LaunchConfigurationName"], region=region, image_id=raw.get("ImageId", "")
        )
        for page in client.get_paginator("describe_launch_configurations").paginate()
        for raw in page["LaunchConfigurations"]
    ]
