"""`python -m bot doctor` over 10 accounts with 50 ms per AWS call: the fan-out against one worker."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

import boto3
from moto import mock_aws

from bench.common import LATENCY, Report, bench_account
from bot.accounts import parse_accounts
from bot.aws.fakes import FakeAws
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.doctor_world import answer_what_moto_lacks
from bot.devtools.harness import BOB
from bot.devtools.slack_server import FakeSlack
from bot.doctor import run_doctor
from bot.settings import Settings
from bot.store import Store

ACCOUNTS = 10


def _run(workers: int, slack: FakeSlack, db: str, hooks: list, session: boto3.Session) -> tuple[float, int]:
    accounts = parse_accounts(
        [
            {**bench_account(["us-east-1", "eu-west-1"]), "name": f"acct{n}", "default": False}
            for n in range(ACCOUNTS)
        ]
    )
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token="xoxb-bench",
        slack_signing_secret="bench-secret",
        slack_api_url=slack.api_url,
        database_url=db,
        approvers=[BOB],
        aws_workers=workers,
        accounts_file=Path("/nonexistent"),
    )
    started = time.perf_counter()
    code = run_doctor(
        io.StringIO(), settings=settings, accounts=accounts, base_session=session, aws_hooks=hooks
    )
    return time.perf_counter() - started, code


def run(report: Report) -> None:
    with mock_aws(), FakeSlack() as slack, tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        Store(db).migrate()
        fake = answer_what_moto_lacks(FakeAws(), account_id="123456789012")
        slow, quick = AwsFaults(latency=LATENCY), AwsFaults()
        session = boto3.Session(region_name="us-east-1")
        _run(32, slack, db, [fake.attach, quick.attach], session)  # warm moto's backends and botocore
        no_latency, _ = _run(32, slack, db, [fake.attach, quick.attach], session)
        wall, code = _run(32, slack, db, [fake.attach, slow.attach], session)
        calls = slow.total_calls
        sequential, _ = _run(1, slack, db, [fake.attach, slow.attach], session)
    report.add(
        f"doctor, {ACCOUNTS} accounts ({calls} AWS calls): wall vs one worker",
        f"{sequential / wall:.1f}× ({wall:.2f}s vs {sequential:.2f}s), exit {code}",
        "≥ 2×",
        sequential / wall >= 2 and code == 0,
    )
    report.add(
        "doctor: 50 ms per call vs no latency (32 workers)",
        f"{wall / no_latency:.2f}× ({wall:.2f}s vs {no_latency:.2f}s: new clients' CPU, under the GIL, "
        "bounds it)",
        "≤ 1.5×",
        wall / no_latency <= 1.5,
    )
