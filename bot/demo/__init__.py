"""`python -m bot demo`: every command against a built-in demo account, shown in the terminal.

No Slack token, no AWS account, no network: moto plays the account (seeded with the mission's
scenarios), fakes answer what moto lacks behind the same boto3 clients, a local fake Slack records
what the bot posts, and each command goes through the real HTTP path, signed as Slack signs it.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO


def run_demo(out: TextIO | None = None) -> int:
    out = out or sys.stdout
    os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    for key, value in {
        "AWS_ACCESS_KEY_ID": "demo",
        "AWS_SECRET_ACCESS_KEY": "demo",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        os.environ[key] = value
    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.pop("AWS_PROFILE", None)
    try:
        from moto import mock_aws
    except ImportError:
        print("The demo needs moto: pip install -e '.[demo]' (make demo does this).", file=out)
        return 2
    from bot.demo.world import DemoWorld

    with mock_aws(), DemoWorld(out) as world:
        return world.run()
