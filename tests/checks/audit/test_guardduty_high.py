from bot.checks.audit.guardduty_high import guardduty_high


def test_only_other_high_severity_findings(b):
    b.guardduty(
        "us-east-1",
        findings=[
            ("Backdoor:EC2/C&CActivity.B", 8.0),
            ("Recon:IAMUser/MaliciousIPCaller", 5.0),
            ("CryptoCurrency:EC2/BitcoinTool.B", 8.0),
        ],
    )
    [f] = guardduty_high(b.build())
    assert f.evidence["type"] == "Backdoor:EC2/C&CActivity.B"
