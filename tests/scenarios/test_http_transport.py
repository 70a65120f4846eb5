"""The bot as Slack sees it: signed requests over real HTTP, answers recorded by the local Slack."""

import json
import time
import urllib.request

import pytest

from bot.devtools.harness import ALICE, OPS


def test_help_is_acked_at_once_and_answered_in_channel_and_thread(harness):
    reply = harness.command("/aws-help")
    assert reply.status == 200
    assert reply.elapsed < 3
    parents = harness.slack.parents()
    assert len(parents) == 1 and parents[0].args["channel"] == OPS
    final = harness.slack.final(parents[0].args["_ts"])
    for name in ("/aws-audit", "/aws-idle", "/aws-pastdue", "/aws-cost", "/aws-digest", "/aws-help"):
        assert name in final.all_text()
    thread = harness.slack.thread(parents[0].args["_ts"])
    assert "demo" in thread[0].all_text() and "123456789012" in thread[0].all_text()
    assert "demo-external-id" not in json.dumps([c.args for c in harness.slack.called()])  # never shown


@pytest.mark.parametrize(
    "signing",
    [
        {"signature": "v0=" + "0" * 64},  # forged
        {"timestamp": int(time.time()) - 6 * 60},  # stale: signed, but over 5 minutes old
        {"signed": False},  # unsigned
    ],
    ids=["forged", "stale", "unsigned"],
)
def test_bad_signatures_get_401_and_nothing_happens(harness, signing):
    reply = harness.send.command("/aws-help", "", **signing)
    harness.wait()
    assert reply.status == 401
    assert harness.slack.called() == []


def test_signed_with_another_secret_is_refused(harness):
    body = "command=%2Faws-help&text=&user_id=U1&channel_id=C1"
    ts = int(time.time())
    from bot.devtools.slack_requests import SlackRequests

    forged = SlackRequests(harness.send.url, "not-the-secret").sign(body, ts)
    assert harness.send.post(body, timestamp=ts, signature=forged).status == 401


def test_unknown_account_is_an_ephemeral_answer_naming_valid_ones(harness):
    reply = harness.command("/aws-idle", "prod")
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_type"] == "ephemeral"
    assert "Unknown account `prod`" in answer["text"] and "`demo`" in answer["text"]
    assert harness.slack.called() == []


def test_too_many_arguments_is_an_ephemeral_usage(harness):
    answer = harness.command("/aws-cost", "demo extra words").json()
    assert answer["response_type"] == "ephemeral"
    assert "Usage: `/aws-cost [account]`" in answer["text"]


def test_help_takes_no_arguments(harness):
    answer = harness.command("/aws-help", "please").json()
    assert "takes no arguments" in answer["text"]


def test_failed_assume_role_is_a_clear_ephemeral_answer(aws, account):
    from bot.devtools.aws_faults import AwsFaults
    from bot.devtools.harness import Harness

    faults = AwsFaults().fail("AccessDenied", service="sts", operation="AssumeRole")
    with Harness(accounts=[account], base_session=aws, aws_hooks=[faults.attach]) as h:
        assert h.command("/aws-cost").status == 200
        private = h.ephemerals()
        assert len(private) == 1
        assert "Could not assume `ChatOpsAudit` in `demo`" in private[0] and "AccessDenied" in private[0]
        assert h.slack.parents() == []  # nothing posted in the channel


def test_assume_role_names_the_user_who_asked(aws, harness):
    seen = []
    aws.events.register("provide-client-params.sts.AssumeRole", lambda params, **_: seen.append(dict(params)))
    harness.command("/aws-cost", user=ALICE)
    assert seen and seen[0]["SourceIdentity"] == f"slack-{ALICE}"
    assert seen[0]["ExternalId"] == "demo-external-id-3f9c2e"


def test_slack_429_is_retried_after_retry_after(harness):
    harness.slack.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    harness.command("/aws-help")
    methods = [c.method for c in harness.slack.called()]
    assert methods[0] == "chat.postMessage!429"
    assert methods[1] == "chat.postMessage"
    gap = harness.slack.called()[1].at - harness.slack.called()[0].at
    assert gap >= 0.9  # waited for Retry-After
    assert time.monotonic() - started < 10


def test_not_in_channel_tells_the_user_how_to_invite(harness):
    harness.slack.fail_next("chat.postMessage", status=200, error="not_in_channel")
    harness.command("/aws-help")
    private = harness.ephemerals()
    assert len(private) == 1 and "/invite" in private[0]


def test_a_crash_in_a_command_is_one_sentence_with_a_reference(harness, monkeypatch):
    from handlers.commands import help as help_command

    monkeypatch.setattr(help_command, "render_help", lambda *a: 1 / 0)
    harness.command("/aws-help")
    final = harness.slack.final(harness.slack.parents()[0].args["_ts"])
    assert "failed unexpectedly (reference `" in final.text
    assert "ZeroDivisionError" not in final.all_text() and "Traceback" not in final.all_text()


def test_healthz(harness):
    with urllib.request.urlopen(harness.url + "/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read())["ok"] is True


def test_unknown_path_is_404(harness):
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(harness.url + "/admin", timeout=5)
    assert info.value.code == 404
