"""CloudWatch Logs groups of one region, with retention and the bytes they store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.aws.session import AccountSession
from bot.collect.registry import collector


@dataclass(frozen=True, slots=True)
class LogGroup:
    name: str
    region: str
    arn: str
    retention_days: int | None  # None: never expire
    stored_bytes: int
    created: datetime | None
    log_class: str = "STANDARD"


@collector("logs.log_groups", service="logs")
def log_groups(session: AccountSession, region: str) -> list[LogGroup]:
    client = session.client("logs", region)
    found: list[LogGroup] = []
    for page in client.get_paginator("describe_log_groups").paginate():
        for raw in page["logGroups"]:
            created = raw.get("creationTime")
            found.append(
                LogGroup(
                    name=raw["logGroupName"],
                    region=region,
                    arn=raw.get("logGroupArn") or raw.get("arn", "").removesuffix(":*"),
                    retention_days=raw.get("retentionInDays"),
                    stored_bytes=int(raw.get("storedBytes") or 0),
                    created=datetime.fromtimestamp(created / 1000, UTC) if created else None,
                    log_class=raw.get("logGroupClass", "STANDARD"),
                )
            )
    return found
