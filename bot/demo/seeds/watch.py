"""The takeover alarm in the demo: the intruder comes back, and this time the bot is watching.

The story so far (`audit.py`): a leaked CI key made the IAM user `user-x1x2x3x4` thirty hours ago,
whose new key launched five protected p3.8xlarge in eu-west-1 a day ago. The seed gives the bot an
alert channel and a push queue (moto's SQS). The step replays the intruder's next ten minutes into
CloudTrail — with that same new key: 24 more p3.16xlarge in six protected launches in eu-west-1,
a refused try in ap-northeast-2 (no write there in 90 days), a back-door user `svc-backup-7f3a`
with a key and an inline `*:*` policy, and CloudTrail's logging stopped — then runs one cycle of the
scheduler's poll job, exactly as the scheduler would. Seconds later GuardDuty's detector is deleted:
that one arrives through the push queue (an EventBridge event as AWS sends it) and joins the alert's
thread. Bob acknowledges.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.demo.seeds.audit import AMI, NEW_USER
from bot.devtools.harness import BOB
from bot.devtools.moto_clock import set_launch_time
from bot.store.types import utcnow

if TYPE_CHECKING:
    from bot.demo.world import DemoWorld

ALERTS = "C0ALARMS01"
QUEUE = "chatops-alarm-events"
BACKDOOR = "svc-backup-7f3a"
INTRUDER_IP = "45.137.21.9"


def seed(world: DemoWorld) -> None:
    world.settings["alert_channel"] = ALERTS
    url = world.session.client("sqs", "us-east-1").create_queue(QueueName=QUEUE)["QueueUrl"]
    world.account["alarm_queue_url"] = url


def step(world: DemoWorld) -> None:
    from bot.scheduler import Scheduler

    assert world.trail is not None, "the audit seed provides CloudTrail"
    _replay(world)
    Scheduler(world.harness.services).run("watch.cloudtrail")
    _push_deleted_detector(world)
    _acknowledge(world)


def _replay(world: DemoWorld) -> None:
    trail, session, now = world.trail, world.session, utcnow()
    assert trail is not None
    account = world.account["account_id"]
    iam = session.client("iam")
    key = iam.list_access_keys(UserName=NEW_USER)["AccessKeyMetadata"][0]["AccessKeyId"]
    who = {"user": NEW_USER, "access_key": key, "source_ip": INTRUDER_IP}
    ec2 = session.client("ec2", "eu-west-1")
    for n in range(6):  # six protected launches of four, every ~80 seconds
        at = now - timedelta(minutes=10) + timedelta(seconds=80 * n)
        answer = ec2.run_instances(
            ImageId=AMI, MinCount=4, MaxCount=4, InstanceType="p3.16xlarge", DisableApiTermination=True
        )
        ids = [i["InstanceId"] for i in answer["Instances"]]
        set_launch_time(account, "eu-west-1", ids, at)
        trail.run_instances(
            region="eu-west-1", time=at, instances=[(i, "p3.16xlarge") for i in ids], protection=True, **who
        )
    refused = trail.run_instances(
        region="ap-northeast-2", time=now - timedelta(minutes=6), instances=[], **who
    )
    _refuse(refused, "VcpuLimitExceeded", "g5.12xlarge")
    iam.create_user(UserName=BACKDOOR)
    backdoor_key = iam.create_access_key(UserName=BACKDOOR)["AccessKey"]["AccessKeyId"]
    admin = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    )
    iam.put_user_policy(UserName=BACKDOOR, PolicyName="backup", PolicyDocument=admin)
    trail.create_user(BACKDOOR, time=now - timedelta(minutes=5), **who)
    trail.create_access_key(BACKDOOR, backdoor_key, time=now - timedelta(minutes=4, seconds=30), **who)
    policy = {"userName": BACKDOOR, "policyName": "backup", "policyDocument": admin}
    trail.iam_event("PutUserPolicy", time=now - timedelta(minutes=4), request=policy, **who)
    trail.event(
        "StopLogging",
        region="us-east-1",
        time=now - timedelta(minutes=3),
        source="cloudtrail.amazonaws.com",
        request={"name": "management-events"},
        **who,
    )


def _refuse(item: dict, code: str, instance_type: str) -> None:
    """Turn a recorded RunInstances into the refused call CloudTrail keeps (no instances launched)."""
    detail = json.loads(item["CloudTrailEvent"])
    detail["requestParameters"]["instanceType"] = instance_type
    detail.update(
        errorCode=code,
        errorMessage="You have requested more vCPU capacity than allowed",
        responseElements=None,
    )
    item["CloudTrailEvent"] = json.dumps(detail)


def _push_deleted_detector(world: DemoWorld) -> None:
    """GuardDuty's detector deleted in us-east-1 seconds ago: EventBridge → SQS → the bot, no poll."""
    from bot.devtools.fake_audit import FakeAuditApis
    from bot.watch.push import receive_once

    session, now = world.session, utcnow()
    guardduty = session.client("guardduty", "us-east-1")
    detector = guardduty.list_detectors()["DetectorIds"][0]
    guardduty.delete_detector(DetectorId=detector)
    key = session.client("iam").list_access_keys(UserName=NEW_USER)["AccessKeyMetadata"][0]["AccessKeyId"]
    scratch = FakeAuditApis(
        account_id=world.account["account_id"]
    )  # builds the record; CloudTrail shows it later
    item = scratch.event(
        "DeleteDetector",
        region="us-east-1",
        time=now - timedelta(seconds=20),
        source="guardduty.amazonaws.com",
        request={"detectorId": detector},
        user=NEW_USER,
        access_key=key,
        source_ip=INTRUDER_IP,
    )
    detail = json.loads(item["CloudTrailEvent"])
    body = {
        "version": "0",
        "id": "5b8e2f4c-0d1a-4e6b-9c3f-7a2d1e0b9c8d",
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.guardduty",
        "account": world.account["account_id"],
        "time": detail["eventTime"],
        "region": "us-east-1",
        "resources": [],
        "detail": detail,
    }
    url = world.account["alarm_queue_url"]
    session.client("sqs", "us-east-1").send_message(QueueUrl=url, MessageBody=json.dumps(body))
    services = world.harness.services
    receive_once(services, url, services.accounts, wait=0)


def _acknowledge(world: DemoWorld) -> None:
    """Bob takes it, from the alert's own Acknowledge button."""
    for call in reversed(world.harness.slack.called("chat.postMessage")):
        if call.args.get("channel") != ALERTS or call.args.get("thread_ts"):
            continue
        for block in call.blocks:
            for element in block.get("elements", []):
                if element.get("action_id") == "watch.acknowledge":
                    world.harness.click(
                        "watch.acknowledge",
                        element["value"],
                        user=BOB,
                        channel=ALERTS,
                        message_ts=call.args["_ts"],
                    )
                    return
