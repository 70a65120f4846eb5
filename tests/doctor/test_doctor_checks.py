"""`python -m bot doctor`: one failing check of each kind gives its fix line and exit 1; all green exits 0."""

import re

from bot.devtools.harness import DEMO_ACCOUNT, SIGNING_SECRET
from bot.doctor.slack import manifest_scopes

DIGEST = "C0DIGEST01"
TOKEN = "xoxb-0000-doctor-secret"  # the same as conftest.py gives the doctor


def _line(output, pattern):
    """The ✗ line matching `pattern`, and the fix under it."""
    lines = output.splitlines()
    for n, line in enumerate(lines):
        if re.search(pattern, line):
            fix = lines[n + 1].strip() if n + 1 < len(lines) else ""
            return line.strip(), fix
    raise AssertionError(f"no line matching {pattern!r} in:\n{output}")


def test_a_good_setup_is_all_green_and_exits_zero(setup):
    code, output = setup.run()
    assert code == 0, output
    assert "✗" not in output
    assert "All checks passed" in output
    for expected in (
        "✓ bot token: @aws-chatops",
        "✓ scopes: all",
        "✓ HTTP mode: SLACK_SIGNING_SECRET set",
        f"✓ DIGEST_CHANNEL {DIGEST}",
        "schema current",
        "✓ audit role ChatOpsAudit: assumed with the ExternalId, as chatops-scheduler and as slack-doctor",
        "✓ regions: 3 from the accounts file; regional reads sampled in us-east-1",
        "✓ guardduty ListDetectors in us-east-1 — /aws-audit",
        "✓ invoicing ListInvoiceSummaries — /aws-pastdue",
        "✓ budgets DescribeBudgets — /aws-digest",
        "✓ cleanup role ChatOpsCleanup: assumed",
        "✓ cleanup role: ec2:StopInstances with DryRun accepted in us-east-1",
        "✓ cleanup role: allows all",
    ):
        assert expected in output, expected


def test_secrets_are_never_printed(setup):
    _, output = setup.run()
    for secret in (TOKEN, SIGNING_SECRET, DEMO_ACCOUNT["external_id"]):
        assert secret not in output


def test_a_bad_token_is_reported_with_how_to_get_a_new_one(setup):
    setup.slack.fail_next("auth.test", status=200, error="invalid_auth")
    code, output = setup.run()
    assert code == 1
    line, fix = _line(output, r"✗ bot token")
    assert "invalid_auth" in line
    assert "reinstall" in fix.lower() and "SLACK_BOT_TOKEN" in fix


def test_a_missing_scope_is_named_with_how_to_add_it(setup):
    setup.slack.scopes = sorted(manifest_scopes() - {"files:read"})
    code, output = setup.run()
    assert code == 1
    line, fix = _line(output, r"✗ scopes")
    assert "missing files:read" in line
    assert "reinstall" in fix and "manifest.yaml" in fix


def test_http_mode_without_a_signing_secret(setup):
    setup.settings["slack_signing_secret"] = None
    code, output = setup.run()
    assert code == 1
    _, fix = _line(output, r"✗ HTTP mode without SLACK_SIGNING_SECRET")
    assert "Signing Secret" in fix and "SLACK_APP_TOKEN" in fix


def test_socket_mode_checks_the_app_token(setup):
    setup.settings["slack_app_token"] = "xapp-1-doctor"
    code, output = setup.run()
    assert code == 0 and "✓ Socket Mode: SLACK_APP_TOKEN works" in output
    assert setup.slack.called("apps.connections.open")
    setup.slack.fail_next("apps.connections.open", status=200, error="invalid_auth")
    code, output = setup.run()
    assert code == 1
    _, fix = _line(output, r"✗ Socket Mode")
    assert "connections:write" in fix


def test_a_role_that_does_not_trust_the_bot_is_explained(setup):
    setup.deny_assume_role(
        "User: arn:aws:iam::123456789012:user/bot is not authorized to perform: sts:AssumeRole on resource: "
        "arn:aws:iam::123456789012:role/ChatOpsAudit"
    )
    code, output = setup.run()
    assert code == 1
    line, fix = _line(output, r"✗ audit role ChatOpsAudit as chatops-scheduler")
    assert "AccessDenied" in line
    assert "ExternalId" in fix and "infra/audit-role.yaml" in fix and "BotPrincipalArn=" in fix
    assert "guardduty" not in output  # no reads without the role


def test_a_trust_policy_without_set_source_identity_is_its_own_fix(setup):
    setup.deny_assume_role(
        "User: arn:aws:iam::123456789012:user/bot is not authorized to perform: sts:SetSourceIdentity on "
        "resource: arn:aws:iam::123456789012:role/ChatOpsAudit",
        when=lambda params: params.get("SourceIdentity", "").startswith("slack-"),
    )
    code, output = setup.run()
    assert code == 1
    line, fix = _line(output, r"✗ audit role ChatOpsAudit as slack-doctor")
    assert "AccessDenied" in line
    assert "sts:SetSourceIdentity" in fix and "slack-*" in fix
    assert "ExternalId" not in fix


def test_one_service_denied_names_the_action_and_who_needs_it(setup):
    setup.faults.fail("AccessDeniedException", service="guardduty")
    code, output = setup.run()
    assert code == 1
    line, fix = _line(output, r"✗ guardduty ListDetectors")
    assert "access denied" in line and "/aws-audit" in line
    assert "guardduty:ListDetectors" in fix and "infra/audit-role.yaml" in fix
    assert "✓ ec2 DescribeInstances" in output  # the other reads still answer


def test_a_cleanup_role_that_cannot_be_assumed(setup):
    setup.deny_assume_role(
        "not authorized to perform: sts:AssumeRole", when=lambda params: "Cleanup" in params["RoleArn"]
    )
    code, output = setup.run()
    assert code == 1
    _, fix = _line(output, r"✗ cleanup role ChatOpsCleanup as slack-doctor")
    assert "infra/cleanup-role.yaml" in fix
    assert "✓ audit role ChatOpsAudit" in output


def test_a_cleanup_role_refusing_the_dry_run_or_missing_actions(setup):
    setup.faults.fail("UnauthorizedOperation", service="ec2", operation="StopInstances")
    setup.simulation_denies = {"ec2:DeleteVolume", "iam:UpdateAccessKey"}
    code, output = setup.run()
    assert code == 1
    _, fix = _line(output, r"✗ cleanup role: ec2:StopInstances with DryRun refused")
    assert "infra/cleanup-role.yaml" in fix
    line, _ = _line(output, r"✗ cleanup role: denies")
    assert "ec2:DeleteVolume" in line and "iam:UpdateAccessKey" in line


def test_no_cleanup_role_is_not_a_failure(setup):
    setup.accounts = [{k: v for k, v in DEMO_ACCOUNT.items() if k != "cleanup_role_arn"}]
    code, output = setup.run()
    assert code == 0, output
    assert "– cleanup role: not configured" in output


def test_an_unmigrated_database(setup):
    from sqlalchemy import create_engine, text

    path = setup.tmp / "old.db"
    with create_engine(f"sqlite:///{path}").begin() as connection:  # a database from before the bot
        connection.execute(text("CREATE TABLE unrelated (id INTEGER)"))
    setup.settings["database_url"] = f"sqlite:///{path}"
    code, output = setup.run()
    assert code == 1
    line, fix = _line(output, r"✗ database")
    assert "not migrated" in line and "0006" in line
    assert "python -m bot migrate" in fix
    assert "✓ ce GetCostAndUsage" in output  # Cost Explorer is still probed, uncached


def test_a_missing_sqlite_file_is_reported_not_created(setup):
    path = setup.tmp / "fresh.db"
    setup.settings["database_url"] = f"sqlite:///{path}"
    code, output = setup.run()
    assert code == 1
    _, fix = _line(output, r"✗ database .*no database file yet")
    assert "python -m bot migrate" in fix
    assert not path.exists()  # the doctor changes nothing


def test_an_unreachable_database_never_shows_its_password(setup):
    setup.settings["database_url"] = "postgresql://chatops:s3cr3t-pw@127.0.0.1:1/chatops"
    code, output = setup.run()
    assert code == 1
    line, fix = _line(output, r"✗ database")
    assert "unreachable" in line and "s3cr3t-pw" not in output
    assert "DATABASE_URL" in fix


def test_the_bot_not_in_the_digest_channel(setup):
    setup.slack.not_member.add(DIGEST)
    code, output = setup.run()
    assert code == 1
    line, fix = _line(output, rf"✗ DIGEST_CHANNEL {DIGEST}")
    assert "not a member" in line and "/invite" in fix


def test_a_channel_id_slack_does_not_know(setup):
    setup.slack.fail_next("conversations.info", status=200, error="channel_not_found")
    code, output = setup.run()
    assert code == 1
    _, fix = _line(output, r"✗ DIGEST_CHANNEL")
    assert "Channel ID" in fix


def test_no_accounts_and_no_approvers(setup):
    setup.accounts = []
    setup.settings["approvers"] = []
    code, output = setup.run()
    assert code == 1
    _line(output, r"✗ accounts: none")
    _line(output, r"✗ APPROVERS is empty")
