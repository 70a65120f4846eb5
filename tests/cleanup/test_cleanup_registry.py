"""Meta-test over the action registry: every catalog action is implemented, declares the IAM
permissions its run() needs (real IAM actions), a re-check and a dry-run path."""

import re

import botocore.session
import pytest

from bot.cleanup.catalog import ACTIONS, DESTRUCTIVE
from bot.cleanup.registry import Action, action, all_actions

# IAM service prefix → the boto3 services whose operations it authorizes
SERVICES = {
    "ec2": ["ec2"],
    "elasticloadbalancing": ["elb", "elbv2"],
    "logs": ["logs"],
    "iam": ["iam"],
    "sagemaker": ["sagemaker"],
    "s3": ["s3"],
    "guardduty": ["guardduty"],
}
# IAM actions whose name differs from the API operation they authorize
RENAMED = {"s3:PutBucketPublicAccessBlock": "PutPublicAccessBlock"}


def test_every_catalog_action_is_implemented_and_nothing_else():
    assert set(all_actions()) == set(ACTIONS)


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_declares_permissions_recheck_dry_run_and_run(name):
    spec = all_actions()[name]
    cls = type(spec)
    for method in ("recheck", "dry_run", "run"):
        assert getattr(cls, method) is not getattr(Action, method), f"{name} lacks {method}()"
    assert spec.permissions and spec.title
    assert set(spec.checked_facts) | set(spec.targets) == set(ACTIONS[name])
    if spec.destructive:
        assert spec.warning, f"{name} destroys something: the approver must be told what"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_permissions_are_real_iam_actions(name):
    session = botocore.session.get_session()
    for permission in all_actions()[name].permissions:
        prefix, operation = permission.split(":")
        if permission == "iam:CreateServiceLinkedRole":
            operation = "CreateServiceLinkedRole"
        operation = RENAMED.get(permission, operation)
        models = [session.get_service_model(s) for s in SERVICES[prefix]]
        assert any(operation in m.operation_names for m in models), f"{permission} is not an API of {prefix}"


def test_what_cannot_be_undone_needs_the_account_name_typed():
    typed = {n for n, a in all_actions().items() if a.confirm}
    assert typed == {"ec2.delete_snapshot", "ec2.deregister_image", "ec2.terminate_instance"}
    assert typed <= DESTRUCTIVE


def test_access_keys_are_deactivated_never_deleted():
    assert all(not p.startswith("iam:DeleteAccessKey") for a in all_actions().values() for p in a.permissions)


def test_ec2_actions_dry_run_with_the_dry_run_flag():
    """Their dry_run path calls EC2 itself (DryRun=True), never a simulation."""
    import inspect

    for name, spec in all_actions().items():
        if name.startswith("ec2."):
            source = inspect.getsource(type(spec).dry_run)
            assert "DryRun=True" in source and "ec2_dry_run" in source, name


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("ec2.not_in_catalog", {"permissions": ["ec2:X"]}, "not in bot.cleanup.catalog"),
        ("ec2.release_address", {"permissions": []}, "permissions must be IAM actions"),
        ("ec2.release_address", {"permissions": ["ReleaseAddress"]}, "permissions must be IAM actions"),
        (
            "logs.set_retention",
            {"permissions": ["logs:X"], "targets": ["nope"]},
            "not among the catalog's facts",
        ),
    ],
)
def test_registering_a_bad_action_fails_at_import(name, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        action(name, title="x", **kwargs)(type("Bad", (Action,), {}))


def test_an_action_cannot_be_registered_twice():
    all_actions()
    with pytest.raises(ValueError, match="registered twice"):
        action("ec2.release_address", permissions=["ec2:ReleaseAddress"], title="x")(
            type("Again", (Action,), {})
        )
