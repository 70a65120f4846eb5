"""Whatever arrives at /slack/events, Slack gets a 401 (not from Slack) or a 200 with an answer: never a
404, a 500 or silence, and never a traceback shown to anyone."""

import json
from urllib.parse import urlencode

import pytest

from bot.devtools.harness import BOB, OPS


def _payload(payload: object) -> str:
    return urlencode({"payload": json.dumps(payload)})


@pytest.mark.parametrize(
    "body, content_type",
    [
        (urlencode({"payload": "{not json"}), "application/x-www-form-urlencoded"),
        (urlencode({"payload": "[]"}), "application/x-www-form-urlencoded"),
        ("{{{", "application/json"),
    ],
    ids=["form-not-json", "form-list", "json-garbage"],
)
@pytest.mark.parametrize(
    "signing", [{"signed": False}, {"signature": "v0=" + "0" * 64}], ids=["unsigned", "forged"]
)
def test_unreadable_bodies_not_signed_by_slack_get_401(harness, body, content_type, signing):
    reply = harness.send.post(body, content_type=content_type, **signing)
    assert reply.status == 401
    harness.wait()
    assert harness.slack.called() == []


def test_an_unreadable_body_signed_by_slack_gets_400_not_500(harness):
    assert harness.send.post(urlencode({"payload": "{not json"})).status == 400


def test_an_unknown_button_gets_a_private_answer(harness):
    reply = harness.click("cleanup.approve_everything", "rq_whatever000000", user=BOB)
    assert reply.status == 200
    assert any("not a button I know" in e for e in harness.ephemerals())


def test_an_unknown_command_gets_an_ephemeral_answer(harness):
    reply = harness.command("/aws-nuke", "everything")
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_type"] == "ephemeral" and "/aws-help" in answer["text"]


def test_an_unknown_dialog_is_answered_in_the_dialog(harness):
    reply = harness.send.view_submission("old.dialog", {}, private_metadata="x", user_id=BOB)
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "update" and "nothing was done" in json.dumps(answer["view"])


def test_events_nobody_listens_to_are_acknowledged(harness):
    assert harness.send.event({"type": "reaction_added", "user": BOB, "reaction": "eyes"}).status == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "block_actions", "user": {"id": BOB}, "actions": []},
        {"type": "block_actions", "user": {"id": BOB}, "actions": ["cleanup.approve"]},
        {"type": "block_actions", "user": "U1", "actions": [{"action_id": "cleanup.approve", "value": "x"}]},
        {
            "type": "block_actions",
            "user": {"id": BOB},
            "channel": OPS,
            "actions": [{"action_id": "cleanup.request.0", "value": "x"}],
        },
        {"type": "view_submission", "user": {"id": BOB}, "view": {"callback_id": "cleanup.confirm"}},
        {
            "type": "view_submission",
            "user": {"id": BOB},
            "view": {"type": "modal", "callback_id": "cleanup.confirm", "state": []},
        },
        {
            "type": "view_closed",
            "user": {"id": BOB},
            "view": {"type": "modal", "callback_id": "cleanup.confirm"},
        },
        {"type": "shortcut", "callback_id": "whatever", "user": {"id": BOB}, "trigger_id": "1.2.3"},
        {"type": "block_suggestion", "action_id": "x", "user": {"id": BOB}, "value": "a"},
    ],
    ids=[
        "no-actions",
        "action-not-an-object",
        "user-not-an-object",
        "channel-not-an-object",
        "view-without-type",
        "view-state-a-list",
        "view-closed",
        "shortcut",
        "block-suggestion",
    ],
)
def test_malformed_or_unexpected_payloads_get_200_and_change_nothing(harness, payload):
    payload = {"team": {"id": "T0000000001"}, **payload}
    reply = harness.send.post(_payload(payload))
    assert reply.status == 200
    assert "Traceback" not in reply.body
    harness.wait()
    assert [c for c in harness.slack.called() if c.method.startswith("chat.post")] == []


def test_a_huge_button_value_is_refused_like_any_unknown_id(harness):
    reply = harness.click("cleanup.approve", "rq_" + "a" * 200_000, user=BOB)
    assert reply.status == 200
    assert any("don't know this request" in e for e in harness.ephemerals())
