import subprocess
import sys
from decimal import Decimal

import pytest

from bot.accounts import load_accounts
from bot.errors import ConfigError, UserError
from bot.settings import Settings, load_settings

GOOD = """
- name: minkabu
  account_id: "851535961059"
  audit_role_arn: arn:aws:iam::851535961059:role/ChatOpsAudit
  external_id: 3f9c2e-abcdef
  cleanup_role_arn: arn:aws:iam::851535961059:role/ChatOpsCleanup
  regions: [us-east-1, ap-northeast-2]
  default: true
- name: sandbox
  account_id: 012345678901
  audit_role_arn: arn:aws:iam::012345678901:role/ChatOpsAudit
  external_id: other-external-id
"""


def test_accounts_file_is_read_with_defaults(tmp_path):
    path = tmp_path / "accounts.yaml"
    path.write_text(GOOD)
    accounts = load_accounts(path)
    assert accounts.names == ["minkabu", "sandbox"]
    assert accounts.default.name == "minkabu"
    assert accounts.resolve(None).name == "minkabu"
    assert accounts.resolve("851535961059").name == "minkabu"
    # an unquoted ID with a leading zero is read as an int by YAML; the zero comes back
    assert accounts.resolve("sandbox").account_id == "012345678901"
    assert accounts.resolve("sandbox").regions is None


def test_unknown_account_names_the_valid_ones(tmp_path):
    path = tmp_path / "accounts.yaml"
    path.write_text(GOOD)
    with pytest.raises(UserError, match=r"Unknown account `prod`.*`minkabu`, `sandbox`"):
        load_accounts(path).resolve("prod")


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (("  external_id: 3f9c2e-abcdef\n", ""), "entry 1 (minkabu): external_id: field required"),
        (('account_id: "851535961059"', 'account_id: "85153596"'), "account_id: must be the 12-digit"),
        (("role/ChatOpsAudit\n  external", "root\n  external"), "audit_role_arn: not an IAM role ARN"),
        (
            ("iam::851535961059:role/ChatOpsCleanup", "iam::999999999999:role/ChatOpsCleanup"),
            "cleanup_role_arn: role is in account 999999999999",
        ),
        (("regions: [us-east-1, ap-northeast-2]", "regions: [mars-1]"), "regions: not region names: mars-1"),
        (
            ("  default: true\n", "  default: true\n  colour: blue\n"),
            "colour: Extra inputs are not permitted",
        ),
        (("name: sandbox", "name: minkabu"), "duplicate name minkabu"),
        (("- name: minkabu", "- name: [minkabu"), "not valid YAML"),
    ],
)
def test_bad_accounts_file_is_one_clear_line(tmp_path, mutation, expected):
    path = tmp_path / "accounts.yaml"
    path.write_text(GOOD.replace(*mutation, 1))
    with pytest.raises(ConfigError) as info:
        load_accounts(path)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_settings_parse_lists_and_rates():
    settings = Settings(
        _env_file=None,
        approvers="U01ABC, S02GROUP",
        fx_rates="KRW=1380,IDR=16300",
        digest_timezone="Asia/Seoul",
    )
    assert settings.approvers == ["U01ABC", "S02GROUP"]
    assert settings.effective_payers == ["U01ABC", "S02GROUP"]
    assert settings.fx_rates == {"KRW": Decimal("1380"), "IDR": Decimal("16300")}
    assert settings.cleanup_mode == "dry-run"
    assert settings.effective_alert_channel is None


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({"CLEANUP_MODE": "yolo"}, "CLEANUP_MODE"),
        ({"DIGEST_TIMEZONE": "Mars/Olympus"}, "DIGEST_TIMEZONE"),
        ({"DIGEST_CRON": "every day"}, "DIGEST_CRON"),
        ({"APPROVERS": "alice"}, "APPROVERS"),
        ({"FX_RATES": "KRW:1380"}, "FX_RATES"),
        ({"PORT": "http"}, "PORT"),
    ],
)
def test_bad_setting_names_the_variable(monkeypatch, env, field):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    assert str(info.value).startswith(field + ":")


def _run_bot(tmp_path, env, *args):
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_token_stops_start_up_with_one_line(tmp_path):
    result = _run_bot(tmp_path, {"PYTHONPATH": str(__import__("pathlib").Path.cwd())})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "configuration error: SLACK_BOT_TOKEN is required to serve Slack (the bot token, xoxb-…)"
    )


def test_bad_accounts_file_stops_start_up_without_traceback(tmp_path):
    (tmp_path / "accounts.yaml").write_text(GOOD.replace("  external_id: 3f9c2e-abcdef\n", ""))
    env = {
        "PYTHONPATH": str(__import__("pathlib").Path.cwd()),
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
    }
    result = _run_bot(tmp_path, env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "entry 1 (minkabu): external_id: field required" in result.stderr


def test_help_lists_every_subcommand(tmp_path):
    result = _run_bot(tmp_path, {"PYTHONPATH": str(__import__("pathlib").Path.cwd())}, "--help")
    assert result.returncode == 0
    for sub in ("demo", "doctor", "import-payments", "new-external-id"):
        assert sub in result.stdout


def test_an_alarm_queue_url_is_checked_when_the_accounts_file_is_read():
    from bot.accounts import parse_accounts
    from bot.devtools.harness import DEMO_ACCOUNT

    url = "https://sqs.us-east-1.amazonaws.com/123456789012/chatops-alarm-events"
    [account] = parse_accounts([dict(DEMO_ACCOUNT, alarm_queue_url=url)])
    assert account.alarm_queue_url == url
    assert parse_accounts([dict(DEMO_ACCOUNT)])[0].alarm_queue_url is None
    with pytest.raises(ConfigError, match="alarm_queue_url: not an SQS queue URL"):
        parse_accounts([dict(DEMO_ACCOUNT, alarm_queue_url="arn:aws:sqs:us-east-1:123456789012:q")])
