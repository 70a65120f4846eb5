"""Every threshold of `/aws-idle`, in one place (the README's table is written from these).

Change a default here and both the checks and the words they show follow. Tests pass their own
`Thresholds(...)` to probe both sides of each line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Thresholds:
    # CloudWatch window for NAT gateways, load balancers, RDS and EC2 CPU; a resource younger than
    # the window is not judged on it (its quiet days might all be before it had any work).
    metric_window_days: int = 14
    # EBS volumes attached only to instances stopped at least this long count as idle.
    volume_stopped_instance_days: int = 7
    # Stopped EC2 instances (their EBS still billed) count once stopped at least this long.
    instance_stopped_days: int = 30
    # Running instances whose average CPU over the window is at most this are right-size candidates.
    cpu_average_percent: Decimal = Decimal(5)
    # Snapshots older than this that back no registered AMI.
    snapshot_age_days: int = 90
    # AMIs older than this used by no instance, launch template or launch configuration.
    image_age_days: int = 120
    # gp2 → gp3 is shown when it saves at least this much a month (below, it is noise).
    gp3_min_monthly_saving: Decimal = Decimal("1.00")
    # Log groups that never expire and store at least this many bytes.
    log_group_min_stored_bytes: int = 1024**2
    # The retention the cleanup action proposes for such log groups.
    log_group_target_retention_days: int = 90


THRESHOLDS = Thresholds()
