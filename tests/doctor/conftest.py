"""A real-looking setup for `python -m bot doctor`: moto for AWS (fakes where moto lacks an API), the
local Slack server, a migrated SQLite store; each test breaks one thing."""

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.accounts import parse_accounts
from bot.aws.fakes import FakeAws, FakeError
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.doctor_world import answer_what_moto_lacks
from bot.devtools.harness import BOB, DEMO_ACCOUNT, SIGNING_SECRET
from bot.devtools.slack_server import FakeSlack
from bot.doctor import run_doctor
from bot.settings import Settings
from bot.store import Store

DIGEST = "C0DIGEST01"
TOKEN = "xoxb-0000-doctor-secret"


@dataclass
class Setup:
    aws: object
    slack: FakeSlack
    tmp: Path
    fake: FakeAws = field(default_factory=FakeAws)
    faults: AwsFaults = field(default_factory=AwsFaults)
    settings: dict = field(default_factory=dict)
    accounts: list = field(default_factory=lambda: [dict(DEMO_ACCOUNT)])
    simulation_denies: set = field(default_factory=set)

    def run(self):
        from io import StringIO

        values = {
            "slack_bot_token": TOKEN,
            "slack_signing_secret": SIGNING_SECRET,
            "slack_api_url": self.slack.api_url,
            "database_url": f"sqlite:///{self.tmp / 'store.db'}",
            "accounts_file": Path("/nonexistent/accounts.yaml"),
            "approvers": [BOB],
            "digest_channel": DIGEST,
            **self.settings,
        }
        out = StringIO()
        code = run_doctor(
            out,
            settings=Settings(_env_file=None, **values),
            accounts=parse_accounts(self.accounts),
            base_session=self.aws,
            aws_hooks=[self.fake.attach, self.faults.attach],
        )
        return code, out.getvalue()

    def deny_assume_role(self, message, *, when=lambda params: True):
        """STS answers AccessDenied with this message for the AssumeRole calls `when` picks."""

        @self.fake.on("sts", "AssumeRole")
        def assume_role(params, region):
            if when(params):
                raise FakeError("AccessDenied", message, 403)
            from datetime import UTC, datetime, timedelta

            return {
                "Credentials": {
                    "AccessKeyId": "ASIAFAKEDOCTOR000001",
                    "SecretAccessKey": "fake-secret",
                    "SessionToken": "fake-session-token",
                    "Expiration": datetime.now(UTC) + timedelta(hours=1),
                },
                "AssumedRoleUser": {
                    "AssumedRoleId": "AROAFAKE:" + params["RoleSessionName"],
                    "Arn": params["RoleArn"].replace(":iam::", ":sts::").replace(":role/", ":assumed-role/"),
                },
                "SourceIdentity": params.get("SourceIdentity", ""),
            }


@pytest.fixture
def setup(aws, tmp_path):
    with FakeSlack() as slack:
        store = Store(f"sqlite:///{tmp_path / 'store.db'}")
        store.migrate()
        store.dispose()
        world = Setup(aws=aws, slack=slack, tmp=tmp_path)
        _answer_what_moto_lacks(world)
        yield world


def _answer_what_moto_lacks(world: Setup) -> None:
    answer_what_moto_lacks(
        world.fake, account_id=DEMO_ACCOUNT["account_id"], denied=lambda: world.simulation_denies
    )
