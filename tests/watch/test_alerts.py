"""Alerts in Slack: related events join the thread, containment buttons file requests with the
catalog's facts, anyone may acknowledge, unacknowledged critical alerts come back after 15 minutes,
and a post that failed is posted by the next cycle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import select
from watch_helpers import ALERTS

from bot.cleanup.catalog import ACTIONS
from bot.devtools.harness import ALICE, BOB, MALLORY
from bot.render.blocks import violations
from bot.store.tables import CleanupRequest, WatchAlert

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
LEAKED = "AKIALEAKEDKEY0000001"
NEW_KEY = "AKIANEWUSERKEY000001"
ROOT = {"user": None, "identity_type": "Root", "access_key": None}


def _buttons(call):
    return [e for b in call.blocks if b["type"] == "actions" for e in b["elements"]]


def _alert_rows(watched):
    with watched.services.store.tx() as tx:
        return list(tx.scalars(select(WatchAlert).order_by(WatchAlert.created_at)))


def test_a_takeover_chain_stays_in_one_thread_and_strangers_get_their_own(watched):
    trail = watched.trail
    with freeze_time(T0) as clock:
        trail.launch(T0 - timedelta(days=9))  # eu-west-1 in use
        trail.create_user("user-x1x2x3x4", T0 - timedelta(minutes=4), access_key=LEAKED)
        trail.create_key("user-x1x2x3x4", NEW_KEY, T0 - timedelta(minutes=3), access_key=LEAKED)
        watched.poll()
        assert len(watched.alerts()) == 1
        # ten minutes later the new user's key (created in that alert) launches GPUs: same incident
        trail.launch(T0 + timedelta(minutes=7), 4, kind="p3.16xlarge", user="user-x1x2x3x4", key=NEW_KEY)
        # and someone unrelated launches a GPU: a different alert
        trail.launch(T0 + timedelta(minutes=8), kind="g5.xlarge", user="ml-team", key="AKIAMLTEAMKEY0000001")
        clock.move_to(T0 + timedelta(minutes=10))
        watched.poll()
        # the leaked key again, 20 minutes after the last event: joins without a rule of its own
        related = trail.launch(T0 + timedelta(minutes=27), user="ci-deploy", key=LEAKED)
        clock.move_to(T0 + timedelta(minutes=30))
        watched.poll()
        # and once more an hour later: outside the 30-minute window, a new alert
        trail.launch(T0 + timedelta(minutes=100), kind="g5.48xlarge", user="ci-deploy", key=LEAKED)
        clock.move_to(T0 + timedelta(minutes=105))
        watched.poll()
    parents = watched.alerts()
    assert len(parents) == 3
    first, stranger, later = parents
    assert "ml-team" in stranger.all_text() and "ml-team" not in watched.final(first.args["_ts"]).all_text()
    thread = watched.thread(first.args["_ts"])
    assert "4× p3.16xlarge" in thread[1].all_text()
    assert "related event(s)" in thread[2].all_text() and related.event_id in thread[2].all_text()
    parent = watched.final(first.args["_ts"]).all_text()
    assert "4 event(s)" in parent and "5 instance(s) launched" in parent
    assert "g5.48xlarge" in later.all_text() and LEAKED in later.all_text()


def test_the_parent_says_what_who_where_how_many_with_buttons(watched, aws):
    ec2 = aws.client("ec2", "eu-west-1")
    ids = [
        i["InstanceId"]
        for i in ec2.run_instances(ImageId="ami-12345678", MinCount=3, MaxCount=3, InstanceType="p3.8xlarge")[
            "Instances"
        ]
    ]
    with freeze_time(T0):
        watched.trail.launch(T0 - timedelta(days=9))
        watched.trail.launch(
            T0 - timedelta(minutes=2),
            ids=ids,
            kind="p3.8xlarge",
            protection=True,
            user="user-x1x2x3x4",
            key=NEW_KEY,
        )
        watched.poll()
    [alert] = watched.alerts()
    text = alert.all_text()
    for expected in (
        "user/user-x1x2x3x4",
        NEW_KEY,
        "198.51.100.23",
        "eu-west-1",
        "3 instance(s) launched",
        "3× p3.8xlarge",
        "disableApiTermination",
        "2 min after the event",
    ):
        assert expected in text, expected
    assert violations(alert.blocks) == []
    labels = [b["text"]["text"] for b in _buttons(alert)]
    assert labels[0] == "Acknowledge"
    assert f"Deactivate key {NEW_KEY}" in labels and f"Terminate {ids[0]}" in labels
    thread = watched.thread(alert.args["_ts"])
    for instance_id in ids:
        assert instance_id in thread[0].all_text()  # raw events, identifiers verbatim


def test_a_containment_button_files_a_request_with_what_ec2_says(watched, aws):
    ec2 = aws.client("ec2", "eu-west-1")
    [instance] = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="p3.8xlarge")[
        "Instances"
    ]
    with freeze_time(T0):
        watched.trail.launch(T0 - timedelta(days=9))
        watched.trail.launch(T0 - timedelta(minutes=1), ids=[instance["InstanceId"]], kind="p3.8xlarge")
        watched.poll()
    [alert] = watched.alerts()
    [terminate] = [b for b in _buttons(alert) if b["text"]["text"].startswith("Terminate")]
    assert terminate["action_id"].startswith("cleanup.request") and terminate["value"].startswith("of_")
    watched.h.click(
        terminate["action_id"], terminate["value"], user=ALICE, channel=ALERTS, message_ts=alert.args["_ts"]
    )
    with watched.services.store.tx() as tx:
        [request] = tx.scalars(select(CleanupRequest)).all()
    assert request.action == "ec2.terminate_instance" and request.resource_id == instance["InstanceId"]
    assert set(ACTIONS["ec2.terminate_instance"]) <= set(request.facts)
    assert request.facts["launch_time"] == instance["LaunchTime"].isoformat()  # EC2's, not CloudTrail's
    assert request.thread_ts == alert.args["_ts"]  # the request card goes into the alert's thread
    assert any(
        c.args.get("thread_ts") == alert.args["_ts"] and "Terminate" in c.all_text()
        for c in watched.h.slack.called("chat.postMessage")[1:]
    )


def test_anyone_may_acknowledge_once_and_the_alert_says_who(watched):
    with freeze_time(T0):
        watched.trail.event(
            "ConsoleLogin",
            T0 - timedelta(minutes=1),
            source="signin.amazonaws.com",
            response={"ConsoleLogin": "Success"},
            **ROOT,
        )
        watched.poll()
        [alert] = watched.alerts()
        [ack] = [b for b in _buttons(alert) if b["action_id"] == "watch.acknowledge"]
        watched.h.click(
            "watch.acknowledge", ack["value"], user=MALLORY, channel=ALERTS, message_ts=alert.args["_ts"]
        )
        watched.h.click(
            "watch.acknowledge", ack["value"], user=BOB, channel=ALERTS, message_ts=alert.args["_ts"]
        )
    [row] = _alert_rows(watched)
    assert row.state == "acknowledged" and row.acked_by == MALLORY and row.acked_at == T0
    parent = watched.final(alert.args["_ts"])
    assert "Acknowledged by <@U0MALLORY1> at 10:00 UTC" in parent.all_text()
    assert "watch.acknowledge" not in parent.all_text()
    assert any("<@U0MALLORY1> acknowledged" in c.all_text() for c in watched.thread(alert.args["_ts"]))
    assert watched.h.ephemerals() == [
        "This alert was already acknowledged by <@U0MALLORY1> at 2026-11-23 10:00 UTC."
    ]


def test_an_unacknowledged_critical_alert_comes_back_every_15_minutes_three_times(watched):
    with freeze_time(T0) as clock:
        watched.trail.event(
            "StopLogging",
            T0 - timedelta(minutes=1),
            source="cloudtrail.amazonaws.com",
            request={"name": "management"},
        )
        watched.trail.create_user("quiet-user", T0 - timedelta(minutes=1), user="admin", access_key=None)
        watched.poll()
        critical, high = sorted(watched.alerts(), key=lambda c: "StopLogging" not in c.all_text())
        for minute in (14, 15, 16, 30, 45, 60, 75):
            clock.move_to(T0 + timedelta(minutes=minute))
            watched.renotify()
    reposts = [c for c in watched.thread(critical.args["_ts"]) if c.args.get("reply_broadcast")]
    assert len(reposts) == 3
    assert "Still unacknowledged after 15 min" in reposts[0].text and "<!here>" in reposts[0].text
    assert [b["action_id"] for b in _buttons(reposts[0])] == ["watch.acknowledge"]
    assert not [c for c in watched.thread(high.args["_ts"]) if c.args.get("reply_broadcast")]  # high: never


def test_an_acknowledged_alert_is_not_reposted(watched):
    with freeze_time(T0) as clock:
        watched.trail.event(
            "DeleteTrail",
            T0 - timedelta(minutes=1),
            source="cloudtrail.amazonaws.com",
            request={"name": "management"},
        )
        watched.poll()
        [alert] = watched.alerts()
        clock.move_to(T0 + timedelta(minutes=5))
        watched.h.click("watch.acknowledge", _alert_rows(watched)[0].id, user=ALICE, channel=ALERTS)
        clock.move_to(T0 + timedelta(minutes=20))
        watched.renotify()
    assert not [c for c in watched.thread(alert.args["_ts"]) if c.args.get("reply_broadcast")]


def test_an_alert_slack_refused_is_posted_by_the_next_cycle(watched):
    watched.h.slack.fail_next("chat.postMessage", status=200, error="internal_error")
    with freeze_time(T0) as clock:
        watched.trail.event("ConsoleLogin", T0 - timedelta(minutes=1), source="signin.amazonaws.com", **ROOT)
        watched.poll()
        assert watched.alerts() == [] and _alert_rows(watched)[0].ts is None  # detected and kept
        clock.move_to(T0 + timedelta(minutes=1))
        watched.renotify()
    [alert] = watched.alerts()
    assert "The root user" in alert.all_text()
    assert len(watched.thread(alert.args["_ts"])) == 1
