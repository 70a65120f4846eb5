import json
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from bot.collect.iam import (
    collect_access_keys,
    collect_credential_report,
    collect_user_policies,
    parse_credential_report,
    policy_risk,
)

HEADER = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
    "cert_2_active,cert_2_last_rotated"
)
ROOT = (
    "<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,"
    "2026-11-20T08:00:00+00:00,not_supported,not_supported,false,true,2020-03-01T00:00:00+00:00,"
    "2026-11-21T10:00:00+00:00,eu-west-1,ec2,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
)
BOB = (
    "bob,arn:aws:iam::123456789012:user/bob,2025-01-01T00:00:00+00:00,true,no_information,"
    "2025-01-01T00:00:00+00:00,N/A,false,true,2025-01-02T00:00:00+00:00,N/A,N/A,N/A,"
    "true,2026-10-01T00:00:00Z,2026-11-01T00:00:00+00:00,us-east-1,s3,false,N/A,false,N/A"
)


def test_report_edge_cases_root_row_na_and_no_information():
    report = parse_credential_report(f"{HEADER}\n{ROOT}\n{BOB}\n".encode())
    root = report.root
    assert root.root and not root.mfa_active and not root.password_enabled
    assert root.active_keys[0].last_used == datetime(2026, 11, 21, 10, tzinfo=UTC)
    assert (
        root.active_keys[0].last_used_service == "ec2" and root.active_keys[0].last_used_region == "eu-west-1"
    )
    [bob] = report.iam_users
    assert bob.password_enabled and bob.password_last_used is None  # no_information
    assert [k.slot for k in bob.active_keys] == [1, 2]
    assert bob.keys[0].last_used is None and bob.keys[1].last_rotated == datetime(2026, 10, 1, tzinfo=UTC)


def test_report_without_key_columns_or_with_blank_lines():
    report = parse_credential_report("user,arn,user_creation_time,mfa_active\nalice,arn:x,garbage,true\n\n")
    [alice] = report.users
    assert alice.keys == () and alice.created is None and alice.mfa_active


def _iam(world):
    return world.session.client("iam")


def test_polls_until_the_report_is_ready_within_bounds(world):
    iam = _iam(world)
    slept = []
    with Stubber(iam) as stub:
        stub.add_response("generate_credential_report", {"State": "STARTED"})
        stub.add_response("generate_credential_report", {"State": "INPROGRESS"})
        stub.add_response("generate_credential_report", {"State": "COMPLETE"})
        stub.add_client_error("get_credential_report", "ReportInProgress")
        stub.add_response("generate_credential_report", {"State": "COMPLETE"})
        stub.add_response(
            "get_credential_report", {"Content": f"{HEADER}\n{BOB}\n".encode(), "ReportFormat": "text/csv"}
        )
        report = collect_credential_report(world.session, attempts=5, wait=2.0, sleep=slept.append)
        stub.assert_no_pending_responses()
    assert [u.user for u in report.users] == ["bob"]
    assert slept == [0.25, 0.5, 1.0]  # growing, capped by `wait`


def test_a_report_never_ready_is_a_clear_error_after_the_last_poll(world):
    iam = _iam(world)
    slept = []
    with Stubber(iam) as stub:
        for _ in range(3):
            stub.add_response("generate_credential_report", {"State": "INPROGRESS"})
        with pytest.raises(ClientError) as err:
            collect_credential_report(world.session, attempts=3, wait=0.5, sleep=slept.append)
    assert err.value.response["Error"]["Code"] == "ReportInProgress"
    assert slept == [0.25, 0.5]


def test_moto_report_and_policies_including_groups_and_local_policies(world):
    iam = world.base.client("iam")
    iam.create_user(UserName="ops")
    iam.create_group(GroupName="admins")
    iam.add_user_to_group(GroupName="admins", UserName="ops")
    star = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    )
    iam.put_group_policy(GroupName="admins", PolicyName="all", PolicyDocument=star)
    mail = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "ses:SendRawEmail", "Resource": "*"}],
        }
    )
    arn = iam.create_policy(PolicyName="mailer", PolicyDocument=mail)["Policy"]["Arn"]
    iam.create_user(UserName="mail")
    iam.attach_user_policy(UserName="mail", PolicyArn=arn)
    key = iam.create_access_key(UserName="mail")["AccessKey"]["AccessKeyId"]
    report = collect_credential_report(world.session, sleep=lambda s: None)
    assert {u.user for u in report.iam_users} == {"ops", "mail"}
    policies = {p.user: p for p in collect_user_policies(world.session)}
    assert policies["ops"].risks() == {"admins/all": "admin"} and policies["ops"].groups == ("admins",)
    assert policies["mail"].risks() == {arn: "ses"}
    keys = collect_access_keys(world.session, ["mail", "ghost"])  # a vanished user is skipped
    assert [(k.user, k.key_id, k.status) for k in keys] == [("mail", key, "Active")]


@pytest.mark.parametrize(
    ("policy", "document", "risk"),
    [
        ("arn:aws:iam::aws:policy/AdministratorAccess", None, "admin"),
        ("arn:aws:iam::aws:policy/AmazonSESFullAccess", None, "ses"),
        ("arn:aws:iam::aws:policy/ReadOnlyAccess", None, None),
        (None, {"Statement": {"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"}}, "iam"),
        (None, {"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}, "admin"),
        (None, {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}, None),
        (None, {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}]}, None),
        (
            None,
            "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22ses%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D",
            "ses",
        ),
        (None, "not json", None),
    ],
)
def test_policy_risk(policy, document, risk):
    assert policy_risk(policy, document) == risk
