from bot.audit.verdict import assess, evidence_of
from bot.checks.audit import run_checks
from bot.devtools.audit_records import AuditBuilder
from bot.model import Verdict

FLAT = ["164"] * 90


def _verdict(b, cost=FLAT, **build):
    if cost is not None:
        b.cost(cost, baseline_by_region={"us-east-1": "100", "eu-west-1": "100"})
    data = b.build(**build)
    findings = run_checks(data).findings
    return assess(data, findings)


def _protected_launch(b, region="eu-west-1"):
    b.trail.run_instances(region=region, time=b.ago(1), instances=[("i-p", "m5.large")], protection=True)
    b.instance("i-p", region=region, launched=b.ago(1))


def test_flat_run_rate_with_only_hygiene_findings_is_legitimate_and_says_what_it_rests_on():
    b = AuditBuilder()
    b.instance("i-web", launched=b.ago(200)).user("bob", password=True, mfa=False).guardduty("us-east-1")
    a = _verdict(b)
    assert a.verdict is Verdict.LIKELY_LEGITIMATE
    assert "flat" in a.reason and "/aws-idle" in a.reason
    assert a.evidence == ()  # hygiene is not evidence
    assert any("low-and-slow miner" in c for c in a.caveats)
    assert any(q.startswith("CloudTrail, 90 days") for q in a.reassurance)


def test_cloudtrail_unreadable_is_never_legitimate():
    b = AuditBuilder()
    b.instance("i-web", launched=b.ago(200))
    a = _verdict(b, trail=False)
    assert a.verdict is Verdict.INCONCLUSIVE
    assert "low-and-slow miner" in a.reason
    assert any("CloudTrail could not be read at all" in c for c in a.caveats)


def test_cloudtrail_partly_unread_is_inconclusive_and_names_the_regions():
    a = _verdict(AuditBuilder(), unread=[("eu-west-1", "RunInstances")])
    assert a.verdict is Verdict.INCONCLUSIVE and "not fully read" in a.reason
    assert any("regions eu-west-1" in c for c in a.caveats)


def test_no_cost_data_is_inconclusive():
    a = _verdict(AuditBuilder(), cost=None)
    assert a.verdict is Verdict.INCONCLUSIVE and "cost history" in a.reason


def test_one_strong_sign_is_inconclusive_two_are_a_compromise():
    b = AuditBuilder()
    _protected_launch(b, region="us-east-1")
    b.instance("i-web", region="us-east-1", launched=b.ago(200))
    a = _verdict(b)
    assert a.verdict is Verdict.INCONCLUSIVE and "termination protection" in a.reason
    b.trail.attach_user_policy("u", "arn:aws:iam::aws:policy/AdministratorAccess", time=b.ago(1))
    a = _verdict(b)
    assert a.verdict is Verdict.LIKELY_COMPROMISE and "2 takeover signs" in a.reason


def test_a_decisive_sign_alone_is_a_compromise():
    b = AuditBuilder()
    b.guardduty("us-east-1", findings=[("CryptoCurrency:EC2/BitcoinTool.B!DNS", 8.0)])
    a = _verdict(b)
    assert a.verdict is Verdict.LIKELY_COMPROMISE and a.reason.startswith("Decisive takeover sign")
    assert a.strongest(1)[0].check == "audit.guardduty_crypto"


def test_two_supporting_signs_call_for_an_audit_one_does_not():
    b = AuditBuilder()
    b.data.account_block = None
    b.bucket("exports", policy_public=True)
    assert _verdict(b).verdict is Verdict.LIKELY_LEGITIMATE
    b.user("svc7f3a9b2c", created=b.ago(200))
    a = _verdict(b)
    assert a.verdict is Verdict.INCONCLUSIVE and "2 things worth a look" in a.reason


def test_two_checks_of_one_signal_count_once():
    b = AuditBuilder()  # a new Canvas profile and its app: one story, one "canvas" signal
    from bot.collect.sagemaker import App, UserProfile

    b.sagemaker(
        "us-east-1",
        profiles=[UserProfile("us-east-1", "d", "p", "InService", b.ago(1))],
        apps=[App("us-east-1", "d", "p", "Canvas", "default", "InService", b.ago(1))],
    )
    b.instance("i-web", launched=b.ago(200))
    assert _verdict(b).verdict is Verdict.LIKELY_LEGITIMATE


def test_evidence_is_strongest_first_and_names_things():
    b = AuditBuilder()
    b.guardduty("us-east-1", findings=[("CryptoCurrency:EC2/BitcoinTool.B!DNS", 8.0)])
    _protected_launch(b)
    b.user("user-x1x2x3x4", created=b.ago(1))
    lines = evidence_of(run_checks(b.build()).findings)
    assert [e.weight.label for e in lines][:2] == ["decisive", "strong"]
    assert "i-p" in next(e.text for e in lines if e.check == "audit.termination_protection")
