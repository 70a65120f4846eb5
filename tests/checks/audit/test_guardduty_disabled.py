from bot.checks.audit.guardduty_disabled import guardduty_disabled, summary


def test_a_region_without_a_detector_is_a_finding_with_an_enable_button(b):
    b.guardduty("us-east-1").guardduty("eu-west-1", enabled=False)
    [f] = guardduty_disabled(b.build())
    assert f.region == f.resource_id == "eu-west-1"
    assert (
        f.action == "guardduty.enable_detector"
        and "detector_id" in f.evidence
        and f.evidence["detector_id"] is None
    )
    assert summary([f]) == "GuardDuty off in `eu-west-1`"
