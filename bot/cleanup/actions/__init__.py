"""Every cleanup and containment action, one module each. Adding one: a module and a line below."""

from bot.cleanup.actions import (  # noqa: F401
    ec2_delete_nat_gateway,
    ec2_delete_snapshot,
    ec2_delete_volume,
    ec2_deregister_image,
    ec2_modify_volume_gp3,
    ec2_release_address,
    ec2_stop_instance,
    ec2_terminate_instance,
    elb_delete_load_balancer,
    elbv2_delete_load_balancer,
    guardduty_enable_detector,
    iam_deactivate_access_key,
    logs_set_retention,
    s3_block_public_access,
    sagemaker_delete_app,
    sagemaker_delete_user_profile,
)
