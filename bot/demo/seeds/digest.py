"""What the digest reads in the demo account: a budget, an anomaly monitor and its subscription, and
the two anomalies Cost Anomaly Detection raised for the takeover seeded in `spend.py`.

- `monthly-cost`, a $5,500 monthly cost budget (last month ≈ $5,000 + 10%) in moto, with the
  month-to-date actual and the forecast computed from the same cost lines as the bill;
- monitor `services` (AWS services) with a daily email subscription;
- anomalies: the p3.8xlarge GPU instances in eu-west-1 since yesterday (EC2), and the SageMaker
  Canvas sessions in us-east-1 over the last three days.
"""

from __future__ import annotations

import calendar
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.devtools import fake_anomalies
from bot.devtools.fake_ce import EC2
from bot.store.types import utcnow

if TYPE_CHECKING:
    from bot.demo.world import DemoWorld

ACCOUNT_ID = "123456789012"
BUDGET_LIMIT = Decimal("5500.00")
EC2_EXPECTED = Decimal("85.54")  # the account's usual EC2 compute per day (m5.2xlarge + r5.xlarge)


def seed(world: DemoWorld) -> None:
    today = utcnow().date()
    yesterday = today - timedelta(days=1)
    services = fake_anomalies.monitor("services", key="5c9a1f7e-61d2-4c0b-9b43-2f1de07c3a11")
    world.ce.monitors.append(services)
    world.ce.subscriptions.append(fake_anomalies.subscription([services]))
    world.ce.anomalies += [
        fake_anomalies.anomaly(
            "9e2c4d1a-gpu-eu-west-1",
            monitor=services,
            start=yesterday,
            end=yesterday,
            actual=EC2_EXPECTED + Decimal("1468.80"),
            expected=EC2_EXPECTED,
            causes=[(EC2, "eu-west-1", "EU-BoxUsage:p3.8xlarge", "1468.80")],
            account_name="demo",
            score=0.99,
        ),
        fake_anomalies.anomaly(
            "41b7f0c3-sagemaker-canvas",
            monitor=services,
            start=today - timedelta(days=3),
            end=yesterday,
            actual="136.80",
            expected="0",
            causes=[("Amazon SageMaker", "us-east-1", "Canvas:Session-Hrs", "136.80")],
            account_name="demo",
        ),
    ]
    # The budget's figures from the same bill, its forecast the one `/aws-cost` shows (the fake Cost
    # Explorer's: the last 7 days' mean for each day left), so the two commands agree.
    this_month = [line for line in world.ce.lines if line.day.replace(day=1) == today.replace(day=1)]
    month_to_date = sum((line.amount for line in this_month), Decimal(0))
    days_left = calendar.monthrange(today.year, today.month)[1] - today.day
    recent = sorted({line.day for line in world.ce.lines})[-7:]
    daily = sum((line.amount for line in world.ce.lines if line.day in recent), Decimal(0)) / len(recent)
    forecast = month_to_date + (daily * days_left).quantize(Decimal("0.01"))
    world.session.client("budgets").create_budget(
        AccountId=ACCOUNT_ID,
        Budget={
            "BudgetName": "monthly-cost",
            "BudgetLimit": {"Amount": str(BUDGET_LIMIT), "Unit": "USD"},
            "TimeUnit": "MONTHLY",
            "BudgetType": "COST",
            # moto keeps what it is given; AWS computes these from the bill
            "CalculatedSpend": {
                "ActualSpend": {"Amount": str(month_to_date.quantize(Decimal("0.01"))), "Unit": "USD"},
                "ForecastedSpend": {"Amount": str(forecast.quantize(Decimal("0.01"))), "Unit": "USD"},
            },
        },
    )
