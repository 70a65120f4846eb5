"""From approval to outcome over real HTTP: re-check, dry-run or act once, and keep the record."""

import threading

from bot.devtools.harness import ALICE, BOB
from bot.model import Finding, Severity
from tests.scenarios.cleanup.helpers import CAROL, PARENT, Bot, addresses, eip_finding, make_bot


def test_dry_run_calls_ec2_with_dry_run_through_the_cleanup_role_as_the_approver(bot, address, aws, calls):
    [request] = bot.request(bot.offer([eip_finding(address)]))
    bot.approve(request.id, user=BOB)

    [release] = calls.of("ReleaseAddress")
    assert release.params == {"AllocationId": address["AllocationId"], "DryRun": True}
    assert calls.role_of(aws, release).startswith("arn:aws:sts::123456789012:assumed-role/ChatOpsCleanup/")
    [recheck] = calls.of("DescribeAddresses")
    assert "/ChatOpsAudit/" in calls.role_of(aws, recheck)  # re-read through the read-only role
    assumed = {c.params["RoleArn"]: c.params for c in calls.of("AssumeRole")}
    assert assumed[aws_role("ChatOpsCleanup")]["SourceIdentity"] == "slack-U0BOB00001"
    assert assumed[aws_role("ChatOpsCleanup")]["ExternalId"] == "demo-external-id-3f9c2e"

    assert addresses(aws) == [address["AllocationId"]]  # nothing changed
    row = bot.get(request.id)
    assert row.state == "done" and row.outcome["result"] == "would-succeed"
    assert "would succeed" in bot.card(request.id)
    assert "Release Elastic IP" in bot.thread_text() and "dry-run" in bot.thread_text()


def test_execute_mode_releases_and_the_store_shows_who_when_what(execute_bot, address, aws):
    bot = execute_bot
    [request] = bot.request(bot.offer([eip_finding(address)]))
    bot.approve(request.id, user=BOB)

    assert addresses(aws) == []
    row = bot.get(request.id)
    assert (row.state, row.mode, row.requester, row.approver) == ("done", "execute", ALICE, BOB)
    assert row.requested_at <= row.decided_at <= row.updated_at
    assert row.outcome["result"] == "done" and address["PublicIp"] in row.outcome["summary"]
    assert row.outcome["by"] == BOB and row.open_key is None
    events = [(e.event, e.actor) for e in bot.log(request.id)]
    assert events == [("requested", ALICE), ("approved", BOB), ("executing", "bot"), ("outcome", BOB)]
    card = bot.card(request.id)
    assert "Done" in card and "<@U0BOB00001>" in card and "cleanup.approve" not in card
    outcome = bot.h.slack.thread(PARENT)[-1].all_text()
    assert f"Released Elastic IP {address['PublicIp']}" in outcome and "execute mode" in outcome


def test_double_click_acts_once(execute_bot, address, calls):
    bot = execute_bot
    [request] = bot.request(bot.offer([eip_finding(address)]))
    bot.approve(request.id, user=BOB, wait=False)
    bot.approve(request.id, user=BOB, wait=False)
    bot.h.wait()
    assert len(calls.of("ReleaseAddress")) == 1
    assert [e.event for e in bot.log(request.id)].count("approved") == 1
    assert any("already" in e for e in bot.h.ephemerals())
    assert bot.get(request.id).state == "done"


def test_two_approvers_at_once_act_once(aws, calls, tmp_path):
    """Two approvers click the same second on a file database (real transactions, real locks)."""
    ec2 = aws.client("ec2", region_name="us-east-1")
    eips = [ec2.allocate_address(Domain="vpc") for _ in range(3)]
    with make_bot(aws, calls, cleanup_mode="execute", database_url=f"sqlite:///{tmp_path / 'race.db'}") as h:
        bot = Bot(h, calls)
        requests = [r for e in eips for r in bot.request(bot.offer([eip_finding(e)]))]
        for request in requests:
            start = threading.Barrier(2)

            def click(user: str, request_id: str = request.id, start: threading.Barrier = start) -> None:
                start.wait()
                bot.approve(request_id, user=user, wait=False)

            racers = [threading.Thread(target=click, args=(u,)) for u in (BOB, CAROL)]
            for t in racers:
                t.start()
            for t in racers:
                t.join()
        h.wait()
        released = [c.params["AllocationId"] for c in calls.of("ReleaseAddress")]
        assert sorted(released) == sorted(e["AllocationId"] for e in eips)  # each exactly once
        for request in requests:
            row = bot.get(request.id)
            assert row.state == "done" and row.approver in (BOB, CAROL)
            assert [e.event for e in bot.log(request.id)].count("approved") == 1
        assert addresses(aws) == []


def test_changed_resource_is_not_touched_and_the_answer_says_what_changed(execute_bot, address, aws, calls):
    bot = execute_bot
    [request] = bot.request(bot.offer([eip_finding(address)]))
    ec2 = aws.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
    association = ec2.associate_address(AllocationId=address["AllocationId"], NetworkInterfaceId=eni)
    bot.approve(request.id, user=BOB)

    assert calls.of("ReleaseAddress") == []
    assert addresses(aws) == [address["AllocationId"]]
    row = bot.get(request.id)
    assert row.state == "failed" and row.outcome["result"] == "changed"
    assert row.outcome["changes"] == [
        {"fact": "association_id", "was": None, "now": association["AssociationId"]}
    ]
    text = bot.thread_text()
    assert "association_id" in text and association["AssociationId"] in text and "nothing was done" in text


def test_already_gone_is_done_not_an_error(execute_bot, address, aws, calls):
    bot = execute_bot
    [request] = bot.request(bot.offer([eip_finding(address)]))
    aws.client("ec2", region_name="us-east-1").release_address(AllocationId=address["AllocationId"])
    bot.approve(request.id, user=BOB)
    row = bot.get(request.id)
    assert row.state == "done" and row.outcome["result"] == "already"
    assert "already gone" in row.outcome["summary"]
    assert calls.of("ReleaseAddress") == []


def test_approve_all_checks_and_acts_on_each(bot, aws, calls):
    ec2 = aws.client("ec2", region_name="us-east-1")
    eips = [ec2.allocate_address(Domain="vpc") for _ in range(3)]
    requests = bot.request(bot.offer([eip_finding(e) for e in eips]))
    assert len(requests) == 3 and len({r.batch_id for r in requests}) == 1
    header = bot.h.slack.thread(PARENT)[0]
    [approve_all] = [e for b in header.blocks if b["type"] == "actions" for e in b["elements"]]
    assert approve_all["action_id"] == "cleanup.approve_all" and approve_all["value"] == requests[0].batch_id

    bot.h.click("cleanup.approve_all", requests[0].batch_id, user=ALICE)  # the requester: refused
    assert all(bot.get(r.id).state == "pending" for r in requests)
    bot.h.click("cleanup.approve_all", requests[0].batch_id, user=BOB)
    assert all(bot.get(r.id).state == "done" for r in requests)
    assert len(calls.of("ReleaseAddress")) == 3


def test_a_second_click_on_the_offer_does_not_file_twice(bot, address):
    offer_id = bot.offer([eip_finding(address)])
    [first] = bot.request(offer_id)
    assert bot.request(offer_id, user=CAROL) == []
    assert any("Already requested" in e for e in bot.h.ephemerals())
    bot.reject(first.id, user=BOB)
    [again] = bot.request(offer_id, user=CAROL)  # decided: it may be asked for again
    assert again.id != first.id and again.state == "pending"


def aws_role(name: str) -> str:
    return f"arn:aws:iam::123456789012:role/{name}"


def test_a_replaced_instance_is_not_stopped(execute_bot, aws, calls):
    """Same ID, different launch time (it was stopped and started, or the record is stale): hands off."""
    ec2 = aws.client("ec2", region_name="us-east-1")
    instance = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="t3.micro")
    instance_id = instance["Instances"][0]["InstanceId"]
    finding = Finding(
        check="idle.ec2_low_cpu",
        severity=Severity.MEDIUM,
        account="demo",
        region="us-east-1",
        resource_id=instance_id,
        title="idle instance",
        evidence={
            "state": "running",
            "launch_time": "2025-01-01T00:00:00+00:00",
            "instance_type": "t3.micro",
        },
        action="ec2.stop_instance",
    )
    bot = execute_bot
    [request] = bot.request(bot.offer([finding]))
    bot.approve(request.id, user=BOB)
    row = bot.get(request.id)
    assert row.state == "failed" and row.outcome["result"] == "changed"
    assert [c["fact"] for c in row.outcome["changes"]] == ["launch_time"]
    assert calls.of("StopInstances") == []
    state = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["State"]
    assert state["Name"] == "running"
