"""The audit role template customers deploy: read-only, the bot alone, with the ExternalId, one hour."""

from pathlib import Path

import yaml

TEMPLATE = Path(__file__).resolve().parents[1] / "infra" / "audit-role.yaml"
READ_VERBS = ("Get", "List", "Describe", "View", "LookupEvents", "GenerateCredentialReport", "BatchGet")


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation's short tags (!Ref, !Sub, !GetAtt) as plain values."""


_CfnLoader.add_multi_constructor("!", lambda loader, suffix, node: {suffix: loader.construct_scalar(node)})


def _role():
    template = yaml.load(TEMPLATE.read_text(), Loader=_CfnLoader)
    return template, template["Resources"]["AuditRole"]["Properties"]


def test_only_the_bot_with_the_external_id_may_assume_it_naming_the_slack_user():
    template, role = _role()
    assume, source = role["AssumeRolePolicyDocument"]["Statement"]
    assert assume["Action"] == "sts:AssumeRole" and assume["Principal"]["AWS"] == {"Ref": "BotPrincipalArn"}
    assert assume["Condition"]["StringEquals"]["sts:ExternalId"] == {"Ref": "ExternalId"}
    assert source["Action"] == "sts:SetSourceIdentity" and source["Principal"] == assume["Principal"]
    assert role["MaxSessionDuration"] == 3600
    assert (
        template["Parameters"]["ExternalId"]["NoEcho"] is True
        and template["Parameters"]["ExternalId"]["MinLength"] >= 32
    )


def test_it_can_only_read():
    _, role = _role()
    managed = [p["Sub"].rsplit("policy/", 1)[1] for p in role["ManagedPolicyArns"]]
    assert managed == ["SecurityAudit", "job-function/ViewOnlyAccess"]
    for policy in role["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow"
            for action in statement["Action"]:
                verb = action.split(":", 1)[1]
                assert verb.startswith(READ_VERBS), action


def test_every_permission_the_audit_uses_is_granted_by_name_or_pattern():
    import fnmatch

    from bot.audit.permissions import AUDIT_PERMISSIONS

    _, role = _role()
    granted = [a for p in role["Policies"] for st in p["PolicyDocument"]["Statement"] for a in st["Action"]]
    implicit = {"sts:GetCallerIdentity"}  # needs no permission
    for permission in set(AUDIT_PERMISSIONS) - implicit:
        assert any(fnmatch.fnmatch(permission, g) for g in granted), permission
