"""CONTRACT.md, the promises under the accounts file: no root credentials, and `doctor` says so."""

import pytest

from bot.devtools.harness import DEMO_ACCOUNT
from bot.devtools.slack_server import FakeSlack
from bot.store import Store
from tests.doctor.conftest import Setup, _answer_what_moto_lacks


@pytest.fixture
def setup(aws, tmp_path):
    """The doctor's real-looking setup (tests/doctor/conftest.py), shared rather than rebuilt."""
    with FakeSlack() as slack:
        store = Store(f"sqlite:///{tmp_path / 'store.db'}")
        store.migrate()
        store.dispose()
        world = Setup(aws=aws, slack=slack, tmp=tmp_path)
        _answer_what_moto_lacks(world)
        yield world


def test_doctor_fails_with_its_fix_when_the_bot_runs_on_root_credentials(setup):
    root = f"arn:aws:iam::{DEMO_ACCOUNT['account_id']}:root"

    @setup.fake.on("sts", "GetCallerIdentity")
    def caller(params, region):
        return {"UserId": DEMO_ACCOUNT["account_id"], "Account": DEMO_ACCOUNT["account_id"], "Arn": root}

    code, output = setup.run()
    assert code != 0
    line = next(line for line in output.splitlines() if "root user" in line)
    assert line.lstrip().startswith("✗") and root in line
    assert "never give the bot root credentials" in output
