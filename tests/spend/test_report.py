from datetime import date, timedelta
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError

from bot.aws.fakes import FakeError
from bot.devtools.fake_ce import EC2
from bot.spend.explorer import CostExplorer
from bot.spend.report import build_report
from bot.spend.signals import Signal
from bot.store.cache import calls_made

TODAY = date(2026, 11, 23)
OCT_1 = date(2026, 10, 1)
SAGEMAKER = "Amazon SageMaker"


def _bill(ce, today=TODAY):
    """$10/day of EC2 in us-east-1 for 90 days, plus lines that tell the periods apart."""
    ce.add_series(today - timedelta(days=89), ["10.00"] * 90)
    # October only after the 23rd: in last month's total, not in its same period
    ce.add(date(2026, 10, 28), "300", service=SAGEMAKER, region="us-east-1", usage_type="Canvas:Session-Hrs")
    # this month: GPU instances in a region never used before
    ce.add(today - timedelta(days=1), "1468.80", region="eu-west-1", usage_type="EU-BoxUsage:p3.8xlarge")
    ce.add(today, "734.40", region="eu-west-1", usage_type="EU-BoxUsage:p3.8xlarge", account="210987654321")


def test_one_request_answers_last_month_and_this_month_by_group(session, store, ce):
    _bill(ce)
    explorer = CostExplorer(session, store, today=TODAY)
    months = explorer.grouped_by_month(OCT_1, TODAY + timedelta(days=1), ["SERVICE", "REGION"])
    assert explorer.requests == 1
    assert months[OCT_1] == {(EC2, "us-east-1"): Decimal("310.00"), (SAGEMAKER, "us-east-1"): Decimal(300)}
    assert months[date(2026, 11, 1)] == {
        (EC2, "us-east-1"): Decimal("230.00"),
        (EC2, "eu-west-1"): Decimal("2203.20"),
    }


def test_grouped_by_month_follows_every_page(session, store, ce):
    for i in range(12):
        ce.add(date(2026, 10, 5), "1", service=f"S{i:02d}")
        ce.add(date(2026, 11, 5), "2", service=f"S{i:02d}")
    ce.page_size = 5
    explorer = CostExplorer(session, store, today=TODAY)
    months = explorer.grouped_by_month(OCT_1, TODAY, ["SERVICE"])
    assert explorer.requests == 5  # 24 groups, 5 a page: every page is a billed request
    assert sum(months[OCT_1].values()) == Decimal(12) and sum(months[date(2026, 11, 1)].values()) == Decimal(
        24
    )
    with pytest.raises(ValueError):
        explorer.grouped_by_month(OCT_1, TODAY, ["SERVICE", "REGION", "USAGE_TYPE"])


def test_report_totals_changes_and_movers(session, store, ce):
    _bill(ce)
    report = build_report(CostExplorer(session, store, today=TODAY))
    assert report.month_to_date == Decimal("2433.20")  # 23 × 10 + 1468.80 + 734.40
    assert report.same_period_last_month == Decimal("230.00")  # Oct 1–23: the Canvas day is after
    assert report.last_month == Decimal("610.00")
    assert report.change.delta == Decimal("2203.20")
    assert report.forecast is not None and report.forecast_change.previous == Decimal("610.00")
    movers = report.movers("SERVICE", "REGION")
    assert movers[0].key == (EC2, "eu-west-1") and movers[0].delta == Decimal("2203.20")
    assert movers[0].share == Decimal("1.00")
    assert [m.key for m in report.movers("USAGE_TYPE")] == [("EU-BoxUsage:p3.8xlarge",)]
    assert report.table("LINKED_ACCOUNT") == [
        ("123456789012", Decimal("1698.80"), Decimal("230.00"), Decimal("610.00")),
        ("210987654321", Decimal("734.40"), Decimal(0), Decimal(0)),
    ]
    assert report.table("SERVICE")[1] == (SAGEMAKER, Decimal(0), Decimal(0), Decimal(300))
    assert report.signal is Signal.SPIKE and report.spikes[-1].day.day == TODAY


def test_report_request_budget_and_same_day_cache(session, store, ce):
    _bill(ce)
    first = build_report(CostExplorer(session, store, today=TODAY))
    # daily, forecast, 2 × (last month + this month), 2 × same period last month
    assert first.requests == 6
    assert [op for op, _ in ce.requests].count("GetCostAndUsage") == 5
    again = build_report(CostExplorer(session, store, today=TODAY))
    assert again.requests == 0 and len(ce.requests) == 6
    assert again.summary() == {**first.summary(), "ce_requests": 0}
    # what the digest reads (daily series, forecast) is the same cached answers
    explorer = CostExplorer(session, store, today=TODAY)
    explorer.daily()
    explorer.forecast_month_end()
    assert explorer.requests == 0
    assert calls_made(store, service="ce", account="demo") == 6


def test_when_the_same_period_is_the_whole_last_month_it_costs_nothing_more(session, store, ce):
    today = date(2026, 10, 31)  # September has 30 days: "Sep 1–31" is all of September
    ce.add_series(today - timedelta(days=89), ["10.00"] * 90)
    report = build_report(CostExplorer(session, store, today=today))
    assert report.requests == 3  # daily + 2 grouped; on a month's last day the forecast is the actual
    assert report.forecast == report.month_to_date
    assert report.same_period_last_month == report.last_month == Decimal("300.00")
    assert report.table("SERVICE") == [(EC2, Decimal("310.00"), Decimal("300.00"), Decimal("300.00"))]


def test_a_failing_forecast_or_breakdown_is_reported_and_the_rest_still_answers(aws, account, store, ce):
    from bot.accounts import parse_accounts
    from bot.aws.fakes import FakeAws
    from bot.aws.session import AwsAccess

    _bill(ce)
    fake = ce.attach_to(FakeAws())

    @fake.on("ce", "GetCostForecast")
    def denied(params, region):
        raise FakeError("AccessDeniedException", "not authorized to perform ce:GetCostForecast")

    session = AwsAccess(aws, client_hooks=[fake.attach]).for_account(parse_accounts([account])[0], "U1")
    report = build_report(CostExplorer(session, store, today=TODAY))
    assert report.forecast is None and report.forecast_change is None
    assert report.problems["forecast"].code == "AccessDeniedException"
    assert report.month_to_date == Decimal("2433.20") and report.movers("SERVICE", "REGION")


def test_without_the_daily_series_there_is_no_report(aws, account, store):
    from bot.accounts import parse_accounts
    from bot.aws.fakes import FakeAws
    from bot.aws.session import AwsAccess

    fake = FakeAws()

    @fake.on("ce", "GetCostAndUsage")
    def denied(params, region):
        raise FakeError("AccessDeniedException", "User not enabled for cost explorer access")

    session = AwsAccess(aws, client_hooks=[fake.attach]).for_account(parse_accounts([account])[0], "U1")
    with pytest.raises(ClientError):
        build_report(CostExplorer(session, store, today=TODAY))
    assert calls_made(store, service="ce") == 0  # a refused request is not cached as an answer


def test_an_account_with_no_spend(session, store, ce):
    report = build_report(CostExplorer(session, store, today=TODAY))
    assert not report.has_spend and report.signal is Signal.UNKNOWN
    assert report.forecast is None  # AWS cannot forecast without history: not an error
    assert report.movers("SERVICE", "REGION") == [] and report.table("REGION") == []
    assert report.summary() | {"top_movers": None} == {
        "mtd_usd": "0",
        "forecast_usd": None,
        "last_month_usd": "0",
        "signal": "normal",
        "reading": "insufficient data",
        "same_period_last_month_usd": "0",
        "top_movers": None,
        "ce_requests": 5,  # the forecast was refused (DataUnavailableException): no answer to count
    }


def test_summary_has_the_keys_other_areas_read(session, store, ce):
    _bill(ce)
    summary = build_report(CostExplorer(session, store, today=TODAY)).summary()
    assert summary["mtd_usd"] == "2433.20" and summary["last_month_usd"] == "610.00"
    assert Decimal(summary["forecast_usd"]) > Decimal(summary["mtd_usd"])
    assert summary["signal"] == "spike"
    assert summary["top_movers"][0] == {
        "key": "Amazon Elastic Compute Cloud - Compute · eu-west-1",
        "delta_usd": "2203.20",
    }
