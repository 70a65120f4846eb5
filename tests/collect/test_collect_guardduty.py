from bot.collect.guardduty import collect_guardduty
from bot.store.types import utcnow


def test_no_detector_is_its_own_answer(world):
    gd = collect_guardduty(world.session, "eu-west-1")
    assert gd.detector_id is None and gd.status == "NONE" and not gd.enabled


def test_findings_most_severe_first_in_batches_within_a_budget(world):
    world.base.client("guardduty", "us-east-1").create_detector(Enable=True)
    now = utcnow()
    world.apis.guardduty_finding("us-east-1", "Recon:EC2/PortProbeUnprotectedPort", severity=2.0, time=now)
    for i in range(60):
        world.apis.guardduty_finding(
            "us-east-1",
            "CryptoCurrency:EC2/BitcoinTool.B!DNS",
            severity=8.0,
            time=now,
            instance_id=f"i-{i:017d}",
        )
    world.apis.guardduty_finding(
        "us-east-1",
        "UnauthorizedAccess:IAMUser/MaliciousIPCaller",
        severity=5.0,
        time=now,
        access_key=("AKIALEAKED", "ci"),
    )
    gd = collect_guardduty(world.session, "us-east-1", max_findings=200)
    assert gd.enabled and len(gd.findings) == 62 and not gd.truncated
    assert gd.findings[0].crypto and gd.findings[-1].severity == 2.0
    assert any(f.unauthorized_access and f.resource == "AKIALEAKED (ci)" for f in gd.findings)
    assert [c for c in world.apis.calls if c[0] == "GetFindings"] == [("GetFindings", "us-east-1")] * 2
    cut = collect_guardduty(world.session, "us-east-1", max_findings=50)
    assert cut.truncated and len(cut.findings) == 50 and all(f.severity == 8.0 for f in cut.findings)


def test_a_disabled_detector(world):
    gd = world.base.client("guardduty", "us-east-1")
    detector = gd.create_detector(Enable=False)["DetectorId"]
    answer = collect_guardduty(world.session, "us-east-1")
    assert answer.detector_id == detector and answer.status == "DISABLED" and not answer.enabled
