"""Role sessions' clients: one per key however many threads ask; shared models and classes; own keys."""

import threading
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.utils import parse_timestamp as botocore_timestamp

from bot.accounts import parse_accounts
from bot.aws.clients import parse_timestamp, share_models_and_classes
from bot.aws.session import AwsAccess


@pytest.fixture
def people(aws, account):
    """Alice's and Bob's sessions on the same account, and the client hooks that ran."""
    hooked = []
    access = AwsAccess(aws, client_hooks=[lambda client, service, region: hooked.append((service, region))])
    acct = parse_accounts([account])[0]
    return access.for_account(acct, "U0ALICE001"), access.for_account(acct, "U0BOB00001"), hooked


def test_threads_asking_at_once_get_one_client_per_key_with_its_hooks_run_once(people):
    alice, _, hooked = people
    keys = [("ec2", "us-east-1"), ("ec2", "eu-west-1"), ("ecs", "us-east-1"), ("iam", None)] * 8
    start = threading.Barrier(len(keys))
    got = [None] * len(keys)

    def ask(n, service, region):
        start.wait()
        got[n] = alice.client(service, region)

    threads = [threading.Thread(target=ask, args=(n, *key)) for n, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    by_key = {}
    for key, client in zip(keys, got, strict=True):
        by_key.setdefault(key, set()).add(id(client))
    assert all(len(ids) == 1 for ids in by_key.values())  # one client per (service, region)
    assert sorted(hooked) == sorted([("ec2", "us-east-1"), ("ec2", "eu-west-1"), ("ecs", "us-east-1"),
                                     ("iam", "us-east-1")])  # fmt: skip


def test_people_share_models_and_classes_but_sign_with_their_own_role_session(people):
    alice, bob, _ = people
    mine, theirs = alice.client("ec2", "us-east-1"), bob.client("ec2", "us-east-1")
    assert mine is not theirs
    assert type(mine) is type(theirs)  # one client class per service, not per client
    assert mine.meta.service_model is theirs.meta.service_model
    assert type(alice.client("ec2", "eu-west-1")) is type(mine)
    keys = []

    def signed_with(request, **_):
        keys.append(request.headers["Authorization"].split(b"/")[0])  # "AWS4-HMAC-SHA256 Credential=AKID"

    for client in (mine, theirs):
        client.meta.events.register("before-send", signed_with)
        assert client.describe_vpcs()["Vpcs"]  # the shared class and model work
    assert len(set(keys)) == 2  # each person's calls are signed with that person's AssumeRole keys
    identities = {c.get_caller_identity()["Arn"] for c in (alice.client("sts"), bob.client("sts"))}
    sessions = {arn.rsplit("/", 1)[-1] for arn in identities}
    assert sessions == {"chatops-slack-U0ALICE001", "chatops-slack-U0BOB00001"}


def test_clients_made_elsewhere_in_the_process_are_built_as_botocore_builds_them(aws):
    assert share_models_and_classes()  # the installed botocore still builds clients this way
    first, second = (boto3.Session(region_name="us-east-1").client("ec2") for _ in range(2))
    assert type(first) is not type(second)
    assert first.meta.service_model is not second.meta.service_model


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-01T12:34:56Z",
        "2024-03-01T12:34:56.789Z",
        "2024-03-01T12:34:56.123456789Z",  # more digits than microseconds
        "2024-03-01T21:34:56+09:00",
        "2024-03-01T12:34:56",  # no zone: naive, as botocore returns it
        "Fri, 01 Mar 2024 12:34:56 GMT",  # RFC 822 (S3's Last-Modified): botocore's parser
        1709296496,
        1709296496.5,
        "1709296496",
    ],
)
def test_timestamps_parse_to_the_same_instant_as_botocore(value):
    ours, theirs = parse_timestamp(value), botocore_timestamp(value)
    assert (ours.tzinfo is None) == (theirs.tzinfo is None)
    if ours.tzinfo is None:
        assert ours == theirs
    else:
        assert ours.astimezone(UTC) == theirs.astimezone(UTC)


def test_api_timestamps_are_aware_datetimes(people, aws):
    alice, _, _ = people
    aws.client("ec2", "us-east-1").run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)
    instance = alice.client("ec2", "us-east-1").describe_instances()["Reservations"][0]["Instances"][0]
    launched = instance["LaunchTime"]
    assert launched.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - launched) < timedelta(minutes=5)
