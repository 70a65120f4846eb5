"""CONTRACT.md, "Slash commands": each command as Slack sends it, driven through the harness.

The answers of /aws-audit and /aws-idle are covered with seeded accounts in tests/scenarios/
(test_audit_http.py, test_idle_command.py; each scans every region for seconds), so the answer
shape is checked here for the other four.
"""

import boto3
import pytest
from moto import mock_aws

from bot.devtools.aws_faults import AwsFaults
from bot.devtools.harness import DEMO_ACCOUNT, OPS, Harness

ACCOUNT_COMMANDS = ["/aws-audit", "/aws-idle", "/aws-pastdue", "/aws-cost", "/aws-digest"]


@pytest.mark.parametrize("name", ["/aws-pastdue", "/aws-cost", "/aws-digest", "/aws-help"])
def test_each_command_is_acked_in_time_and_answers_in_one_parent_in_the_channel(bot, name):
    harness = bot
    reply = harness.command(name, wait=False)
    assert reply.status == 200 and reply.elapsed < 3
    harness.wait()
    assert harness.ephemerals() == []
    [parent] = harness.slack.parents()
    assert parent.args["channel"] == OPS
    ts = parent.args["_ts"]
    final = harness.slack.final(ts).all_text()
    assert final.strip() and "⏳" not in final
    assert "failed unexpectedly" not in final and "Traceback" not in final
    # everything else it said is a reply in that parent's thread, in the same channel
    replies = [c for c in harness.slack.called("chat.postMessage") if c.args["_ts"] != ts]
    assert all(c.args.get("thread_ts") == ts and c.args["channel"] == OPS for c in replies)
    ours = {ts} | {c.args["_ts"] for c in replies}
    assert all(c.args["ts"] in ours for c in harness.slack.called("chat.update"))


@pytest.mark.parametrize("name", ACCOUNT_COMMANDS)
def test_an_unknown_account_is_a_clear_ephemeral_answer(harness, name):
    reply = harness.command(name, "prod")
    assert reply.status == 200 and reply.elapsed < 3
    answer = reply.json()
    assert answer["response_type"] == "ephemeral"
    assert "Unknown account `prod`" in answer["text"] and "`demo`" in answer["text"]
    assert harness.slack.messages() == []


@pytest.mark.parametrize("name", ACCOUNT_COMMANDS)
def test_a_bad_argument_is_a_clear_ephemeral_usage(harness, name):
    answer = harness.command(name, "demo three extra words").json()
    assert answer["response_type"] == "ephemeral"
    assert f"Usage: `{name} [account]" in answer["text"]
    assert "Traceback" not in answer["text"]
    assert harness.slack.messages() == []


def test_help_with_an_argument_is_a_clear_ephemeral_usage(harness):
    answer = harness.command("/aws-help", "demo").json()
    assert answer["response_type"] == "ephemeral" and "`/aws-help`" in answer["text"]
    assert harness.slack.messages() == []


@pytest.fixture(scope="module")
def denied():
    """One bot whose every AssumeRole is refused, shared by the commands below."""
    faults = AwsFaults().fail("AccessDenied", service="sts", operation="AssumeRole")
    with (
        mock_aws(),
        Harness(
            accounts=[dict(DEMO_ACCOUNT)],
            base_session=boto3.Session(region_name="us-east-1"),
            aws_hooks=[faults.attach],
        ) as h,
    ):
        yield h


@pytest.mark.parametrize("name", ACCOUNT_COMMANDS)
def test_a_failed_assume_role_is_a_clear_ephemeral_answer(denied, name):
    denied.slack.reset()
    reply = denied.command(name, "demo")
    assert reply.status == 200 and reply.elapsed < 3
    [private] = denied.ephemerals()
    assert "Could not assume `ChatOpsAudit` in `demo`" in private and "AccessDenied" in private
    assert "Traceback" not in private
    assert denied.slack.messages() == []


def test_the_default_account_answers_when_none_is_named_and_an_account_id_works_too(bot):
    harness = bot
    harness.command("/aws-cost")
    harness.command("/aws-cost", "123456789012")
    harness.command("/aws-cost", "demo")
    parents = harness.slack.parents()
    assert harness.ephemerals() == [] and len(parents) == 3
    for parent in parents:
        final = harness.slack.final(parent.args["_ts"]).all_text()
        assert "demo" in final and "failed unexpectedly" not in final
