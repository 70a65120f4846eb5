"""What no approval can override: protected accounts, no cleanup role, typed confirmation, groups."""

from bot.cleanup.offers import get_offer
from bot.devtools.harness import ALICE, BOB, DEMO_ACCOUNT, MALLORY
from bot.model import Finding, Severity
from bot.store.tables import CleanupOffer
from tests.scenarios.cleanup.helpers import CAROL, Bot, addresses, eip_finding, make_bot


def test_protected_account_refuses_destruction_when_asked(aws, calls, address):
    with make_bot(aws, calls, account={**DEMO_ACCOUNT, "protected": True}, cleanup_mode="execute") as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([eip_finding(address)]))
        assert request.state == "failed" and request.outcome["result"] == "refused"
        card = bot.card(request.id)
        assert "is protected" in card and "cleanup.approve" not in card
        bot.approve(request.id, user=BOB)
        assert bot.get(request.id).state == "failed"
    assert calls.of("ReleaseAddress") == [] and addresses(aws) == [address["AllocationId"]]


def test_protected_account_refuses_destruction_approved_before_it_was_protected(
    aws, calls, address, tmp_path
):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    with make_bot(aws, calls, database_url=url, cleanup_mode="execute") as h:
        [request] = Bot(h, calls).request(Bot(h, calls).offer([eip_finding(address)]))
    with make_bot(aws, calls, database_url=url, account={**DEMO_ACCOUNT, "protected": True}) as h:
        bot = Bot(h, calls)
        bot.approve(request.id, user=BOB)
        row = bot.get(request.id)
        assert row.state == "failed" and "is protected" in row.outcome["summary"]
    assert calls.of("ReleaseAddress") == [] and addresses(aws) == [address["AllocationId"]]


def test_protected_account_still_allows_what_destroys_nothing(aws, calls):
    ec2 = aws.client("ec2", region_name="us-east-1")
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=50, VolumeType="gp2")
    finding = Finding(
        check="idle.ebs_gp2",
        severity=Severity.LOW,
        account="demo",
        region="us-east-1",
        resource_id=volume["VolumeId"],
        title="gp2 volume",
        evidence={"volume_type": "gp2", "size_gib": 50},
        action="ec2.modify_volume_gp3",
    )
    with make_bot(aws, calls, account={**DEMO_ACCOUNT, "protected": True}, cleanup_mode="execute") as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([finding]))
        bot.approve(request.id, user=BOB)
        assert bot.get(request.id).state == "done"
    assert ec2.describe_volumes(VolumeIds=[volume["VolumeId"]])["Volumes"][0]["VolumeType"] == "gp3"


def test_no_cleanup_role_the_request_says_so_and_nothing_is_attempted(aws, calls, address):
    account = {k: v for k, v in DEMO_ACCOUNT.items() if k != "cleanup_role_arn"}
    with make_bot(aws, calls, account=account, cleanup_mode="execute") as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([eip_finding(address)]))
        assert request.state == "failed"
        card = bot.card(request.id)
        assert "no cleanup role" in card and "infra/cleanup-role.yaml" in card
        assert "cleanup.approve" not in card
    assert not any("ChatOpsCleanup" in c.params.get("RoleArn", "") for c in calls.of("AssumeRole"))
    assert calls.of("ReleaseAddress") == []


def test_cleanup_role_that_cannot_be_assumed_fails_before_anything_is_done(aws, calls, address, tmp_path):
    from bot.devtools.aws_faults import AwsFaults

    faults = AwsFaults().fail("AccessDenied", service="sts", operation="AssumeRole")
    with make_bot(aws, calls, cleanup_mode="execute") as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([eip_finding(address)]))
        h.services.aws.add_client_hook(faults.attach)
        h.services.aws._sts = None  # the next AssumeRole goes through the faulty client
        bot.approve(request.id, user=BOB)
        row = bot.get(request.id)
    assert row.state == "failed" and row.outcome["result"] == "refused"
    assert "Could not assume" in row.outcome["summary"] and "Nothing was attempted" in row.outcome["summary"]
    assert addresses(aws) == [address["AllocationId"]]


def test_group_approvers_are_resolved_through_usergroups_users_list(aws, calls, address):
    with make_bot(aws, calls, approvers=["S0APPROVE1"], user_groups={"S0APPROVE1": [CAROL]}) as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([eip_finding(address)]))
        bot.approve(request.id, user=BOB)  # BOB is not in the group
        assert bot.get(request.id).state == "pending"
        bot.approve(request.id, user=CAROL)
        row = bot.get(request.id)
        assert row.state == "done" and row.approver == CAROL
        lookups = h.slack.called("usergroups.users.list")
        assert lookups and {c.args["usergroup"] for c in lookups} == {"S0APPROVE1"}
        assert len(lookups) == 1  # cached between the two clicks


def test_unreadable_group_fails_closed(aws, calls, address):
    with make_bot(aws, calls, approvers=["S0APPROVE1"], user_groups={"S0APPROVE1": [CAROL]}) as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([eip_finding(address)]))
        h.slack.fail_next("usergroups.users.list", status=200, error="missing_scope", times=5)
        bot.approve(request.id, user=CAROL)
        assert bot.get(request.id).state == "pending"
        assert any("could not read the approver group" in e for e in h.ephemerals())


def test_deleting_a_snapshot_needs_the_account_name_typed_in_a_modal(aws, calls):
    ec2 = aws.client("ec2", region_name="us-east-1")
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    snapshot = ec2.create_snapshot(VolumeId=volume["VolumeId"])
    finding = Finding(
        check="idle.snapshot_orphaned",
        severity=Severity.LOW,
        account="demo",
        region="us-east-1",
        resource_id=snapshot["SnapshotId"],
        title="Snapshot of a deleted volume",
        evidence={"volume_size_gib": 8, "start_time": snapshot["StartTime"]},
        action="ec2.delete_snapshot",
    )
    with make_bot(aws, calls, cleanup_mode="execute") as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([finding]))
        assert "type the account name" in bot.card(request.id)
        bot.approve(request.id, user=BOB)
        [opened] = h.slack.called("views.open")
        assert opened.args["trigger_id"]
        view = opened.args["view"]
        assert view["callback_id"] == "cleanup.confirm" and view["private_metadata"] == request.id
        assert bot.get(request.id).state == "pending"  # the click alone approves nothing

        wrong = h.send.view_submission(
            "cleanup.confirm", typed("prod"), private_metadata=request.id, user_id=BOB
        ).json()
        assert wrong["response_action"] == "errors" and "`demo`" in wrong["errors"]["account_name"]
        h.wait()
        assert bot.get(request.id).state == "pending"

        refused = h.send.view_submission(
            "cleanup.confirm", typed("demo"), private_metadata=request.id, user_id=MALLORY
        ).json()
        assert refused["response_action"] == "errors"

        right = h.send.view_submission(
            "cleanup.confirm", typed(" Demo "), private_metadata=request.id, user_id=BOB
        )
        assert right.status == 200 and not right.body
        h.wait()
        row = bot.get(request.id)
        assert row.state == "done" and row.approver == BOB
        reasons = [e.detail.get("reason") for e in bot.log(request.id) if e.event == "approval_refused"]
        assert reasons == ["confirmation_mismatch", "not_approver"]
    assert ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] == []


def test_garbage_and_unknown_ids_get_a_clear_private_answer(bot, address):
    bot.h.click("cleanup.request.1", "of_doesnotexist0000000000", user=ALICE)
    bot.h.click("cleanup.request.2", "'; DROP TABLE cleanup_requests; --", user=ALICE)
    bot.h.click("cleanup.approve", "rq_unknown00000000000000", user=BOB)
    bot.h.click("cleanup.reject", "", user=BOB)
    said = bot.h.ephemerals()
    assert sum("no longer know this cleanup offer" in e for e in said) == 2
    assert sum("don't know this request" in e for e in said) == 2
    assert bot.requests() == []
    reply = bot.h.send.view_submission("cleanup.confirm", typed("demo"), private_metadata="nope", user_id=BOB)
    assert reply.json()["response_action"] == "errors"


def test_items_the_engine_cannot_recheck_are_refused_not_guessed(bot, address):
    finding = eip_finding(address)
    bad = Finding(**{**finding.__dict__, "evidence": {"public_ip": address["PublicIp"]}})  # no association_id
    [request] = bot.request(bot.offer([bad]))
    assert request.state == "failed" and "association_id" in request.outcome["summary"]


def test_an_offer_for_an_unknown_action_is_refused(bot):
    store = bot.store
    with store.tx() as tx:
        tx.add(
            CleanupOffer(
                id="of_handmade0000000000000",
                account="demo",
                source="test",
                created_by=ALICE,
                items=[
                    {"action": "ec2.nuke_everything", "region": "us-east-1", "resource_id": "x", "facts": {}}
                ],
            )
        )
    [request] = bot.request("of_handmade0000000000000")
    assert request.state == "failed" and "not an action this bot knows" in request.outcome["summary"]
    assert get_offer(store, "of_handmade0000000000000") is not None


def typed(text: str) -> dict:
    return {"account_name": {"value": {"type": "plain_text_input", "value": text}}}
