from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bot.aws.errors import AwsProblem, ProblemKind
from bot.render.blocks import violations
from bot.render.cost import CostAdvice, render_cost, render_unavailable
from bot.render.message import BinaryFile, CsvFile
from bot.render.text import blocks_to_text
from bot.spend.commitments import Gate, GateState, SavingsPlanAdvice
from bot.spend.explorer import DailyCost
from bot.spend.report import Breakdown, CostReport
from bot.spend.rightsizing import RightSize, RightSizing

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
EC2 = "Amazon Elastic Compute Cloud - Compute"
PNG = b"\x89PNG\r\n\x1a\nfake"


def _series(amounts):
    return [
        DailyCost(TODAY - timedelta(days=len(amounts) - 1 - i), Decimal(str(a)))
        for i, a in enumerate(amounts)
    ]


def _report(amounts, *, services=None, forecast=Decimal("9658.44"), problems=None, requests=6):
    services = services or {
        (EC2, "us-east-1"): (Decimal("1273.56"), Decimal("1271.90"), Decimal("1713.75")),
        (EC2, "eu-west-1"): (Decimal("2203.20"), Decimal(0), Decimal(0)),
        ("Amazon SageMaker", "us-east-1"): (Decimal("159.60"), Decimal(0), Decimal(0)),
        ("AmazonCloudWatch", "us-east-1"): (Decimal("205.89"), Decimal("205.62"), Decimal("277.05")),
    }
    pair = Breakdown(
        ("SERVICE", "REGION"),
        {k: v[0] for k, v in services.items()},
        {k: v[1] for k, v in services.items()},
        {k: v[2] for k, v in services.items()},
    )
    usage = Breakdown(
        ("USAGE_TYPE", "LINKED_ACCOUNT"),
        {(f"Usage-{i:02d}", "123456789012"): Decimal(100 - i) for i in range(25)},
        {(f"Usage-{i:02d}", "123456789012"): Decimal(90 - i) for i in range(25)},
        {(f"Usage-{i:02d}", "123456789012"): Decimal(120) for i in range(25)},
    )
    return CostReport(
        account="demo",
        today=TODAY,
        series=_series(amounts),
        forecast=forecast,
        breakdowns={pair.dimensions: pair, usage.dimensions: usage},
        problems=problems or {},
        requests=requests,
    )


SPIKY = [164] * 88 + [1680, 924]
FLAT = [164 + (i % 3) for i in range(90)]


def _advice(state=GateState.NO_AUDIT, **kw):
    verdict = {
        GateState.OPEN: "likely legitimate over-provisioning",
        GateState.NOT_LEGITIMATE: "likely compromise",
        GateState.STALE: "likely legitimate over-provisioning",
    }.get(state)
    audited = (
        None if state is GateState.NO_AUDIT else NOW - timedelta(days=9 if state is GateState.STALE else 1)
    )
    return CostAdvice(gate=Gate(state, verdict, audited), now=NOW, **kw)


def _text(message):
    return blocks_to_text(message.blocks)


def test_parent_has_the_numbers_movers_and_the_spike_reading():
    parent, thread = render_cost(_report(SPIKY), _advice(), PNG)
    text = _text(parent)
    assert parent.blocks[0]["text"]["text"] == "💰 demo — $6,048.00 month-to-date"
    assert "Forecast for November: $9,658.44" in text
    assert "Against Oct 1–23:" in text
    movers = text.split("Top movers")[1].split("Vertical")[0]
    assert movers.index("eu-west-1") < movers.index("SageMaker")  # largest first
    assert movers.count("• ") == 2  # the third explains under 1% of the change: noise, left out
    assert "Vertical spike since" in text and "run `/aws-audit demo` before anything else" in text
    assert "6 request(s) billed now ($0.06)" in text
    assert violations(parent.blocks) == []
    assert all(violations(m.blocks) == [] for m in thread)


def test_movers_that_explain_under_one_percent_are_left_out():
    services = {
        (EC2, "eu-west-1"): (Decimal(1000), Decimal(0), Decimal(0)),
        (EC2, "us-east-1"): (Decimal("100.50"), Decimal(100), Decimal(130)),
    }
    parent, _ = render_cost(_report(SPIKY, services=services), _advice(), PNG)
    assert "eu-west-1" in _text(parent) and "us-east-1: +$0.50" not in _text(parent)


def test_flat_run_rate_points_at_idle_resources():
    parent, _ = render_cost(_report(FLAT), _advice(), PNG)
    assert "Flat run-rate — flat ≈ $" in _text(parent) and "`/aws-idle demo`" in _text(parent)


def test_thread_has_breakdowns_with_csv_overflow_the_chart_and_both_advices():
    _, thread = render_cost(_report(SPIKY), _advice(), PNG)
    breakdown, chart, commitments, rightsizing = thread
    text = _text(breakdown)
    for title in ("By service", "By region", "By usage type", "By linked account"):
        assert title in text
    assert "+$2,203.20 new" in text and "Amazon SageMaker" in text
    csv = [f for f in breakdown.files if isinstance(f, CsvFile)]
    assert [f.filename for f in csv] == ["cost-by-usage-type-demo-2026-11-23.csv"]  # 25 usage types > 10
    assert len(csv[0].rows) == 25 and csv[0].rows[0][0] == "Usage-00"
    assert isinstance(chart.files[0], BinaryFile) and chart.files[0].data == PNG
    assert chart.files[0].filename.endswith(".png")
    assert "Run `/aws-audit demo` first" in _text(commitments)
    assert "not read" in _text(rightsizing)


def test_commitment_advice_in_each_gate_state():
    def said(advice):
        _, thread = render_cost(_report(FLAT), advice, PNG)
        return _text(thread[2])

    assert "no audit on record" in said(_advice(GateState.NO_AUDIT))
    assert "says likely compromise" in said(_advice(GateState.NOT_LEGITIMATE))
    assert "older than 7 days" in said(_advice(GateState.STALE))
    for closed in (GateState.NO_AUDIT, GateState.NOT_LEGITIMATE, GateState.STALE):
        assert "locks the fraudulent usage" in said(_advice(closed))
    plan = SavingsPlanAdvice(
        aws_hourly=Decimal("2.566"),
        hourly=Decimal("2.052"),
        aws_monthly_savings=Decimal("728.47"),
        monthly_savings=Decimal("582.55"),
        savings_pct=Decimal("28.0"),
        on_demand_spend=Decimal("5132.16"),
        min_hourly=Decimal("3.5"),
        avg_hourly=Decimal("3.56"),
        utilization=Decimal("100.0"),
    )
    shown = said(_advice(GateState.OPEN, savings_plan=plan))
    assert "Buy $2.05/hour" not in shown  # commitments are in $0.001 steps: shown exactly
    assert "$2.052/hour" in shown and "≈ $1,497.96/month" in shown
    assert "80% of the $2.566/hour AWS recommends" in shown
    assert "$582.55/month" in shown and "$728.47/month" in shown
    assert "locks" not in shown
    assert "AWS recommends no Compute Savings Plan" in said(_advice(GateState.OPEN))
    problem = AwsProblem(ProblemKind.ACCESS_DENIED, "AccessDeniedException", "no")
    assert "could not be read: access denied" in said(_advice(GateState.OPEN, savings_plan_problem=problem))


def test_right_sizing_states():
    def said(found):
        _, thread = render_cost(_report(FLAT), _advice(rightsizing=found), PNG)
        return thread[3]

    inactive = said(RightSizing(status="Inactive"))
    assert "not opted in to Compute Optimizer" in _text(inactive) and "update-enrollment-status" in _text(
        inactive
    )
    denied = AwsProblem(ProblemKind.ACCESS_DENIED, "AccessDeniedException", "no")
    assert "could not be read — access denied" in _text(
        said(RightSizing("unknown", problems={"enrollment": denied}))
    )
    items = [
        RightSize(
            "us-east-1",
            f"i-{n:017x}",
            f"arn:aws:ec2:us-east-1:123456789012:instance/i-{n:017x}",
            f"web-{n}",
            "m5.2xlarge",
            "Overprovisioned",
            "m5.large",
            Decimal("210.24"),
            Decimal(1),
            "VeryLow",
        )
        for n in range(12)
    ]
    items.append(
        RightSize(
            "eu-west-1", "i-0under", "arn", "db", "t3.small", "Underprovisioned", "t3.large", None, None, None
        )
    )
    region_problem = AwsProblem(ProblemKind.NOT_SUBSCRIBED, "OptInRequiredException", "no")
    message = said(RightSizing("Active", items=items, problems={"ap-northeast-2": region_problem}))
    text = _text(message)
    assert "12 over-provisioned instance(s), ≈ $2,522.88/month if resized; 1 under-provisioned" in text
    assert "i-00000000000000000" in text and "m5.2xlarge → m5.large" in text
    assert "`i-0under` (t3.small → t3.large)" in text
    assert "ap-northeast-2: not enabled for this account" in text
    assert [f.filename for f in message.files] == ["rightsizing-ec2.csv"]  # 12 > 10 rows inline
    assert "i-0000000000000000b" in message.files[0].content()  # every identifier verbatim


def test_forecast_problems_and_missing_breakdowns_are_said():
    forecast = AwsProblem(ProblemKind.ACCESS_DENIED, "AccessDeniedException", "no", "GetCostForecast")
    grouped = AwsProblem(ProblemKind.THROTTLED, "ThrottlingException", "slow down", "GetCostAndUsage")
    report = _report(
        SPIKY, forecast=None, problems={"forecast": forecast, "USAGE_TYPE+LINKED_ACCOUNT": grouped}
    )
    del report.breakdowns[("USAGE_TYPE", "LINKED_ACCOUNT")]
    parent, thread = render_cost(report, _advice(), PNG)
    assert "Forecast: unavailable — GetCostForecast: access denied (AccessDeniedException)" in _text(parent)
    breakdown = _text(thread[0])
    assert "By usage type\n  Unavailable: GetCostAndUsage: throttled (ThrottlingException)" in breakdown
    assert "By service" in breakdown


def test_no_spend_says_so_without_tables_or_chart():
    report = _report([0] * 90, services={}, forecast=None, requests=0)
    report.breakdowns.clear()
    parent, thread = render_cost(report, _advice(), None)
    assert "no spend recorded in the last 90 days" in _text(parent)
    assert "every answer from today's cache" in _text(parent)
    assert len(thread) == 2 and not any(m.files for m in thread)  # advice only


def test_cost_explorer_refusal_is_one_clear_answer():
    problem = AwsProblem(
        ProblemKind.ACCESS_DENIED, "AccessDeniedException", "User not enabled", "GetCostAndUsage"
    )
    message = render_unavailable("demo", problem)
    text = _text(message)
    assert "Cannot read the bill of demo: Cost Explorer said GetCostAndUsage: access denied" in text
    assert "ce:GetCostAndUsage" in text and "Billing console" in text
