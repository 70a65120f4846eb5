"""The cleanup and containment actions by name, and the facts a finding must carry for each.

Checks name an action in `Finding.action`; the finding's `evidence` is stored as the request's
facts, and the engine re-reads the resource and compares these facts before acting. A test checks
every finding's action is listed here with its facts, and that the engine implements each.
"""

from __future__ import annotations

# action name → facts (keys of Finding.evidence) that must still hold when the action runs
ACTIONS: dict[str, tuple[str, ...]] = {
    # idle and over-provisioned (/aws-idle)
    "ec2.release_address": ("public_ip", "association_id"),  # resource: allocation ID
    "ec2.delete_nat_gateway": ("state", "vpc_id", "subnet_id"),  # resource: NAT gateway ID
    "ec2.delete_volume": ("state", "size_gib", "volume_type"),  # snapshot first, then delete
    "ec2.modify_volume_gp3": ("volume_type", "size_gib"),  # right-size, not a delete
    "ec2.delete_snapshot": ("volume_size_gib", "start_time"),
    "ec2.deregister_image": ("creation_date", "snapshot_ids"),
    "elbv2.delete_load_balancer": ("name", "type", "created_time"),  # resource: ARN
    "elb.delete_load_balancer": ("created_time",),  # classic; resource: name
    "logs.set_retention": ("retention_days", "target_retention_days"),  # resource: log group name
    "ec2.stop_instance": ("state", "launch_time", "instance_type"),
    # containment (/aws-audit, alarms)
    "ec2.terminate_instance": ("launch_time", "instance_type"),  # clears disableApiTermination first
    "iam.deactivate_access_key": ("user_name", "status"),  # resource: access key ID; never deleted
    "sagemaker.delete_app": ("domain_id", "user_profile_name", "app_type", "app_name"),
    "sagemaker.delete_user_profile": ("domain_id", "user_profile_name"),  # deletes its apps first
    "s3.block_public_access": ("bucket",),  # resource: bucket name
    "guardduty.enable_detector": ("detector_id",),  # resource: region; detector_id None when off
}

DESTRUCTIVE = frozenset(
    {
        "ec2.delete_volume",
        "ec2.delete_snapshot",
        "ec2.deregister_image",
        "ec2.terminate_instance",
        "ec2.delete_nat_gateway",
        "elbv2.delete_load_balancer",
        "elb.delete_load_balancer",
        "sagemaker.delete_app",
        "sagemaker.delete_user_profile",
        "ec2.release_address",
        "logs.set_retention",  # events older than the new retention are deleted
        "ec2.stop_instance",  # an outage where it matters most, and instance-store data is lost
    }
)
