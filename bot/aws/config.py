"""One botocore configuration for every client the bot makes."""

from __future__ import annotations

import os

from botocore.config import Config

from bot import __version__

# Services whose API lives in one region whatever the account's regions are.
GLOBAL_SERVICE_REGION = {
    "iam": "us-east-1",
    "sts": "us-east-1",
    "ce": "us-east-1",
    "budgets": "us-east-1",
    "organizations": "us-east-1",
    "pricing": "us-east-1",
    "account": "us-east-1",
    "invoicing": "us-east-1",
    "bcm-recommended-actions": "us-east-1",
    "s3control": "us-east-1",
    "savingsplans": "us-east-1",
    "cur": "us-east-1",
}
DEFAULT_REGION = "us-east-1"


def client_config() -> Config:
    """Adaptive retries with enough attempts that 10% throttling loses nothing.

    With 10 attempts, a call fails only if ten tries in a row are throttled (1e-10 at 10%).
    AWS_RETRY_MODE and AWS_MAX_ATTEMPTS, boto3's own variables, still win when set.
    """
    return Config(
        retries={
            "mode": os.environ.get("AWS_RETRY_MODE", "adaptive"),  # type: ignore[typeddict-item]
            "total_max_attempts": int(os.environ.get("AWS_MAX_ATTEMPTS", "10")),
        },
        user_agent_extra=f"aws-chatops-bot/{__version__}",
        connect_timeout=10,
        read_timeout=60,
        max_pool_connections=16,
    )
