"""Admin, IAM full access or SES sending granted to a user; a read-only policy is not."""

import json

import pytest
from watch_helpers import NOW, Trail, run_rule

RULE = "watch.risky_policy"


@pytest.mark.parametrize(
    ("policy", "word"),
    [
        ("arn:aws:iam::aws:policy/AdministratorAccess", "admin"),
        ("arn:aws:iam::aws:policy/AmazonSESFullAccess", "SES sending"),
        ("arn:aws:iam::aws:policy/IAMFullAccess", "IAM full access"),
    ],
)
def test_risky_managed_policies_fire(policy, word):
    trail = Trail()
    [hit] = run_rule(
        RULE, [trail.iam("AttachUserPolicy", NOW, request={"userName": "svc", "policyArn": policy})]
    )
    assert f"({word}) to `svc`" in hit.title


def test_a_read_only_policy_does_not_fire():
    trail = Trail()
    request = {"userName": "svc", "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}
    assert run_rule(RULE, [trail.iam("AttachUserPolicy", NOW, request=request)]) == []


def test_an_inline_star_policy_fires_a_narrow_one_does_not():
    trail = Trail()
    star = json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    narrow = json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
    [hit] = run_rule(
        RULE,
        [
            trail.iam(
                "PutUserPolicy", NOW, request={"userName": "u", "policyName": "ops", "policyDocument": star}
            )
        ],
    )
    assert "`ops` (admin)" in hit.title
    request = {"userName": "u", "policyName": "read", "policyDocument": narrow}
    assert run_rule(RULE, [trail.iam("PutUserPolicy", NOW, request=request)]) == []
