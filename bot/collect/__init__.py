"""Collectors: AWS inventories read once per account × region (see `registry`). One import each below."""

from bot.collect import autoscaling, compute_optimizer, ec2, elb, elbv2, logs, rds  # noqa: F401
