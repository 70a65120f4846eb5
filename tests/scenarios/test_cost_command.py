"""/aws-cost as Slack sees it: a signed request, parent and thread over real HTTP, the chart, the run kept."""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from PIL import Image

from bot.aws.fakes import FakeAws, FakeError
from bot.demo.seeds import spend
from bot.demo.seeds.cost import attach_compute_optimizer, attach_savings_plans
from bot.devtools.fake_ce import EC2, FakeCostExplorer
from bot.devtools.harness import Harness
from bot.model import Verdict
from bot.spend.explorer import CostExplorer
from bot.store.cache import calls_made
from bot.store.runs import latest_run, record_run
from bot.store.types import utcnow

SP = ("ce", "GetSavingsPlansPurchaseRecommendation")


def _takeover_bill():
    ce = FakeCostExplorer()
    spend.seed(SimpleNamespace(ce=ce))  # the demo account's bill: flat run-rate, then the takeover
    return ce


def _flat_bill():
    ce = FakeCostExplorer()
    start = utcnow().date() - timedelta(days=89)
    ce.add_series(start, ["55.30"] * 90, usage_type="BoxUsage:m5.2xlarge")
    ce.add_series(start, ["34.56"] * 90, service="Amazon Relational Database Service")
    return ce


def _fake(ce, *, compute_optimizer=True):
    fake = attach_savings_plans(ce.attach_to(FakeAws()), ce)
    return attach_compute_optimizer(fake) if compute_optimizer else fake


@pytest.fixture
def bot(aws, account):
    """A harness factory: the bot over HTTP with the given FakeAws in front of moto."""
    started = []

    def start(fake):
        harness = Harness(accounts=[account], aws_hooks=[fake.attach], base_session=aws).start()
        started.append(harness)
        return harness

    yield start
    for harness in started:
        harness.stop()


def _answer(harness):
    parent = harness.slack.parents()[-1]
    ts = parent.args["_ts"]
    return harness.slack.final(ts), harness.slack.thread(ts), ts


def _audit(harness, verdict):
    record_run(
        harness.services.store,
        command="/aws-audit",
        account="demo",
        actor="U0ALICE001",
        headline="audit",
        summary={"verdict": verdict, "evidence": [], "by_severity": {}, "regions": 3},
    )


def test_cost_answer_chart_record_and_request_budget(bot):
    harness = bot(_fake(_takeover_bill()))
    reply = harness.command("/aws-cost")
    assert reply.status == 200 and reply.elapsed < 3
    final, thread, ts = _answer(harness)
    text = final.all_text()
    assert "month-to-date" in text and "Forecast for" in text and "Against" in text
    assert "eu-west-1" in text and "Vertical spike" in text and "/aws-audit demo" in text
    replies = "\n".join(m.all_text() for m in thread)
    for part in ("By service", "By usage type", "Daily cost", "Savings Plans", "Right-sizing"):
        assert part in replies
    assert "EU-BoxUsage:p3.8xlarge" in replies and "no audit on record" in replies
    assert "i-0f1ee700000000001" in replies  # the over-provisioned fleet, verbatim

    # the chart: a real PNG, written by matplotlib, uploaded into this thread
    done = harness.slack.called("files.completeUploadExternal")
    assert done and all(call.args["thread_ts"] == ts for call in done)
    pngs = [data for data in harness.slack.uploads.values() if data.startswith(b"\x89PNG\r\n\x1a\n")]
    assert len(pngs) == 1
    assert Image.open(io.BytesIO(pngs[0])).info["Software"].startswith("Matplotlib")

    store = harness.services.store
    run = latest_run(store, "/aws-cost", "demo")
    assert run is not None and run.ts == ts
    assert run.summary["signal"] == "spike" and run.summary["mtd_usd"] and run.summary["last_month_usd"]
    assert calls_made(store, service="ce", account="demo") == 6  # the documented cold budget

    harness.command("/aws-cost")  # asked again the same day: every answer from the cache
    final, _, _ = _answer(harness)
    assert "every answer from today's cache" in final.all_text()
    session = harness.services.aws.for_account(harness.services.accounts.resolve("demo"), "chatops-scheduler")
    digest_reads = CostExplorer(session, store)
    digest_reads.daily()
    digest_reads.forecast_month_end()
    assert digest_reads.requests == 0
    assert calls_made(store, service="ce", account="demo") == 6  # /aws-cost twice + the digest's reads


def test_commitment_advice_after_a_fresh_legitimate_audit(bot):
    fake = _fake(_flat_bill())
    harness = bot(fake)
    _audit(harness, Verdict.LIKELY_LEGITIMATE.value)
    harness.command("/aws-cost")
    final, thread, _ = _answer(harness)
    assert "Flat run-rate" in final.all_text() and "/aws-idle demo" in final.all_text()
    advice = next(m for m in thread if "Savings Plans" in m.all_text()).all_text()
    assert "likely legitimate over-provisioning" in advice
    assert "80% of the $" in advice and "/hour AWS recommends from the last 60 days" in advice
    sp_calls = [c for c in fake.calls if c[:2] == SP]
    assert len(sp_calls) == 1 and sp_calls[0][3] == {
        "SavingsPlansType": "COMPUTE_SP",
        "TermInYears": "ONE_YEAR",
        "PaymentOption": "NO_UPFRONT",
        "LookbackPeriodInDays": "SIXTY_DAYS",
    }
    assert calls_made(harness.services.store, service="ce") == 7  # the recommendation is billed too


@pytest.mark.parametrize(
    ("verdict", "said"),
    [(None, "no audit on record"), (Verdict.LIKELY_COMPROMISE.value, "says *likely compromise*")],
)
def test_no_commitment_advice_and_no_request_until_the_audit_clears_the_account(bot, verdict, said):
    fake = _fake(_flat_bill())
    harness = bot(fake)
    if verdict:
        _audit(harness, verdict)
    harness.command("/aws-cost")
    _, thread, _ = _answer(harness)
    advice = next(m for m in thread if "Savings Plans" in m.all_text()).all_text()
    assert said in advice and "locks the fraudulent usage" in advice
    assert not [c for c in fake.calls if c[:2] == SP]


def test_cost_explorer_access_denied_is_said_clearly(bot):
    fake = FakeAws()

    @fake.on("ce", "GetCostAndUsage")
    def denied(params, region):
        raise FakeError(
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/ChatOpsAudit/x is not authorized to perform: "
            "ce:GetCostAndUsage",
        )

    harness = bot(fake)
    harness.command("/aws-cost")
    final, thread, _ = _answer(harness)
    text = final.all_text()
    assert "Cannot read the bill of *demo*" in text and "access denied (AccessDeniedException)" in text
    assert "ce:GetCostAndUsage" in text and thread == []
    assert latest_run(harness.services.store, "/aws-cost", "demo") is None


def test_an_account_with_no_spend_and_no_compute_optimizer(bot):
    fake = _fake(FakeCostExplorer(), compute_optimizer=False)
    fake.on("compute-optimizer", "GetEnrollmentStatus")(lambda params, region: {"status": "Inactive"})
    harness = bot(fake)
    harness.command("/aws-cost")
    final, thread, _ = _answer(harness)
    assert "no spend recorded in the last 90 days" in final.all_text()
    assert "not opted in to Compute Optimizer" in "\n".join(m.all_text() for m in thread)
    assert not harness.slack.uploads  # no chart of nothing
    summary = latest_run(harness.services.store, "/aws-cost", "demo").summary
    assert summary["mtd_usd"] == "0" and summary["forecast_usd"] is None


def test_demo_fleet_recommendations_skip_the_new_gpu_instances(aws):
    ec2 = aws.client("ec2", region_name="eu-west-1")
    image = ec2.register_image(Name="ami", RootDeviceName="/dev/xvda")["ImageId"]
    ec2.run_instances(ImageId=image, InstanceType="p3.8xlarge", MinCount=2, MaxCount=2)
    ec2.run_instances(ImageId=image, InstanceType="m5.xlarge", MinCount=1, MaxCount=1)
    fake = attach_compute_optimizer(FakeAws(), aws)
    handler = fake._handlers[("compute-optimizer", "GetEC2InstanceRecommendations")]
    found = handler({}, "eu-west-1")["instanceRecommendations"]
    assert [r["currentInstanceType"] for r in found] == ["m5.xlarge"]
    assert [r["recommendationOptions"][0]["instanceType"] for r in found] == ["m5.large"]
    assert EC2  # the bill's EC2 service name is the one the fake Savings Plans read


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("prod", "Unknown account `prod`"),
        ("demo monthly", "Too many arguments. Usage: `/aws-cost [account]`"),
    ],
)
def test_bad_input_gets_a_private_answer_and_no_request(harness, text, said):
    reply = harness.command("/aws-cost", text)
    answer = reply.json()
    assert answer["response_type"] == "ephemeral" and said in answer["text"]
    assert harness.slack.called() == []
    assert calls_made(harness.services.store, service="ce") == 0
