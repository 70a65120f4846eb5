"""`/aws-idle`'s checks, one module each; importing this package registers them (one line per check)."""

from bot.checks.idle import (  # noqa: F401
    ami_unused,
    ebs_gp2_to_gp3,
    ebs_volume_idle,
    ec2_low_cpu,
    ec2_stopped,
    eip_unassociated,
    load_balancer_idle,
    log_group_no_retention,
    nat_gateway_idle,
    rds_idle,
    snapshot_orphaned,
)
