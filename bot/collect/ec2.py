"""EC2 inventory of one region: instances, volumes, snapshots, images, addresses, NAT gateways,
launch templates. Each listing is paginated once and kept as small typed records, so a region with
thousands of snapshots holds a few hundred bytes per snapshot, not the API's full answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.aws.session import AccountSession
from bot.collect.registry import collector
from bot.times import parse_time

_STOPPED_AT = re.compile(r"\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)")


def tags_of(items: Iterable[Mapping[str, str]] | None) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in items or ()}


def stopped_at(reason: str | None) -> datetime | None:
    """When a stopped instance stopped, from "User initiated (2024-01-31 10:00:00 GMT)"; None if unsaid."""
    match = _STOPPED_AT.search(reason or "")
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Instance:
    id: str
    region: str
    arn: str
    type: str
    state: str  # pending | running | stopping | stopped | shutting-down | terminated
    launch_time: datetime | None
    stopped_at: datetime | None  # only for stopped instances whose reason carries the time
    image_id: str | None
    platform: str  # "Linux/UNIX", "Windows", … (PlatformDetails)
    lifecycle: str  # on-demand | spot | scheduled | capacity-block
    volume_ids: tuple[str, ...]
    vpc_id: str | None = None
    subnet_id: str | None = None
    public_ip: str | None = None
    key_name: str | None = None
    iam_profile_arn: str | None = None
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        return self.tags.get("Name", "")


@collector("ec2.instances", service="ec2")
def instances(session: AccountSession, region: str) -> list[Instance]:
    """The region's instances, less the terminated ones (which linger for about an hour)."""
    return all_instances(session, region, terminated=False)


def all_instances(session: AccountSession, region: str, *, terminated: bool = True) -> list[Instance]:
    """Every instance DescribeInstances lists in the region: the one parser of its records."""
    client = session.client("ec2", region)
    found: list[Instance] = []
    for page in client.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 1000}):
        for reservation in page.get("Reservations", []):
            owner = reservation.get("OwnerId") or session.account.account_id
            for raw in reservation.get("Instances", []):
                state = raw.get("State", {}).get("Name", "")
                if state == "terminated" and not terminated:
                    continue
                found.append(
                    Instance(
                        id=raw["InstanceId"],
                        region=region,
                        arn=f"arn:aws:ec2:{region}:{owner}:instance/{raw['InstanceId']}",
                        type=raw.get("InstanceType", ""),
                        state=state,
                        launch_time=parse_time(raw.get("LaunchTime")),
                        stopped_at=stopped_at(raw.get("StateTransitionReason"))
                        if state == "stopped"
                        else None,
                        image_id=raw.get("ImageId"),
                        platform=raw.get("PlatformDetails")
                        or ("Windows" if raw.get("Platform") else "Linux/UNIX"),
                        lifecycle=raw.get("InstanceLifecycle", "on-demand"),
                        volume_ids=tuple(
                            m["Ebs"]["VolumeId"] for m in raw.get("BlockDeviceMappings", []) if "Ebs" in m
                        ),
                        vpc_id=raw.get("VpcId"),
                        subnet_id=raw.get("SubnetId"),
                        public_ip=raw.get("PublicIpAddress"),
                        key_name=raw.get("KeyName"),
                        iam_profile_arn=raw.get("IamInstanceProfile", {}).get("Arn"),
                        tags=tags_of(raw.get("Tags")),
                    )
                )
    return found


@dataclass(frozen=True, slots=True)
class Attachment:
    instance_id: str
    device: str
    delete_on_termination: bool


@dataclass(frozen=True, slots=True)
class Volume:
    id: str
    region: str
    type: str  # gp2 | gp3 | io1 | io2 | st1 | sc1 | standard
    size_gib: int
    state: str  # creating | available | in-use | deleting | deleted | error
    create_time: datetime | None
    attachments: tuple[Attachment, ...]
    iops: int | None = None
    throughput: int | None = None
    snapshot_id: str | None = None
    encrypted: bool = False
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@collector("ec2.volumes", service="ec2")
def volumes(session: AccountSession, region: str) -> list[Volume]:
    client = session.client("ec2", region)
    found: list[Volume] = []
    for page in client.get_paginator("describe_volumes").paginate(PaginationConfig={"PageSize": 500}):
        for raw in page["Volumes"]:
            found.append(
                Volume(
                    id=raw["VolumeId"],
                    region=region,
                    type=raw.get("VolumeType", "standard"),
                    size_gib=int(raw.get("Size", 0)),
                    state=raw.get("State", ""),
                    create_time=parse_time(raw.get("CreateTime")),
                    attachments=tuple(
                        Attachment(a["InstanceId"], a.get("Device", ""), bool(a.get("DeleteOnTermination")))
                        for a in raw.get("Attachments", [])
                        if a.get("State") in (None, "attaching", "attached")
                    ),
                    iops=raw.get("Iops"),
                    throughput=raw.get("Throughput"),
                    snapshot_id=raw.get("SnapshotId") or None,
                    encrypted=bool(raw.get("Encrypted")),
                    tags=tags_of(raw.get("Tags")),
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class Snapshot:
    id: str
    region: str
    volume_id: str | None  # None for copies, whose VolumeId is the placeholder vol-ffffffff
    volume_size_gib: int
    start_time: datetime | None
    state: str
    description: str
    storage_tier: str  # standard | archive
    full_size_bytes: int | None
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@collector("ec2.snapshots", service="ec2")
def snapshots(session: AccountSession, region: str) -> list[Snapshot]:
    """The account's own snapshots (OwnerIds=self): public and shared ones cost this account nothing."""
    client = session.client("ec2", region)
    found: list[Snapshot] = []
    pages = client.get_paginator("describe_snapshots").paginate(
        OwnerIds=["self"], PaginationConfig={"PageSize": 1000}
    )
    for page in pages:
        for raw in page["Snapshots"]:
            volume_id = raw.get("VolumeId")
            found.append(
                Snapshot(
                    id=raw["SnapshotId"],
                    region=region,
                    volume_id=None if volume_id in (None, "", "vol-ffffffff") else volume_id,
                    volume_size_gib=int(raw.get("VolumeSize", 0)),
                    start_time=parse_time(raw.get("StartTime")),
                    state=raw.get("State", ""),
                    description=raw.get("Description", ""),
                    storage_tier=raw.get("StorageTier", "standard"),
                    full_size_bytes=raw.get("FullSnapshotSizeInBytes"),
                    tags=tags_of(raw.get("Tags")),
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class Image:
    id: str
    region: str
    name: str
    state: str
    creation_date: datetime | None
    snapshot_ids: tuple[str, ...]
    snapshot_gib: int  # sum of the EBS mappings' sizes: what its snapshots hold at most
    last_launched: datetime | None
    public: bool = False
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@collector("ec2.images", service="ec2")
def images(session: AccountSession, region: str) -> list[Image]:
    client = session.client("ec2", region)
    found: list[Image] = []
    pages = client.get_paginator("describe_images").paginate(
        Owners=["self"], IncludeDeprecated=True, PaginationConfig={"PageSize": 1000}
    )
    for page in pages:
        for raw in page["Images"]:
            ebs = [m["Ebs"] for m in raw.get("BlockDeviceMappings", []) if "Ebs" in m]
            found.append(
                Image(
                    id=raw["ImageId"],
                    region=region,
                    name=raw.get("Name", ""),
                    state=raw.get("State", ""),
                    creation_date=parse_time(raw.get("CreationDate")),
                    snapshot_ids=tuple(e["SnapshotId"] for e in ebs if e.get("SnapshotId")),
                    snapshot_gib=sum(int(e.get("VolumeSize") or 0) for e in ebs),
                    last_launched=parse_time(raw.get("LastLaunchedTime")),
                    public=bool(raw.get("Public")),
                    tags=tags_of(raw.get("Tags")),
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class Address:
    allocation_id: str
    region: str
    public_ip: str
    association_id: str | None
    instance_id: str | None
    network_interface_id: str | None
    domain: str
    service_managed: str | None = None  # e.g. "alb", "nlb": AWS manages it, the account cannot release it
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@collector("ec2.addresses", service="ec2")
def addresses(session: AccountSession, region: str) -> list[Address]:
    answer = session.client("ec2", region).describe_addresses()  # not paginated: at most a few hundred
    return [
        Address(
            allocation_id=raw.get("AllocationId") or raw["PublicIp"],
            region=region,
            public_ip=raw.get("PublicIp", ""),
            association_id=raw.get("AssociationId"),
            instance_id=raw.get("InstanceId") or None,
            network_interface_id=raw.get("NetworkInterfaceId"),
            domain=raw.get("Domain", "vpc"),
            service_managed=raw.get("ServiceManaged"),
            tags=tags_of(raw.get("Tags")),
        )
        for raw in answer.get("Addresses", [])
    ]


@dataclass(frozen=True, slots=True)
class NatGateway:
    id: str
    region: str
    state: str  # pending | failed | available | deleting | deleted
    create_time: datetime | None
    vpc_id: str
    subnet_id: str
    connectivity: str  # public | private
    public_ips: tuple[str, ...] = ()
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@collector("ec2.nat_gateways", service="ec2")
def nat_gateways(session: AccountSession, region: str) -> list[NatGateway]:
    client = session.client("ec2", region)
    found: list[NatGateway] = []
    for page in client.get_paginator("describe_nat_gateways").paginate(PaginationConfig={"PageSize": 1000}):
        for raw in page["NatGateways"]:
            if raw.get("State") in ("deleted", "deleting", "failed"):
                continue
            found.append(
                NatGateway(
                    id=raw["NatGatewayId"],
                    region=region,
                    state=raw.get("State", ""),
                    create_time=parse_time(raw.get("CreateTime")),
                    vpc_id=raw.get("VpcId", ""),
                    subnet_id=raw.get("SubnetId", ""),
                    connectivity=raw.get("ConnectivityType", "public"),
                    public_ips=tuple(
                        a["PublicIp"] for a in raw.get("NatGatewayAddresses", []) if a.get("PublicIp")
                    ),
                    tags=tags_of(raw.get("Tags")),
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class LaunchTemplate:
    id: str
    region: str
    name: str
    image_ids: tuple[str, ...]  # every version's AMI: an Auto Scaling group may pin an old version


@collector("ec2.launch_templates", service="ec2")
def launch_templates(session: AccountSession, region: str) -> list[LaunchTemplate]:
    client = session.client("ec2", region)
    versions = client.get_paginator("describe_launch_template_versions")
    found: list[LaunchTemplate] = []
    for page in client.get_paginator("describe_launch_templates").paginate(
        PaginationConfig={"PageSize": 200}
    ):
        for raw in page["LaunchTemplates"]:
            images: set[str] = set()
            for vpage in versions.paginate(LaunchTemplateId=raw["LaunchTemplateId"]):
                for version in vpage["LaunchTemplateVersions"]:
                    image = version.get("LaunchTemplateData", {}).get("ImageId")
                    if image:
                        images.add(image)
            found.append(
                LaunchTemplate(
                    id=raw["LaunchTemplateId"],
                    region=region,
                    name=raw.get("LaunchTemplateName", ""),
                    image_ids=tuple(sorted(images)),
                )
            )
    return found


def by_id(records: Iterable[Any], attr: str = "id") -> dict[str, Any]:
    return {getattr(r, attr): r for r in records}
