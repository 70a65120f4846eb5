import json
from datetime import timedelta

from bot.collect.cloudtrail import (
    launched,
    lookup,
    parse_event,
    protection_change,
    requested_count,
    requested_protection,
)
from bot.store.types import utcnow


def _item(detail, name="RunInstances", **extra):
    return {
        "EventId": "e1",
        "EventName": name,
        "EventTime": utcnow(),
        "CloudTrailEvent": json.dumps(detail),
        **extra,
    }


def test_run_instances_is_read_from_response_elements_with_count_key_and_protection():
    detail = {
        "eventSource": "ec2.amazonaws.com",
        "awsRegion": "eu-west-1",
        "userIdentity": {
            "type": "IAMUser",
            "arn": "arn:aws:iam::1:user/x",
            "userName": "x",
            "accessKeyId": "AKIAX",
        },
        "requestParameters": {
            "instancesSet": {"items": [{"minCount": 1, "maxCount": 300}]},
            "disableApiTermination": True,
        },
        "responseElements": {
            "instancesSet": {
                "items": [
                    {"instanceId": "i-1", "instanceType": "p3.16xlarge", "launchTime": 1763800000000},
                    {"instanceId": "i-2", "instanceType": "p3.16xlarge", "launchTime": "1763800001000"},
                ]
            }
        },
    }
    event = parse_event(_item(detail), "us-east-1")
    assert (
        event.region == "eu-west-1"
        and event.principal == "arn:aws:iam::1:user/x"
        and event.access_key == "AKIAX"
    )
    assert [(i.instance_id, i.instance_type) for i in launched(event)] == [
        ("i-1", "p3.16xlarge"),
        ("i-2", "p3.16xlarge"),
    ]
    assert launched(event)[0].time.year == 2025 and launched(event)[1].time > launched(event)[0].time
    assert requested_count(event) == 300 and requested_protection(event)
    assert event.actor == "user/x (AKIAX)"


def test_failed_calls_null_elements_and_broken_json_are_survived():
    failed = parse_event(
        _item(
            {
                "errorCode": "Client.UnauthorizedOperation",
                "requestParameters": None,
                "responseElements": None,
                "userIdentity": {"type": "IAMUser"},
            }
        ),
        "eu-west-1",
    )
    assert not failed.ok and launched(failed) == [] and failed.request == {}
    broken = parse_event(
        {"EventName": "RunInstances", "CloudTrailEvent": "{not json", "Username": "bob"}, "us-east-1"
    )
    assert broken.principal == "bob" and broken.request == {} and broken.time.year == 1970
    assert parse_event({"CloudTrailEvent": "{}"}, "us-east-1") is None  # nameless


def test_both_shapes_of_modify_instance_attribute():
    a = parse_event(
        _item(
            {"requestParameters": {"instanceId": "i-1", "disableApiTermination": {"value": True}}},
            name="ModifyInstanceAttribute",
        ),
        "us-east-1",
    )
    b = parse_event(
        _item(
            {
                "requestParameters": {
                    "instanceId": "i-2",
                    "attribute": "disableApiTermination",
                    "value": "false",
                }
            },
            name="ModifyInstanceAttribute",
        ),
        "us-east-1",
    )
    c = parse_event(
        _item(
            {"requestParameters": {"instanceId": "i-3", "instanceType": {"value": "m5.large"}}},
            name="ModifyInstanceAttribute",
        ),
        "us-east-1",
    )
    assert protection_change(a) == ("i-1", True) and protection_change(b) == ("i-2", False)
    assert protection_change(c) is None


def test_lookup_pages_through_one_event_name_and_keeps_only_what_the_audit_reads(world):
    now = utcnow()
    for i in range(120):
        world.apis.run_instances(
            region="eu-west-1", time=now - timedelta(minutes=i), instances=[(f"i-{i}", "c5.large")]
        )
    world.apis.event(
        "CreateCluster", region="eu-west-1", time=now, source="eks.amazonaws.com", request={"name": "k"}
    )
    world.apis.event(
        "ConsoleLogin",
        region="eu-west-1",
        time=now,
        source="signin.amazonaws.com",
        response={"ConsoleLogin": "Success"},
    )  # IAM user sign-in: not root
    start = now - timedelta(days=90)
    runs = lookup(world.session, "eu-west-1", "RunInstances", start, now)
    assert len(runs.events) == 120 and runs.pages == 3 and not runs.truncated
    assert runs.events[0].time > runs.events[-1].time  # newest first, as CloudTrail answers
    assert lookup(world.session, "eu-west-1", "CreateCluster", start, now).events == ()
    assert lookup(world.session, "eu-west-1", "ConsoleLogin", start, now).events == ()
    calls = [c for c in world.apis.calls if c[0] == "LookupEvents"]
    assert len(calls) == 5


def test_lookup_stops_at_the_page_budget_and_says_so(world):
    now = utcnow()
    for i in range(120):
        world.apis.run_instances(
            region="us-east-1", time=now - timedelta(minutes=i), instances=[(f"i-{i}", "c5.large")]
        )
    cut = lookup(world.session, "us-east-1", "RunInstances", now - timedelta(days=90), now, max_pages=2)
    assert cut.truncated and cut.pages == 2 and len(cut.events) == 100
