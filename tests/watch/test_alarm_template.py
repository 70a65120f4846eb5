"""infra/alarm-events.yaml forwards exactly what the rules read, and only the bot may read the queue."""

from pathlib import Path

import yaml

from bot.watch.push import DETAIL_TYPES
from bot.watch.rules import event_names, reads_root

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "alarm-events.yaml"


class _CfnLoader(yaml.SafeLoader):
    """CloudFormation's short tags (!Ref, !GetAtt, !If…) as plain {tag: value} mappings."""


def _tag(loader, suffix, node):
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    return {suffix: loader.construct_scalar(node)}


_CfnLoader.add_multi_constructor("!", _tag)


def _template():
    return yaml.load(TEMPLATE.read_text(), Loader=_CfnLoader)


def test_the_rule_forwards_every_event_name_the_rules_read_and_no_other():
    pattern = _template()["Resources"]["WatchedCallsRule"]["Properties"]["EventPattern"]
    names = event_names()
    assert sorted(pattern["detail"]["eventName"]) == sorted(names)
    assert sorted(pattern["detail"]["eventSource"]) == sorted(
        {s for sources in names.values() for s in sources}
    )
    assert pattern["detail-type"] == ["AWS API Call via CloudTrail"]


def test_everything_root_does_is_forwarded_sign_ins_included():
    assert reads_root()
    pattern = _template()["Resources"]["RootActivityRule"]["Properties"]["EventPattern"]
    assert pattern["detail"]["userIdentity"]["type"] == ["Root"]
    assert sorted(pattern["detail-type"]) == sorted(DETAIL_TYPES)


def test_only_these_rules_send_and_only_the_bot_reads():
    resources = _template()["Resources"]
    send, read = resources["AlarmQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert send["Principal"] == {"Service": "events.amazonaws.com"} and send["Action"] == "sqs:SendMessage"
    assert send["Condition"]["ArnEquals"]["aws:SourceArn"] == [
        {"GetAtt": "WatchedCallsRule.Arn"},
        {"GetAtt": "RootActivityRule.Arn"},
    ]
    assert read["Principal"] == {"AWS": {"Ref": "BotPrincipalArn"}}
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage"} <= set(read["Action"])
    assert not [a for a in read["Action"] if a.startswith("sqs:Send") or a == "sqs:*"]


def test_other_regions_forward_to_the_home_region_and_the_queue_is_encrypted():
    resources = _template()["Resources"]
    for rule in ("WatchedCallsRule", "RootActivityRule"):
        condition, home, forward = resources[rule]["Properties"]["Targets"]["If"]
        assert condition == "IsHome" and home[0]["Arn"] == {"GetAtt": "AlarmQueue.Arn"}
        assert "event-bus/default" in forward[0]["Arn"]["Sub"] and "${HomeRegion}" in forward[0]["Arn"]["Sub"]
    queue = resources["AlarmQueue"]["Properties"]
    assert queue["SqsManagedSseEnabled"] is True and queue["RedrivePolicy"]["maxReceiveCount"] == 5
    assert _template()["Outputs"]["AccountsFileLine"]["Value"] == {"Sub": "alarm_queue_url: ${AlarmQueue}"}
