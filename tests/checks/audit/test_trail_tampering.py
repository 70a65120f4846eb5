from bot.checks.audit.trail_tampering import summary, trail_tampering


def test_stop_logging_and_delete_trail_are_named(b):
    arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/main"
    b.trail.event(
        "StopLogging",
        region="us-east-1",
        time=b.ago(50),
        source="cloudtrail.amazonaws.com",
        request={"name": arn},
    )
    b.trail.event(
        "DeleteTrail",
        region="eu-west-1",
        time=b.ago(1),
        source="cloudtrail.amazonaws.com",
        request={"name": "eu"},
    )
    found = trail_tampering(b.build())
    assert sorted((f.resource_id, f.evidence["event"]) for f in found) == [
        ("eu", "DeleteTrail"),
        ("main", "StopLogging"),
    ]
    assert "StopLogging on `main`" in summary(found)
