"""The compromise audit's checks: one module each, registered by importing it here (one line each)."""

from bot.checks.audit import (  # noqa: F401  (importing registers)
    admin_user,
    canvas_app,
    cost_spike,
    ecs_cluster_burst,
    fresh_key_used,
    generated_user_name,
    gpu_launch,
    guardduty_crypto,
    guardduty_disabled,
    guardduty_high,
    guardduty_unauthorized,
    launch_burst,
    minting_key,
    new_credentials,
    new_region,
    risky_policy,
    root_account,
    root_console_login,
    root_login_without_mfa,
    s3_account_block,
    s3_public_bucket,
    sagemaker_user_profile,
    stale_access_key,
    termination_protection,
    trail_tampering,
    user_without_mfa,
)
from bot.checks.audit.registry import CHECKS, AuditCheck, CheckResults, check, run_checks

__all__ = ["CHECKS", "AuditCheck", "CheckResults", "check", "run_checks"]
