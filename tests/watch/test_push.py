"""The push path over moto's SQS: EventBridge events as AWS sends them (the envelope; `detail` is the
CloudTrail record), judged by the same rules as the poll, deleted once judged, never alerted twice."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from bot.accounts import parse_accounts
from bot.devtools.harness import DEMO_ACCOUNT
from bot.store.tables import WatchStream
from bot.watch.push import PushReader, parse, queue_region, receive_once, start
from bot.watch.thresholds import RULES

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ACCOUNT_ID = DEMO_ACCOUNT["account_id"]


def envelope(
    item: dict, *, detail_type: str = "AWS API Call via CloudTrail", account: str = ACCOUNT_ID
) -> str:
    """What EventBridge puts on the queue for a CloudTrail event (the record is the event's `detail`)."""
    detail = json.loads(item["CloudTrailEvent"])
    return json.dumps(
        {
            "version": "0",
            "id": "6f9e3c1b-4a4f-2d5e-8c3a-0d9b2f1e7a55",
            "detail-type": detail_type,
            "source": "aws." + detail["eventSource"].split(".")[0],
            "account": account,
            "time": detail["eventTime"],
            "region": detail["awsRegion"],
            "resources": [],
            "detail": detail,
        }
    )


@pytest.fixture
def queue(watched, aws):
    sqs = aws.client("sqs", "us-east-1")
    url = sqs.create_queue(QueueName="chatops-alarm-events")["QueueUrl"]
    watched.account["alarm_queue_url"] = url
    watched.restart()  # the accounts file now names the queue
    return url


def _send(aws, url, *bodies):
    for body in bodies:
        aws.client("sqs", "us-east-1").send_message(QueueUrl=url, MessageBody=body)


def _left(aws, url) -> int:
    attrs = aws.client("sqs", "us-east-1").get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])


def test_a_pushed_gpu_launch_raises_the_alarm_and_leaves_the_queue(watched, aws, queue):
    with freeze_time(T0):
        item = watched.apis.run_instances(
            region="eu-west-1",
            time=T0 - timedelta(seconds=40),
            instances=[("i-0aaaaaaaaaaaaaaa1", "p4d.24xlarge")],
        )
        watched.apis.events["eu-west-1"].clear()  # only the queue knows it (CloudTrail shows it later)
        _send(aws, queue, envelope(item))
        handled = receive_once(watched.services, queue, watched.services.accounts, wait=0)
    assert handled == 1 and _left(aws, queue) == 0
    [alert] = watched.alerts()
    assert "1× p4d.24xlarge" in alert.all_text() and "EventBridge push" in alert.all_text()
    assert "40 s after the event" in alert.all_text()
    with watched.services.store.tx() as tx:  # the region's history was read before judging
        assert tx.get(WatchStream, ("demo", "eu-west-1")).seeded_until == T0 - RULES.first_window


def test_a_root_sign_in_arrives_with_its_own_detail_type(watched, aws, queue):
    with freeze_time(T0):
        item = watched.apis.event(
            "ConsoleLogin",
            region="us-east-1",
            time=T0,
            source="signin.amazonaws.com",
            user=None,
            access_key=None,
            identity_type="Root",
            response={"ConsoleLogin": "Success"},
            additional={"MFAUsed": "No"},
        )
        _send(aws, queue, envelope(item, detail_type="AWS Console Sign In via CloudTrail"))
        receive_once(watched.services, queue, watched.services.accounts, wait=0)
    [alert] = watched.alerts()
    assert "The root user signed in without MFA" in alert.all_text()


def test_pushed_then_polled_the_same_event_alerts_once(watched, aws, queue):
    with freeze_time(T0) as clock:
        item = watched.apis.event(
            "StopLogging",
            region="us-east-1",
            time=T0 - timedelta(seconds=30),
            source="cloudtrail.amazonaws.com",
            request={"name": "management"},
        )
        _send(aws, queue, envelope(item), envelope(item))  # EventBridge delivers at least once
        receive_once(watched.services, queue, watched.services.accounts, wait=0)
        clock.move_to(T0 + timedelta(minutes=5))
        watched.poll()  # CloudTrail's event history has it too
    assert len(watched.alerts()) == 1
    assert watched.mentions(item["EventId"]) == 1


def test_what_cannot_be_read_is_dropped_and_the_rest_is_judged(watched, aws, queue, caplog):
    with freeze_time(T0):
        good = watched.apis.event(
            "DeleteTrail",
            region="us-east-1",
            time=T0,
            source="cloudtrail.amazonaws.com",
            request={"name": "management"},
        )
        stranger = envelope(good, account="999999999999")
        _send(
            aws,
            queue,
            "not json",
            json.dumps(
                {"detail-type": "EC2 Instance State-change Notification", "detail": {"state": "running"}}
            ),
            stranger,
            envelope(good),
        )
        assert receive_once(watched.services, queue, watched.services.accounts, wait=0) == 4
    assert _left(aws, queue) == 0 and len(watched.alerts()) == 1
    assert sum("dropping message" in r.getMessage() for r in caplog.records) == 3


def test_a_message_whose_judgement_failed_stays_on_the_queue(watched, aws, queue, monkeypatch):
    from bot.watch import detect

    monkeypatch.setattr(detect, "judge", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("database down")))
    item = watched.apis.event("DeleteTrail", region="us-east-1", time=T0, source="cloudtrail.amazonaws.com")
    _send(aws, queue, envelope(item))
    assert receive_once(watched.services, queue, watched.services.accounts, wait=0) == 0
    assert _left(aws, queue) == 1  # invisible for a while, then redelivered
    assert watched.alerts() == []


def test_parse_reads_the_record_and_its_account():
    detail = {
        "eventName": "RunInstances",
        "eventSource": "ec2.amazonaws.com",
        "awsRegion": "ap-south-1",
        "eventTime": "2026-11-23T10:00:00Z",
        "eventID": "e-1",
        "recipientAccountId": "111122223333",
        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/x", "userName": "x"},
    }
    message = parse(
        json.dumps({"detail-type": "AWS API Call via CloudTrail", "region": "ap-south-1", "detail": detail})
    )
    assert message is not None and message.account_id == "111122223333"
    assert (message.event.region, message.event.event_id, message.event.user_name) == (
        "ap-south-1",
        "e-1",
        "x",
    )
    assert queue_region("https://sqs.ap-northeast-2.amazonaws.com/123456789012/q") == "ap-northeast-2"
    assert queue_region("https://eu-west-1.queue.amazonaws.com/123456789012/q") == "eu-west-1"


def test_the_reader_survives_errors_with_back_off_and_stops_cleanly(watched, aws, queue):
    missing = queue.rsplit("/", 1)[0] + "/no-such-queue"
    rules = replace(RULES, push_wait_seconds=0, push_backoff_max=0.05)
    reader = PushReader(watched.services, missing, watched.services.accounts, rules)
    reader.start()
    deadline = time.monotonic() + 10
    while reader.failures < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    reader.stop(timeout=5)
    assert not reader.is_alive() and time.monotonic() - started < 2
    assert reader.failures >= 3
    with watched.services.store.tx() as tx:
        [row] = tx.scalars(select(WatchStream).where(WatchStream.stream == "push")).all()
    assert "no-such-queue" in row.error


def test_the_start_up_hook_reads_each_queue_once_and_only_with_a_channel(watched, aws, queue, monkeypatch):
    import bot.watch.push as push

    started = []
    monkeypatch.setattr(push.PushReader, "start", lambda self: started.append((self.url, self.accounts)))
    monkeypatch.setattr(push.PushReader, "stop", lambda self, timeout=None: None)
    second = dict(
        DEMO_ACCOUNT,
        name="other",
        account_id="210987654321",
        default=False,
        audit_role_arn="arn:aws:iam::210987654321:role/ChatOpsAudit",
        cleanup_role_arn=None,
        alarm_queue_url=queue,
    )
    services = watched.services
    monkeypatch.setattr(services, "accounts", parse_accounts([watched.account, second]))
    stop = start(services)
    assert stop is not None and [(u, [a.name for a in accts]) for u, accts in started] == [
        (queue, ["demo", "other"])
    ]
    stop()
    monkeypatch.setattr(services, "settings", services.settings.model_copy(update={"alert_channel": None}))
    assert start(services) is None  # nowhere to alert: no reader
