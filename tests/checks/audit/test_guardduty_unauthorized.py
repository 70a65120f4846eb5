from bot.checks.audit.guardduty_unauthorized import guardduty_unauthorized
from bot.model import Severity


def test_unauthorized_access_findings_with_severity_bands(b):
    b.guardduty(
        "us-east-1",
        findings=[
            ("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", 8.0),
            ("UnauthorizedAccess:EC2/SSHBruteForce", 2.0),
            ("Backdoor:EC2/C&CActivity.B", 8.0),
        ],
    )
    found = guardduty_unauthorized(b.build())
    assert sorted(f.severity for f in found) == [Severity.HIGH, Severity.CRITICAL]
