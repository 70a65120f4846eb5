import json
import shlex
from datetime import date
from decimal import Decimal

from bot.devtools import fake_anomalies as fa
from bot.digest.anomalies import AnomalyWatch, Listing
from bot.digest.budgets import BudgetStatus
from bot.digest.coverage import NO_BUDGET, NO_MONITOR, NO_SUBSCRIPTION, gaps, suggested_limit

DAY = date(2026, 11, 23)
COST = BudgetStatus("monthly", "COST", "MONTHLY", Decimal(5500), "USD", Decimal(10), None)


def _watch(monitors=None, subscriptions=None):
    listing = lambda items: None if items is None else Listing(tuple(items), DAY)  # noqa: E731
    return AnomalyWatch(monitors=listing(monitors), subscriptions=listing(subscriptions))


def _cli_json(finding, flag):
    words = shlex.split(finding.evidence["cli"])
    return json.loads(words[words.index(flag) + 1])


def test_a_covered_account_has_no_gap(demo_account):
    m = fa.monitor()
    assert gaps(demo_account, _watch([m], [fa.subscription([m])]), [COST]) == []


def test_no_monitor_is_a_gap_with_the_command_to_create_one(demo_account):
    [gap] = gaps(demo_account, _watch([], []), [COST])
    assert gap.check == NO_MONITOR and "you need both" in gap.evidence["why"]
    assert gap.evidence["cli"].startswith("aws ce create-anomaly-monitor ")
    assert _cli_json(gap, "--anomaly-monitor")["MonitorDimension"] == "SERVICE"
    assert "Cost Anomaly Detection → Cost monitors → Create monitor" in gap.evidence["console"]


def test_a_monitor_nobody_is_alerted_for_is_a_gap_naming_its_arn(demo_account):
    told, silent = fa.monitor("services"), fa.monitor("team-ml")
    [gap] = gaps(demo_account, _watch([told, silent], [fa.subscription([told])]), [COST])
    assert gap.check == NO_SUBSCRIPTION and "`team-ml`" in gap.title
    assert _cli_json(gap, "--anomaly-subscription")["MonitorArnList"] == [silent["MonitorArn"]]
    [none] = gaps(demo_account, _watch([told], []), [COST])
    assert none.title.startswith("No anomaly alert subscription")


def test_no_cost_budget_is_a_gap_with_a_limit_from_last_month(demo_account):
    usage = BudgetStatus("hours", "USAGE", "MONTHLY", Decimal(100), "Hrs", Decimal(1), None)
    m = fa.monitor()
    [gap] = gaps(demo_account, _watch([m], [fa.subscription([m])]), [usage], last_month=Decimal("4987.12"))
    assert gap.check == NO_BUDGET
    budget = _cli_json(gap, "--budget")
    assert budget["BudgetLimit"] == {"Amount": "5500", "Unit": "USD"} and budget["BudgetType"] == "COST"
    assert "--account-id 123456789012" in gap.evidence["cli"]
    notifications = _cli_json(gap, "--notifications-with-subscribers")
    assert {
        (n["Notification"]["NotificationType"], n["Notification"]["Threshold"]) for n in notifications
    } == {
        ("ACTUAL", 80),
        ("FORECASTED", 100),
    }


def test_lists_that_could_not_be_read_prove_no_gap(demo_account):
    assert gaps(demo_account, _watch(None, None), None) == []
    assert gaps(demo_account, _watch([fa.monitor()], None), None) == []  # subscriptions not read yet


def test_suggested_limit():
    assert suggested_limit(None) == 100
    assert suggested_limit(Decimal("0")) == 100
    assert suggested_limit(Decimal("4987.12")) == 5500
    assert suggested_limit(Decimal("90")) == 100
    assert suggested_limit(Decimal("91")) == 200
