from datetime import date, timedelta
from decimal import Decimal

from botocore.stub import Stubber
from freezegun import freeze_time

from bot.spend.explorer import (
    CostExplorer,
    last_month_total,
    month_to_date,
    same_period_last_month,
)
from bot.store.cache import calls_made

TODAY = date(2026, 11, 23)


def _flat(ce, days=90, amount="10.00", **dims):
    ce.add_series(TODAY - timedelta(days=days - 1), [amount] * days, **dims)


def test_daily_series_and_periods_derived_without_more_requests(session, store, ce):
    _flat(ce)
    explorer = CostExplorer(session, store, today=TODAY)
    series = explorer.daily()
    assert len(series) == 90 and series[-1].day == TODAY and series[0].day == TODAY - timedelta(days=89)
    assert month_to_date(series, TODAY) == Decimal("230.00")  # 23 days of November
    assert last_month_total(series, TODAY) == Decimal("310.00")  # 31 days of October
    assert same_period_last_month(series, TODAY) == Decimal("230.00")
    assert explorer.requests == 1


def test_answers_are_cached_per_day_and_counted(session, store, ce):
    _flat(ce)
    with freeze_time("2026-11-23 08:00"):
        CostExplorer(session, store).daily()
        CostExplorer(session, store).daily()  # a second command the same day: no request
        assert len(ce.requests) == 1
    with freeze_time("2026-11-24 08:00"):
        CostExplorer(session, store).daily()
    assert len(ce.requests) == 2
    assert calls_made(store, service="ce", account="demo") == 2


def test_grouped_paginates_and_sums(session, store, ce):
    for i in range(30):
        ce.add(TODAY - timedelta(days=1), "1.50", service=f"Service {i:02d}", region="eu-west-1")
        ce.add(TODAY - timedelta(days=2), "0.50", service=f"Service {i:02d}", region="us-east-1")
    ce.page_size = 7
    explorer = CostExplorer(session, store, today=TODAY)
    totals = explorer.grouped(date(2026, 11, 1), TODAY, ["SERVICE", "REGION"])
    assert len(totals) == 60
    assert totals[("Service 07", "eu-west-1")] == Decimal("1.50")
    assert sum(totals.values()) == Decimal("60.00")
    assert explorer.requests == 9  # ceil(60 / 7) pages, each a billed request
    assert calls_made(store, service="ce") == 9


def test_grouped_on_the_first_of_the_month_is_empty_not_an_error(session, store, ce):
    assert (
        CostExplorer(session, store, today=date(2026, 11, 1)).grouped(
            date(2026, 11, 1), date(2026, 11, 1), ["SERVICE"]
        )
        == {}
    )


def test_forecast_is_actual_so_far_plus_the_rest(session, store, ce):
    _flat(ce)
    explorer = CostExplorer(session, store, today=TODAY)
    # 23 days actual (230) + 7 days left at the recent mean (10/day)
    assert explorer.forecast_month_end() == Decimal("300.00")


def test_forecast_without_history_is_none(session, store, ce):
    ce.add(TODAY, "5")
    assert CostExplorer(session, store, today=TODAY).forecast_month_end() is None


def test_real_cost_explorer_shapes_through_stubber(aws, account, store):
    """The same code against responses checked by botocore's Stubber (what Cost Explorer really sends)."""
    from bot.accounts import parse_accounts
    from bot.aws.session import AwsAccess

    session = AwsAccess(aws).for_account(parse_accounts([account])[0], "U1")
    client = session.client("ce")
    with Stubber(client) as stub:
        stub.add_response(
            "get_cost_and_usage",
            {
                "ResultsByTime": [
                    {
                        "TimePeriod": {"Start": "2026-11-01", "End": "2026-12-01"},
                        "Total": {},
                        "Groups": [
                            {
                                "Keys": ["AmazonEC2", "us-east-1"],
                                "Metrics": {"UnblendedCost": {"Amount": "4.2", "Unit": "USD"}},
                            }
                        ],
                        "Estimated": True,
                    }
                ],
                "NextPageToken": "p2",
            },
        )
        stub.add_response(
            "get_cost_and_usage",
            {
                "ResultsByTime": [
                    {
                        "TimePeriod": {"Start": "2026-11-01", "End": "2026-12-01"},
                        "Total": {},
                        "Groups": [
                            {
                                "Keys": ["AmazonS3", "us-east-1"],
                                "Metrics": {"UnblendedCost": {"Amount": "0.8", "Unit": "USD"}},
                            }
                        ],
                        "Estimated": True,
                    }
                ]
            },
        )
        totals = CostExplorer(session, store, today=TODAY).grouped(
            date(2026, 11, 1), TODAY, ["SERVICE", "REGION"]
        )
        stub.assert_no_pending_responses()
    assert totals == {("AmazonEC2", "us-east-1"): Decimal("4.2"), ("AmazonS3", "us-east-1"): Decimal("0.8")}
