"""The doctor says whether the takeover alarm runs, and whether the bot can read each push queue."""

from bot.devtools.harness import DEMO_ACCOUNT


def test_the_alarm_runs_in_the_digest_channel_when_no_alert_channel_is_set(setup):
    code, output = setup.run()
    assert code == 0, output
    line = "✓ takeover alarm: alerts in DIGEST_CHANNEL (ALERT_CHANNEL not set) C0DIGEST01, CloudTrail polled"
    assert f"{line} every 300 s" in output
    assert "✓ cloudtrail LookupEvents in us-east-1 — /aws-audit, takeover alarm" in output


def test_without_any_channel_the_alarm_is_off_and_the_doctor_says_how_to_turn_it_on(setup):
    setup.settings["digest_channel"] = None
    _, output = setup.run()
    assert "– takeover alarm: off — neither ALERT_CHANNEL nor DIGEST_CHANNEL is set" in output


def test_a_readable_push_queue_and_one_the_bot_cannot_read(setup):
    url = setup.aws.client("sqs", "us-east-1").create_queue(QueueName="chatops-alarm-events")["QueueUrl"]
    setup.accounts = [dict(DEMO_ACCOUNT, alarm_queue_url=url)]
    code, output = setup.run()
    assert code == 0, output
    assert "✓ alarm queue chatops-alarm-events: the bot can read it (0 message(s) waiting)" in output
    setup.faults.fail("AccessDenied", service="sqs")
    code, output = setup.run()
    assert code == 1
    lines = output.splitlines()
    [n] = [i for i, line in enumerate(lines) if "✗ alarm queue chatops-alarm-events: " in line]
    assert "access denied (AccessDenied)" in lines[n]
    assert "deploy infra/alarm-events.yaml in the account with BotPrincipalArn=arn:aws:" in lines[n + 1]
