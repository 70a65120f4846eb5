"""RDS database instances of one region."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.aws.session import AccountSession
from bot.collect.ec2 import tags_of
from bot.collect.registry import collector
from bot.times import parse_time


@dataclass(frozen=True, slots=True)
class DbInstance:
    id: str
    region: str
    arn: str
    engine: str  # mysql | postgres | mariadb | aurora-mysql | oracle-ee | sqlserver-se | …
    klass: str  # db.r5.large
    status: str
    multi_az: bool
    create_time: datetime | None
    storage_gib: int
    storage_type: str
    cluster_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@collector("rds.instances", service="rds")
def instances(session: AccountSession, region: str) -> list[DbInstance]:
    client = session.client("rds", region)
    return [
        DbInstance(
            id=raw["DBInstanceIdentifier"],
            region=region,
            arn=raw.get("DBInstanceArn", ""),
            engine=raw.get("Engine", ""),
            klass=raw.get("DBInstanceClass", ""),
            status=raw.get("DBInstanceStatus", ""),
            multi_az=bool(raw.get("MultiAZ")),
            create_time=parse_time(raw.get("InstanceCreateTime")),
            storage_gib=int(raw.get("AllocatedStorage") or 0),
            storage_type=raw.get("StorageType", ""),
            cluster_id=raw.get("DBClusterIdentifier"),
            tags=tags_of(raw.get("TagList")),
        )
        for page in client.get_paginator("describe_db_instances").paginate()
        for raw in page["DBInstances"]
    ]
