"""Every timestamp the bot reads is aware UTC, whatever the machine's own zone is."""

import os
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from botocore.utils import parse_timestamp as botocore_timestamp

from bot.aws.clients import parse_timestamp
from bot.collect.cloudtrail import parse_record
from bot.collect.inventory_lambda import collect_lambdas
from bot.times import as_utc, parse_time, read_time

EPOCH = 1709296496  # 2024-03-01 12:34:56 UTC


@pytest.fixture
def tokyo():
    """The process's local zone is UTC+9 for the test (a host left in its region's zone)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_epoch_timestamps_come_back_in_utc_not_the_local_zone(tokyo):
    assert botocore_timestamp(EPOCH).strftime("%H:%M") == "21:34"  # botocore: the machine's zone
    parsed = parse_timestamp(EPOCH)
    assert parsed.tzinfo is UTC and parsed.strftime("%H:%M") == "12:34"


def test_cloudtrail_event_times_print_in_utc_whatever_zone_botocore_gave(tokyo):
    event = parse_record(
        {}, "us-east-1", {"EventName": "RunInstances", "EventTime": botocore_timestamp(EPOCH)}
    )
    assert event.time.tzinfo is UTC and event.time.strftime("%m-%d %H:%M:%S") == "03-01 12:34:56"


def test_a_lambda_modified_time_without_a_zone_is_utc_and_compares_with_aware_times():
    class Pages:
        def paginate(self):
            return [{"Functions": [{"FunctionName": "f", "LastModified": "2024-05-02T03:12:45"}]}]

    class Session:
        def client(self, service, region):
            return type("Client", (), {"get_paginator": lambda self, name: Pages()})()

    [fn] = collect_lambdas(Session(), "us-east-1")
    assert fn.last_modified == datetime(2024, 5, 2, 3, 12, 45, tzinfo=UTC)
    assert fn.last_modified < datetime.now(UTC)


def test_parse_and_read_time():
    nine = timezone(timedelta(hours=9))
    assert parse_time("2024-03-01T21:34:56+09:00") == datetime(2024, 3, 1, 12, 34, 56, tzinfo=UTC)
    assert parse_time("2024-03-01T12:34:56Z").tzinfo is UTC
    assert parse_time(datetime(2024, 3, 1, 12, 34, 56)).tzinfo is UTC  # naive: already UTC
    assert as_utc(datetime(2024, 3, 1, 21, 34, 56, tzinfo=nine)).hour == 12
    assert parse_time(None) is None and parse_time("") is None
    with pytest.raises(ValueError):
        parse_time("yesterday")
    assert read_time("yesterday") is None and read_time(12) is None and read_time(None) is None
    assert read_time("2024-05-02T03:12:45.123+0000") == datetime(2024, 5, 2, 3, 12, 45, 123000, tzinfo=UTC)
