from datetime import UTC, datetime, timedelta

import boto3
from botocore.stub import ANY, Stubber

from bot.collect import cloudwatch
from bot.collect.cloudwatch import metric

END = datetime(2026, 3, 1, tzinfo=UTC)


def _client():
    return boto3.client("cloudwatch", region_name="us-east-1")


def test_queries_are_batched_500_a_request_and_values_mapped_back():
    queries = [
        metric("AWS/EC2", "CPUUtilization", "Average", 14, InstanceId=f"i-{n:04d}") for n in range(1200)
    ]
    client = _client()
    stub = Stubber(client)
    for size in (500, 500, 200):
        results = [{"Id": f"m{i}", "Values": [float(i)], "StatusCode": "Complete"} for i in range(size)]
        stub.add_response(
            "get_metric_data",
            {"MetricDataResults": results},
            {"MetricDataQueries": ANY, "StartTime": END - timedelta(days=14), "EndTime": END},
        )
    with stub:
        values = cloudwatch.fetch(client, queries + queries[:3], end=END)  # duplicates asked once
    stub.assert_no_pending_responses()
    assert len(values) == 1200
    assert values[queries[0]] == [0.0] and values[queries[501]] == [1.0] and values[queries[1100]] == [100.0]


def test_each_window_gets_its_own_request_and_pages_are_merged():
    short = metric("AWS/RDS", "DatabaseConnections", "Maximum", 14, DBInstanceIdentifier="db")
    long = metric("AWS/NATGateway", "BytesOutToDestination", "Sum", 30, NatGatewayId="nat-1")
    client = _client()
    stub = Stubber(client)
    stub.add_response(
        "get_metric_data",
        {"MetricDataResults": [{"Id": "m0", "Values": [0.0, 0.0]}], "NextToken": "page-2"},
        {"MetricDataQueries": ANY, "StartTime": END - timedelta(days=14), "EndTime": END},
    )
    stub.add_response(
        "get_metric_data",
        {"MetricDataResults": [{"Id": "m0", "Values": [3.0]}]},
        {
            "MetricDataQueries": ANY,
            "StartTime": END - timedelta(days=14),
            "EndTime": END,
            "NextToken": "page-2",
        },
    )
    stub.add_response(
        "get_metric_data",
        {"MetricDataResults": [{"Id": "m0", "Values": []}]},
        {"MetricDataQueries": ANY, "StartTime": END - timedelta(days=30), "EndTime": END},
    )
    with stub:
        values = cloudwatch.fetch(client, [short, long], end=END)
    assert values == {short: [0.0, 0.0, 3.0], long: []}
    assert cloudwatch.total(values[long]) == 0 and cloudwatch.average(values[long]) is None
