"""Coverage gaps: an account needs both a budget (slow creep) and an anomaly monitor with a
subscription (spikes). Each gap is a finding whose evidence carries the exact fix: the console
path and a CLI command filled in with this account's values."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from bot.accounts import Account
from bot.digest.anomalies import AnomalyWatch
from bot.digest.budgets import BudgetStatus
from bot.model import GLOBAL, Finding, Severity

WHY = "Budgets catch slow creep, Cost Anomaly Detection catches spikes: you need both."
CONSOLE = "Billing and Cost Management console"
NO_MONITOR = "digest.no_anomaly_monitor"
NO_SUBSCRIPTION = "digest.no_anomaly_subscription"
NO_BUDGET = "digest.no_budget"


def gaps(
    account: Account,
    anomaly_watch: AnomalyWatch,
    budgets: Sequence[BudgetStatus] | None,
    *,
    last_month: Decimal | None = None,
) -> list[Finding]:
    """The gaps this digest could establish; a list it could not read proves nothing and adds none."""
    found = []
    if anomaly_watch.has_monitor is False:
        found.append(_no_monitor(account))
    elif anomaly_watch.has_monitor and anomaly_watch.subscriptions is not None:
        covered = {arn for s in anomaly_watch.subscriptions.items for arn in s.get("MonitorArnList", [])}
        bare = [m for m in anomaly_watch.monitors.items if m.get("MonitorArn") not in covered]  # type: ignore[union-attr]
        if bare:
            found.append(_no_subscription(account, bare, total=len(anomaly_watch.monitors.items)))  # type: ignore[union-attr]
    if budgets is not None and not any(b.budget_type == "COST" for b in budgets):
        found.append(_no_budget(account, last_month))
    return found


def _no_monitor(account: Account) -> Finding:
    spec = {"MonitorName": "services", "MonitorType": "DIMENSIONAL", "MonitorDimension": "SERVICE"}
    return Finding(
        check=NO_MONITOR,
        severity=Severity.MEDIUM,
        account=account.name,
        region=GLOBAL,
        resource_id=account.account_id,
        title="No Cost Anomaly Detection monitor: a spike would go unnoticed until the bill",
        evidence={
            "why": WHY,
            "console": f"{CONSOLE} → Cost Anomaly Detection → Cost monitors → Create monitor "
            "(AWS services, managed by AWS)",
            "cli": f"aws ce create-anomaly-monitor --anomaly-monitor '{_json(spec)}'",
        },
    )


def _no_subscription(account: Account, monitors: Sequence[dict], *, total: int) -> Finding:
    arns = [m.get("MonitorArn", "<monitor-arn>") for m in monitors]
    names = ", ".join(f"`{m.get('MonitorName', m.get('MonitorArn'))}`" for m in monitors)
    spec = {
        "SubscriptionName": "daily-anomalies",
        "MonitorArnList": arns,
        "Subscribers": [{"Type": "EMAIL", "Address": "finops@example.com"}],
        "Frequency": "DAILY",
        "ThresholdExpression": {
            "Dimensions": {
                "Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
                "Values": ["100"],
                "MatchOptions": ["GREATER_THAN_OR_EQUAL"],
            }
        },
    }
    none = len(monitors) == total
    return Finding(
        check=NO_SUBSCRIPTION,
        severity=Severity.MEDIUM,
        account=account.name,
        region=GLOBAL,
        resource_id=",".join(arns),
        title=(
            "No anomaly alert subscription: anomalies are detected but nobody is told"
            if none
            else f"Monitor {names} has no alert subscription"
        ),
        evidence={
            "why": WHY,
            "monitors": names,
            "console": f"{CONSOLE} → Cost Anomaly Detection → Alert subscriptions → Create subscription",
            "cli": f"aws ce create-anomaly-subscription --anomaly-subscription '{_json(spec)}'",
        },
    )


def _no_budget(account: Account, last_month: Decimal | None) -> Finding:
    limit = suggested_limit(last_month)
    budget = {
        "BudgetName": "monthly-cost",
        "BudgetLimit": {"Amount": str(limit), "Unit": "USD"},
        "TimeUnit": "MONTHLY",
        "BudgetType": "COST",
    }
    notifications = [
        {
            "Notification": {
                "NotificationType": kind,
                "ComparisonOperator": "GREATER_THAN",
                "Threshold": threshold,
                "ThresholdType": "PERCENTAGE",
            },
            "Subscribers": [{"SubscriptionType": "EMAIL", "Address": "finops@example.com"}],
        }
        for kind, threshold in (("ACTUAL", 80), ("FORECASTED", 100))
    ]
    return Finding(
        check=NO_BUDGET,
        severity=Severity.MEDIUM,
        account=account.name,
        region=GLOBAL,
        resource_id=account.account_id,
        title="No cost budget: a slow creep would go unnoticed",
        evidence={
            "why": WHY,
            "suggested_limit_usd": str(limit),
            "console": f"{CONSOLE} → Budgets → Create budget → Monthly cost budget",
            "cli": f"aws budgets create-budget --account-id {account.account_id} --budget '{_json(budget)}' "
            f"--notifications-with-subscribers '{_json(notifications)}'",
        },
    )


def suggested_limit(last_month: Decimal | None) -> int:
    """Last month plus 10%, rounded up to $100: a budget that warns on creep, not on every wobble."""
    if not last_month or last_month <= 0:
        return 100
    return int((last_month * Decimal("1.1") / 100).to_integral_value(ROUND_CEILING) * 100)


def _json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))
