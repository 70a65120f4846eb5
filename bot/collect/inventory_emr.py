"""EMR clusters of one region that are up (starting, bootstrapping, running or waiting).

Terminated clusters are not listed: they no longer cost anything, and CloudTrail's RunJobFlow is
where a past one would show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.aws.session import AccountSession

ACTIVE = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]


@dataclass(frozen=True)
class EmrCluster:
    region: str
    cluster_id: str
    name: str
    state: str
    created: datetime | None
    normalized_instance_hours: int = 0


def collect_emr(session: AccountSession, region: str) -> list[EmrCluster]:
    client = session.client("emr", region)
    out: list[EmrCluster] = []
    for page in client.get_paginator("list_clusters").paginate(ClusterStates=ACTIVE):
        for item in page.get("Clusters", []):
            status = item.get("Status", {})
            out.append(
                EmrCluster(
                    region=region,
                    cluster_id=item["Id"],
                    name=item.get("Name", ""),
                    state=status.get("State", "UNKNOWN"),
                    created=status.get("Timeline", {}).get("CreationDateTime"),
                    normalized_instance_hours=int(item.get("NormalizedInstanceHours") or 0),
                )
            )
    return out
