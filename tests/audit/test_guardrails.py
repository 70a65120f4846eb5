import json

from bot.audit.guardrails import fits, next_steps, scp, scp_json
from bot.audit.run import AuditReport
from bot.audit.verdict import assess
from bot.checks.audit import run_checks
from bot.devtools.audit_records import AuditBuilder
from bot.model import Verdict


def _report(b):
    data = b.build()
    findings = run_checks(data).findings
    return AuditReport(data, findings, assess(data, findings))


def test_scp_allows_regions_in_use_denies_new_gpu_types_and_root():
    b = AuditBuilder()
    b.instance("i-web", region="us-east-1", launched=b.ago(200))
    b.instance(
        "i-train", region="us-east-1", instance_type="p3.2xlarge", launched=b.ago(100)
    )  # the team's own GPU
    b.trail.run_instances(region="eu-west-1", time=b.ago(1), instances=[("i-new", "p4d.24xlarge")])
    policy, notes = scp(_report(b))
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["DenyUnusedRegions"]["Condition"]["StringNotEquals"]["aws:RequestedRegion"] == ["us-east-1"]
    assert "iam:*" in by_sid["DenyUnusedRegions"]["NotAction"]
    patterns = by_sid["DenyLargeGpuInstances"]["Condition"]["StringLike"]["ec2:InstanceType"]
    assert "p4d.*" in patterns and "p3.*" not in patterns  # the team's p3 keeps working
    assert by_sid["DenyRootUser"]["Condition"]["StringLike"]["aws:PrincipalArn"] == ["arn:aws:iam::*:root"]
    assert any("eu-west-1" in n for n in notes) and any("p3.2xlarge" in n for n in notes)
    assert fits(policy) and json.loads(scp_json(policy)) == policy


def test_next_steps_only_when_not_legitimate_and_name_the_keys():
    b = AuditBuilder()
    b.instance("i-web", launched=b.ago(200)).cost(["164"] * 90)
    report = _report(b)
    assert report.assessment.verdict is Verdict.LIKELY_LEGITIMATE and next_steps(report) == []
    b.guardduty("us-east-1", findings=[("CryptoCurrency:EC2/BitcoinTool.B!DNS", 8.0)])
    b.trail.create_access_key("u", "AKIANEWKEY", time=b.ago(1))
    b.trail.run_instances(
        region="us-east-1", time=b.ago(1), instances=[("i-1", "m5.large")], access_key="AKIANEWKEY"
    )
    steps = next_steps(_report(b))
    assert "AKIANEWKEY" in steps[0] and any("AWS Support" in s for s in steps)
    assert any(s.startswith("Root: turn on MFA") for s in steps)  # no root row in this report
