"""infra/cleanup-role.yaml grants exactly what the registry declares, and only the bot may use it."""

from pathlib import Path
from typing import Any

import yaml

from bot.cleanup.registry import all_actions

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "cleanup-role.yaml"


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref, !GetAtt, !Sub…) read as their long forms."""


def _tag(loader: CfnLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node)
    else:
        value = loader.construct_mapping(node)
    return {"Ref" if suffix == "Ref" else f"Fn::{suffix}": value}


CfnLoader.add_multi_constructor("!", _tag)


def template() -> dict[str, Any]:
    return yaml.load(TEMPLATE.read_text(), Loader=CfnLoader)


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def role() -> dict[str, Any]:
    [resource] = [r for r in template()["Resources"].values() if r["Type"] == "AWS::IAM::Role"]
    return resource["Properties"]


def test_permissions_are_exactly_the_registry_union():
    granted = set()
    for policy in role()["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow"
            granted |= set(_listed(statement["Action"]))
    declared = {p for a in all_actions().values() for p in a.permissions}
    assert granted == declared
    assert not any("*" in p for p in granted)
    assert not role().get("ManagedPolicyArns")


def test_only_the_bot_may_assume_it_with_the_external_id_and_name_the_approver():
    statements = role()["AssumeRolePolicyDocument"]["Statement"]
    for statement in statements:
        assert statement["Effect"] == "Allow"
        assert statement["Principal"] == {"AWS": {"Ref": "BotPrincipalArn"}}
    actions = {a: s for s in statements for a in _listed(s["Action"])}
    assert set(actions) == {"sts:AssumeRole", "sts:SetSourceIdentity"}
    assert actions["sts:AssumeRole"]["Condition"] == {
        "StringEquals": {"sts:ExternalId": {"Ref": "ExternalId"}}
    }
    assert "sts:SourceIdentity" in actions["sts:SetSourceIdentity"]["Condition"]["StringLike"]
    assert template()["Parameters"]["ExternalId"]["NoEcho"] is True


def test_the_readme_gives_the_deploy_command():
    readme = (TEMPLATE.parents[1] / "README.md").read_text()
    assert "aws cloudformation deploy --template-file infra/cleanup-role.yaml" in readme
    assert "CAPABILITY_NAMED_IAM" in readme
