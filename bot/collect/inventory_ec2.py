"""EC2 instances of one region, and (only where asked) their termination protection.

`disableApiTermination` is not in DescribeInstances: it costs one DescribeInstanceAttribute call per
instance, which at 999 instances is 999 calls. The audit therefore asks only for instances it
cannot answer otherwise: CloudTrail's RunInstances and ModifyInstanceAttribute events already say
whether protection was set on anything launched in the last 90 days, so lookups are limited to
recent launches CloudTrail did not explain, newest first, within a per-region budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from botocore.exceptions import ClientError

from bot.aws.session import AccountSession
from bot.collect import ec2

# Accelerated families: NVIDIA/AMD GPUs (p, g, gr), Inferentia, Trainium, Gaudi (dl), FPGA (f), video (vt).
GPU_FAMILY = re.compile(r"^(p\d|g\d|gr\d|inf\d|trn\d|dl\d|f\d|vt\d)")


@dataclass(frozen=True)
class Instance:
    region: str
    instance_id: str
    instance_type: str
    state: str
    launch_time: datetime  # the last start, not the first launch (a stop/start resets it)
    name: str | None = None
    key_name: str | None = None
    image_id: str | None = None
    lifecycle: str = "on-demand"  # or "spot", "scheduled", "capacity-block"
    instance_profile: str | None = None
    protected: bool | None = None  # disableApiTermination; None until looked up or known from CloudTrail

    @property
    def family(self) -> str:
        return self.instance_type.split(".", 1)[0]

    @property
    def gpu(self) -> bool:
        return is_gpu(self.instance_type)

    @property
    def live(self) -> bool:
        return self.state not in ("terminated", "shutting-down")

    def with_protection(self, protected: bool | None) -> Instance:
        return replace(self, protected=protected)


def is_gpu(instance_type: str) -> bool:
    return bool(GPU_FAMILY.match(instance_type))


def collect_instances(session: AccountSession, region: str) -> list[Instance]:
    """Every instance in the region (terminated ones linger for about an hour; kept, marked)."""
    return [_audited(record) for record in ec2.all_instances(session, region)]


def _audited(record: ec2.Instance) -> Instance:
    """The audit's view of an EC2 instance record."""
    if record.launch_time is None:
        raise ValueError(f"DescribeInstances gave {record.id} no LaunchTime")
    profile = record.iam_profile_arn
    return Instance(
        region=record.region,
        instance_id=record.id,
        instance_type=record.type,
        state=record.state or "unknown",
        launch_time=record.launch_time,
        name=record.tags.get("Name"),
        key_name=record.key_name,
        image_id=record.image_id,
        lifecycle=record.lifecycle,
        instance_profile=profile.rsplit("/", 1)[-1] if profile else None,
    )


def termination_protection(
    session: AccountSession, region: str, instance_ids: Iterable[str]
) -> dict[str, bool]:
    """disableApiTermination for each instance: one call each, so callers keep the list short."""
    client = session.client("ec2", region)
    answer: dict[str, bool] = {}
    for instance_id in instance_ids:
        try:
            attribute = client.describe_instance_attribute(
                InstanceId=instance_id, Attribute="disableApiTermination"
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "InvalidInstanceID.NotFound":
                continue  # terminated since the inventory was read
            raise
        answer[instance_id] = bool(attribute.get("DisableApiTermination", {}).get("Value"))
    return answer
