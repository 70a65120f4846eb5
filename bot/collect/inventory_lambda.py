"""Lambda functions of one region: a miner's dropper or a persistence hook shows up here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.aws.session import AccountSession
from bot.times import read_time


@dataclass(frozen=True)
class LambdaFunction:
    region: str
    name: str
    runtime: str | None
    memory_mb: int
    last_modified: datetime | None
    role: str | None = None
    architectures: tuple[str, ...] = ()


def collect_lambdas(session: AccountSession, region: str) -> list[LambdaFunction]:
    client = session.client("lambda", region)
    out: list[LambdaFunction] = []
    for page in client.get_paginator("list_functions").paginate():
        for item in page.get("Functions", []):
            out.append(
                LambdaFunction(
                    region=region,
                    name=item["FunctionName"],
                    runtime=item.get("Runtime"),
                    memory_mb=int(item.get("MemorySize") or 0),
                    last_modified=read_time(item.get("LastModified")),  # 2024-05-02T03:12:45.123+0000
                    role=item.get("Role"),
                    architectures=tuple(item.get("Architectures") or ()),
                )
            )
    return out
