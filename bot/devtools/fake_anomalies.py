"""Real-shaped Cost Anomaly Detection records for `FakeCostExplorer.monitors/.subscriptions/.anomalies`.

The shapes follow the botocore model (`AnomalyMonitor`, `AnomalySubscription`, `Anomaly`); the
fake's answers are validated against it, so a wrong field fails loudly in tests and the demo.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

ACCOUNT_ID = "123456789012"


def monitor(
    name: str = "services", *, account_id: str = ACCOUNT_ID, key: str | None = None
) -> dict[str, Any]:
    key = key or str(uuid.uuid5(uuid.NAMESPACE_URL, name))
    return {
        "MonitorArn": f"arn:aws:ce::{account_id}:anomalymonitor/{key}",
        "MonitorName": name,
        "CreationDate": "2026-01-05",
        "MonitorType": "DIMENSIONAL",
        "MonitorDimension": "SERVICE",
        "DimensionalValueCount": 9,
    }


def subscription(
    monitors: Sequence[dict[str, Any]], name: str = "daily-anomalies", *, account_id: str = ACCOUNT_ID
) -> dict[str, Any]:
    key = uuid.uuid5(uuid.NAMESPACE_URL, name)
    return {
        "SubscriptionArn": f"arn:aws:ce::{account_id}:anomalysubscription/{key}",
        "AccountId": account_id,
        "MonitorArnList": [m["MonitorArn"] for m in monitors],
        "Subscribers": [{"Type": "EMAIL", "Address": "finops@example.com", "Status": "CONFIRMED"}],
        "Frequency": "DAILY",
        "SubscriptionName": name,
    }


def anomaly(
    anomaly_id: str,
    *,
    monitor: dict[str, Any],
    start: date,
    end: date | None = None,
    actual: Decimal | str,
    expected: Decimal | str,
    causes: Sequence[tuple[str, str, str, Decimal | str]] = (),
    account_id: str = ACCOUNT_ID,
    account_name: str | None = None,
    score: float = 0.9,
) -> dict[str, Any]:
    """An anomaly of `actual - expected` dollars; causes are (service, region, usage type, $)."""
    actual, expected = Decimal(str(actual)), Decimal(str(expected))
    impact = actual - expected
    record: dict[str, Any] = {
        "AnomalyId": anomaly_id,
        "AnomalyStartDate": start.isoformat(),
        "DimensionValue": causes[0][0] if causes else "Amazon Elastic Compute Cloud - Compute",
        "MonitorArn": monitor["MonitorArn"],
        "AnomalyScore": {"MaxScore": score, "CurrentScore": score},
        "Impact": {
            "MaxImpact": float(impact),
            "TotalImpact": float(impact),
            "TotalActualSpend": float(actual),
            "TotalExpectedSpend": float(expected),
        },
        "RootCauses": [
            {
                "Service": service,
                "Region": region,
                "UsageType": usage,
                "LinkedAccount": account_id,
                **({"LinkedAccountName": account_name} if account_name else {}),
                "Impact": {"Contribution": float(Decimal(str(amount)))},
            }
            for service, region, usage, amount in causes
        ],
    }
    if end is not None:
        record["AnomalyEndDate"] = end.isoformat()
    if expected > 0:  # AWS leaves the percentage out when nothing was expected
        record["Impact"]["TotalImpactPercentage"] = float(impact / expected * 100)
    return record
