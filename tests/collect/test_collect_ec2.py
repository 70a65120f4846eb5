from datetime import UTC, datetime

import pytest
from botocore.stub import Stubber

from bot.accounts import parse_accounts
from bot.aws.session import AwsAccess
from bot.collect import ec2
from bot.collect.ec2 import parse_time, stopped_at


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("User initiated (2025-10-03 21:21:59 GMT)", datetime(2025, 10, 3, 21, 21, 59, tzinfo=UTC)),
        ("User initiated (2025-10-03 21:21:59 UTC)", datetime(2025, 10, 3, 21, 21, 59, tzinfo=UTC)),
        ("Server.ScheduledStop: Stopped due to scheduled retirement", None),
        ("", None),
        (None, None),
    ],
)
def test_when_an_instance_stopped_is_read_from_its_reason(reason, expected):
    assert stopped_at(reason) == expected


def test_times_are_aware_utc_whatever_their_shape():
    assert parse_time("2025-01-02T03:04:05.000Z") == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert parse_time(datetime(2025, 1, 2)) == datetime(2025, 1, 2, tzinfo=UTC)
    assert parse_time("") is None and parse_time(None) is None


def test_snapshots_paginate_once_and_copies_have_no_source_volume(aws, account):
    session = AwsAccess(aws).for_account(parse_accounts([account])[0], "U1")
    client = session.client("ec2", "eu-west-1")
    stub = Stubber(client)
    page = {"OwnerIds": ["self"], "MaxResults": 1000}
    stub.add_response(
        "describe_snapshots",
        {
            "Snapshots": [{"SnapshotId": "snap-1", "VolumeId": "vol-ffffffff", "VolumeSize": 8}],
            "NextToken": "t",
        },
        page,
    )
    stub.add_response(
        "describe_snapshots",
        {
            "Snapshots": [
                {"SnapshotId": "snap-2", "VolumeId": "vol-0abc", "VolumeSize": 20, "StorageTier": "archive"}
            ]
        },
        {**page, "NextToken": "t"},
    )
    with stub:
        found = ec2.snapshots(session, "eu-west-1")
    assert [(s.id, s.volume_id, s.storage_tier) for s in found] == [
        ("snap-1", None, "standard"),
        ("snap-2", "vol-0abc", "archive"),
    ]
    assert all(s.region == "eu-west-1" for s in found)


def test_unknown_collector_names_the_known_ones():
    from bot.collect.registry import get_collector

    with pytest.raises(KeyError, match=r"ec2\.volumes"):
        get_collector("ec2.volume")
