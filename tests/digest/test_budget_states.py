from datetime import UTC, datetime
from decimal import Decimal

import pytest
from botocore.stub import Stubber

from bot.digest.budgets import Level, level, parse_budget, read_budgets
from bot.model import Severity


def _budget(name="monthly-cost", limit="1000", actual="0", forecast="0", **extra):
    spend = {"ActualSpend": {"Amount": actual, "Unit": "USD"}}
    if forecast is not None:
        spend["ForecastedSpend"] = {"Amount": forecast, "Unit": "USD"}
    return {
        "BudgetName": name,
        "BudgetLimit": {"Amount": limit, "Unit": "USD"},
        "TimeUnit": "MONTHLY",
        "BudgetType": "COST",
        "CalculatedSpend": spend,
        **extra,
    }


@pytest.mark.parametrize(
    ("spent", "expected"),
    [("0", Level.OK), ("790", Level.OK), ("799.99", Level.OK), ("800", Level.WARNING), ("810", Level.WARNING),
     ("999.99", Level.WARNING), ("1000", Level.OVER), ("1010", Level.OVER)],
)  # fmt: skip
def test_thresholds_at_80_and_100_percent(spent, expected):
    assert level(Decimal(spent), Decimal(1000)) is expected


@pytest.mark.parametrize(
    ("actual", "forecast", "actual_level", "forecast_level", "severity"),
    [
        ("790", "790", Level.OK, Level.OK, Severity.INFO),  # 79%
        ("500", "810", Level.OK, Level.WARNING, Severity.LOW),  # on track to 81%
        ("810", "950", Level.WARNING, Level.WARNING, Severity.MEDIUM),  # 81% already spent
        ("600", "1010", Level.OK, Level.OVER, Severity.MEDIUM),  # forecast 101%
        ("1010", "1500", Level.OVER, Level.OVER, Severity.HIGH),  # 101% spent
    ],
)
def test_budgets_at_79_81_and_101_percent_land_in_the_right_state(
    aws, session, actual, forecast, actual_level, forecast_level, severity
):
    aws.client("budgets").create_budget(
        AccountId="123456789012", Budget=_budget(actual=actual, forecast=forecast)
    )
    [status] = read_budgets(session)
    assert (status.name, status.actual, status.forecast) == (
        "monthly-cost",
        Decimal(actual),
        Decimal(forecast),
    )
    assert (status.actual_level, status.forecast_level, status.severity) == (
        actual_level,
        forecast_level,
        severity,
    )


def test_worst_budget_first_and_utilization_budgets_left_out(aws, session):
    client = aws.client("budgets")
    client.create_budget(AccountId="123456789012", Budget=_budget("fine", actual="10", forecast="20"))
    client.create_budget(AccountId="123456789012", Budget=_budget("blown", actual="1200", forecast="2000"))
    ri = {**_budget("ri-use"), "BudgetType": "RI_UTILIZATION"}
    client.create_budget(AccountId="123456789012", Budget=ri)
    assert [b.name for b in read_budgets(session)] == ["blown", "fine"]


def test_a_new_budget_without_forecast_says_so():
    status = parse_budget(_budget(actual="12.5", forecast=None))
    assert status.forecast is None and status.forecast_level is None and status.actual_level is Level.OK


def test_a_planned_budget_uses_the_current_period_limit():
    october, november = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    raw = _budget(actual="900")
    del raw["BudgetLimit"]
    raw["PlannedBudgetLimits"] = {
        str(int(october.timestamp())): {"Amount": "5000", "Unit": "USD"},
        str(int(november.timestamp())): {"Amount": "1000", "Unit": "USD"},
    }
    status = parse_budget(raw, now=datetime(2026, 11, 23, tzinfo=UTC))
    assert status.limit == Decimal(1000) and status.actual_level is Level.WARNING


def test_describe_budgets_is_paginated(session):
    client = session.client("budgets")
    with Stubber(client) as stub:
        stub.add_response("describe_budgets", {"Budgets": [_budget("a")], "NextToken": "t"})
        stub.add_response(
            "describe_budgets", {"Budgets": [_budget("b")]}, {"AccountId": "123456789012", "NextToken": "t"}
        )
        assert [b.name for b in read_budgets(session)] == ["a", "b"]
