from bot.checks.audit.guardduty_crypto import guardduty_crypto, summary


def test_crypto_findings_are_called_out_others_are_not(b):
    b.guardduty(
        "eu-west-1",
        findings=[("CryptoCurrency:EC2/BitcoinTool.B!DNS", 8.0), ("Recon:EC2/PortProbeUnprotectedPort", 2.0)],
    )
    [f] = guardduty_crypto(b.build())
    assert f.resource_id == "i-0000" and f.evidence["type"].startswith("CryptoCurrency:")
    assert "CryptoCurrency:EC2/BitcoinTool.B!DNS on `i-0000`" in summary([f])
