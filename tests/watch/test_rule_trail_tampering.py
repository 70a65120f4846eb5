"""StopLogging, DeleteTrail and DeleteDetector raise the alarm; starting logging does not."""

from watch_helpers import NOW, Trail, run_rule

from bot.cleanup.catalog import ACTIONS

RULE = "watch.trail_tampering"


def test_stop_logging_and_a_deleted_detector_fire_with_guardduty_to_re_enable():
    trail = Trail()
    stop = trail.event("StopLogging", NOW, source="cloudtrail.amazonaws.com", request={"name": "management"})
    gone = trail.event(
        "DeleteDetector",
        NOW,
        region="eu-west-1",
        source="guardduty.amazonaws.com",
        request={"detectorId": "12abc34d567e8fa901bc2d34e56789f0"},
    )
    [hit] = run_rule(RULE, [stop, gone])
    assert "StopLogging `management` in us-east-1" in hit.title and "DeleteDetector" in hit.title
    [enable] = [f for f in hit.containment if f.action == "guardduty.enable_detector"]
    assert enable.resource_id == enable.region == "eu-west-1"
    assert set(ACTIONS["guardduty.enable_detector"]) <= set(enable.evidence)


def test_a_refused_attempt_fires_too_without_guardduty_button():
    trail = Trail()
    tried = trail.event("DeleteDetector", NOW, source="guardduty.amazonaws.com", error_code="AccessDenied")
    [hit] = run_rule(RULE, [tried])
    assert "refused: AccessDenied" in hit.title
    assert not [f for f in hit.containment if f.action == "guardduty.enable_detector"]


def test_start_logging_does_not_fire():
    trail = Trail()
    assert run_rule(RULE, [trail.event("StartLogging", NOW, source="cloudtrail.amazonaws.com")]) == []
