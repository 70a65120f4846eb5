"""CONTRACT.md, "Environment": each variable's default and meaning, as the running bot applies them."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.devtools.harness import ALICE, BOB
from bot.scheduler import digest_trigger
from bot.settings import Settings, load_settings
from tests.scenarios.cleanup.helpers import AwsCalls, Bot, addresses, eip_finding, make_bot


def test_every_default_is_the_one_in_the_table(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here; conftest cleared the variables themselves
    settings = load_settings()
    assert settings.slack_bot_token is None and settings.slack_app_token is None
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.port == 3000
    assert settings.database_url == "sqlite:///chatops.db"
    assert settings.accounts_file == Path("accounts.yaml")
    assert settings.approvers == [] and settings.effective_payers == []
    assert settings.fx_rates == {}
    assert settings.cleanup_mode == "dry-run"
    assert settings.watch_interval == 300
    assert settings.digest_channel is None and settings.effective_alert_channel is None
    assert settings.digest_cron == "0 9 * * *" and settings.digest_timezone == "UTC"
    assert not settings.socket_mode


def test_alert_channel_defaults_to_the_digest_channel_and_payers_to_the_approvers(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIGEST_CHANNEL", "C0DIGEST01")
    monkeypatch.setenv("APPROVERS", "U0BOB00001,S0OPSGROUP")
    settings = load_settings()
    assert settings.effective_alert_channel == "C0DIGEST01"
    assert settings.effective_payers == ["U0BOB00001", "S0OPSGROUP"]
    monkeypatch.setenv("ALERT_CHANNEL", "C0ALARMS01")
    monkeypatch.setenv("PAYERS", "U0CAROL001")
    settings = load_settings()
    assert settings.effective_alert_channel == "C0ALARMS01"
    assert settings.effective_payers == ["U0CAROL001"]


def test_the_default_digest_runs_at_nine_utc_and_only_with_a_channel():
    assert digest_trigger(Settings(_env_file=None)) is None  # unset DIGEST_CHANNEL: no digest
    trigger = digest_trigger(Settings(_env_file=None, digest_channel="C0DIGEST01"))
    after = datetime(2026, 11, 23, 9, 0, 1, tzinfo=UTC)
    fire = trigger.get_next_fire_time(None, after)
    assert fire.astimezone(UTC) == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_http_mode_without_a_signing_secret_refuses_to_serve(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-0000-contract")
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET is required in HTTP mode" in err
    assert "xoxb-0000-contract" not in err


def test_with_approvers_empty_nobody_can_approve(aws):
    calls = AwsCalls()
    address = aws.client("ec2", region_name="us-east-1").allocate_address(Domain="vpc")
    with make_bot(aws, calls, approvers=[], cleanup_mode="execute") as harness:
        bot = Bot(harness, calls)
        [request] = bot.request(bot.offer([eip_finding(address)]), user=ALICE)
        bot.approve(request.id, user=BOB)
        assert bot.get(request.id).state == "pending"
        assert any("APPROVERS" in e for e in harness.ephemerals())
        refused = [e for e in bot.log(request.id) if e.event == "approval_refused"]
        assert refused and refused[0].actor == BOB
    assert addresses(aws) == [address["AllocationId"]]
    assert calls.of("ReleaseAddress") == []


@pytest.mark.parametrize("mode", [None, "dry-run"])
def test_cleanup_mode_dry_run_is_the_default_and_only_simulates(aws, mode):
    calls = AwsCalls()
    address = aws.client("ec2", region_name="us-east-1").allocate_address(Domain="vpc")
    settings = {} if mode is None else {"cleanup_mode": mode}
    with make_bot(aws, calls, **settings) as harness:
        bot = Bot(harness, calls)
        [request] = bot.request(bot.offer([eip_finding(address)]), user=ALICE)
        bot.approve(request.id, user=BOB)
        assert bot.get(request.id).mode == "dry-run"
    assert addresses(aws) == [address["AllocationId"]]  # still there
    released = calls.of("ReleaseAddress")
    assert released and all(c.params.get("DryRun") is True for c in released)
