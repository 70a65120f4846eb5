from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from bot.accounts import parse_accounts
from bot.aws.session import SCHEDULER, AssumeRoleError, AwsAccess, source_identity
from bot.devtools.aws_faults import AwsFaults


def _record_assume_role(session):
    seen = []
    session.events.register(
        "provide-client-params.sts.AssumeRole", lambda params, **_: seen.append(dict(params))
    )
    return seen


def test_assume_role_names_the_slack_user_and_proves_external_id(aws, account):
    seen = _record_assume_role(aws)
    acct = parse_accounts([account])[0]
    session = AwsAccess(aws).for_account(acct, "U0ALICE001")
    session.verify()
    assert seen == [
        {
            "RoleArn": acct.audit_role_arn,
            "RoleSessionName": "chatops-slack-U0ALICE001",
            "ExternalId": acct.external_id,
            "SourceIdentity": "slack-U0ALICE001",
            "DurationSeconds": 3600,
        }
    ]
    # the assumed credentials are used for the account's calls (moto maps them to the role's account)
    identity = session.client("sts").get_caller_identity()
    assert identity["Arn"].startswith("arn:aws:sts::123456789012:assumed-role/ChatOpsAudit/")


def test_scheduler_identity_and_cleanup_role(aws, account):
    seen = _record_assume_role(aws)
    acct = parse_accounts([account])[0]
    AwsAccess(aws).for_account(acct, SCHEDULER, role="cleanup").verify()
    assert seen[0]["SourceIdentity"] == "chatops-scheduler"
    assert seen[0]["RoleArn"] == acct.cleanup_role_arn


def test_no_cleanup_role_is_a_clear_refusal(aws, account):
    account.pop("cleanup_role_arn")
    acct = parse_accounts([account])[0]
    with pytest.raises(AssumeRoleError, match="no cleanup role configured"):
        AwsAccess(aws).for_account(acct, "U1", role="cleanup")


def test_credentials_are_cached_until_shortly_before_expiry(aws, account):
    seen = _record_assume_role(aws)
    acct = parse_accounts([account])[0]
    access = AwsAccess(aws)
    start = datetime.now(UTC)
    with freeze_time(start) as clock:
        session = access.for_account(acct, "U1")
        session.client("ec2", "us-east-1").describe_vpcs()
        assert access.for_account(acct, "U1") is session
        clock.tick(timedelta(minutes=30))
        session.client("ec2", "eu-west-1").describe_vpcs()
        assert len(seen) == 1  # still valid: no new AssumeRole
        clock.tick(timedelta(minutes=25))  # 5 minutes before expiry
        session.client("ec2", "us-east-1").describe_vpcs()
        assert len(seen) == 2  # refreshed before it expired


def test_assume_role_denied_says_what_to_fix(aws, account):
    faults = AwsFaults().fail("AccessDenied", service="sts", operation="AssumeRole")
    acct = parse_accounts([account])[0]
    session = AwsAccess(aws, client_hooks=[faults.attach]).for_account(acct, "U1")
    with pytest.raises(AssumeRoleError) as info:
        session.verify()
    message = str(info.value)
    assert "Could not assume `ChatOpsAudit` in `demo` (123456789012): AccessDenied" in message
    assert "ExternalId" in message and "SetSourceIdentity" in message


def test_source_identity_is_always_valid():
    assert source_identity("U0ALICE001") == "slack-U0ALICE001"
    assert source_identity(SCHEDULER) == SCHEDULER
    weird = source_identity("U1 <script>" + "x" * 100)
    assert len(weird) <= 64 and " " not in weird and "<" not in weird


def test_enabled_regions_come_from_the_account_or_aws(aws, account):
    acct = parse_accounts([account])[0]
    assert AwsAccess(aws).for_account(acct, "U1").regions() == ["us-east-1", "eu-west-1", "ap-northeast-2"]
    account.pop("regions")
    discovered = AwsAccess(aws).for_account(parse_accounts([account])[0], "U1").regions()
    assert "us-east-1" in discovered and "eu-west-1" in discovered
    assert discovered == sorted(discovered)


def test_sessions_are_kept_for_later_commands_within_a_bound(aws, account):
    seen = _record_assume_role(aws)
    acct = parse_accounts([account])[0]
    now = [0.0]
    access = AwsAccess(aws, max_sessions=2, idle_seconds=900, clock=lambda: now[0])
    alice = access.for_account(acct, "U0ALICE001")
    bob = access.for_account(acct, "U0BOB00001")
    alice.verify()
    assert access.for_account(acct, "U0ALICE001") is alice  # kept: Alice asked most recently
    access.for_account(acct, "U0CAROL001")  # a third person: Bob, the least recently used, is dropped
    assert access.for_account(acct, "U0ALICE001") is alice
    assert access.for_account(acct, "U0BOB00001") is not bob
    bob.client("ec2", "us-east-1").describe_vpcs()  # a dropped session still works for whoever holds it
    now[0] += 901  # unused for longer than idle_seconds: dropped, and the role assumed again
    fresh = access.for_account(acct, "U0ALICE001")
    assert fresh is not alice
    fresh.verify()
    assert [call["SourceIdentity"] for call in seen].count("slack-U0ALICE001") == 2
