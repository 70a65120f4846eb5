"""ECS clusters of one region, with their services and running tasks (Fargate or EC2).

A takeover shows as dozens of clusters or hundreds of Fargate tasks. Clusters are described in
batches of 100; each cluster's services are listed (one call when it has none), and its tasks only
when it runs some or has services, so 60 empty clusters cost about 62 calls, not 180.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.aws.session import AccountSession


@dataclass(frozen=True)
class EcsService:
    name: str
    launch_type: str  # FARGATE, EC2, EXTERNAL, or "capacity provider"
    desired: int
    running: int
    created: datetime | None = None


@dataclass(frozen=True)
class EcsTask:
    task_arn: str
    launch_type: str
    task_definition: str  # family:revision
    started: datetime | None
    cpu: str | None = None
    memory: str | None = None


@dataclass(frozen=True)
class EcsCluster:
    region: str
    arn: str
    name: str
    status: str
    running_tasks: int
    pending_tasks: int
    active_services: int
    container_instances: int
    services: tuple[EcsService, ...] = ()
    tasks: tuple[EcsTask, ...] = field(default=())

    @property
    def tasks_by_launch_type(self) -> Counter[str]:
        return Counter(t.launch_type for t in self.tasks)

    @property
    def fargate_tasks(self) -> int:
        return self.tasks_by_launch_type.get("FARGATE", 0)


def collect_ecs(session: AccountSession, region: str) -> list[EcsCluster]:
    client = session.client("ecs", region)
    arns = [arn for page in client.get_paginator("list_clusters").paginate() for arn in page["clusterArns"]]
    clusters: list[EcsCluster] = []
    for i in range(0, len(arns), 100):
        for item in client.describe_clusters(clusters=arns[i : i + 100]).get("clusters", []):
            services = _services(client, item["clusterArn"])
            busy = item.get("runningTasksCount") or item.get("pendingTasksCount") or services
            tasks = _tasks(client, item["clusterArn"]) if busy else ()
            clusters.append(
                EcsCluster(
                    region=region,
                    arn=item["clusterArn"],
                    name=item.get("clusterName", item["clusterArn"].rsplit("/", 1)[-1]),
                    status=item.get("status", "UNKNOWN"),
                    running_tasks=item.get("runningTasksCount", 0),
                    pending_tasks=item.get("pendingTasksCount", 0),
                    active_services=item.get("activeServicesCount", 0),
                    container_instances=item.get("registeredContainerInstancesCount", 0),
                    services=services,
                    tasks=tasks,
                )
            )
    return clusters


def _services(client: Any, cluster: str) -> tuple[EcsService, ...]:
    arns = [
        arn
        for page in client.get_paginator("list_services").paginate(cluster=cluster)
        for arn in page["serviceArns"]
    ]
    out: list[EcsService] = []
    for i in range(0, len(arns), 10):
        answer = client.describe_services(cluster=cluster, services=arns[i : i + 10])
        for item in answer.get("services", []):
            out.append(
                EcsService(
                    name=item["serviceName"],
                    launch_type=_launch_type(item),
                    desired=item.get("desiredCount", 0),
                    running=item.get("runningCount", 0),
                    created=item.get("createdAt"),
                )
            )
    return tuple(out)


def _tasks(client: Any, cluster: str) -> tuple[EcsTask, ...]:
    arns = [
        arn
        for page in client.get_paginator("list_tasks").paginate(cluster=cluster, desiredStatus="RUNNING")
        for arn in page["taskArns"]
    ]
    out: list[EcsTask] = []
    for i in range(0, len(arns), 100):
        for item in client.describe_tasks(cluster=cluster, tasks=arns[i : i + 100]).get("tasks", []):
            out.append(
                EcsTask(
                    task_arn=item["taskArn"],
                    launch_type=_launch_type(item),
                    task_definition=item.get("taskDefinitionArn", "").rsplit("/", 1)[-1],
                    started=item.get("startedAt") or item.get("createdAt"),
                    cpu=item.get("cpu"),
                    memory=item.get("memory"),
                )
            )
    return tuple(out)


def _launch_type(item: dict[str, Any]) -> str:
    if item.get("launchType"):
        return str(item["launchType"])
    strategy = item.get("capacityProviderStrategy") or []
    if strategy:
        return "FARGATE" if any("FARGATE" in s.get("capacityProvider", "") for s in strategy) else "EC2"
    return str(item.get("capacityProviderName") or "EC2")
