from datetime import date, timedelta
from decimal import Decimal

import pytest
from freezegun import freeze_time

from bot.aws.fakes import FakeError
from bot.devtools import fake_anomalies as fa
from bot.digest.anomalies import RequestBudget, mark_reported, watch
from bot.store.cache import calls_made

TODAY = date(2026, 11, 23)
EC2 = "Amazon Elastic Compute Cloud - Compute"


@pytest.fixture
def monitor(ce):
    m = fa.monitor("services")
    ce.monitors.append(m)
    return m


def _gpu(monitor, actual="1554.34", anomaly_id="a-gpu", end=TODAY - timedelta(days=1)):
    return fa.anomaly(
        anomaly_id,
        monitor=monitor,
        start=TODAY - timedelta(days=1),
        end=end,
        actual=actual,
        expected="85.54",
        causes=[(EC2, "eu-west-1", "EU-BoxUsage:p3.8xlarge", Decimal(actual) - Decimal("85.54"))],
    )


def _watch(session, store, *, since=TODAY - timedelta(days=7), spent=1, today=TODAY):
    budget = RequestBudget()
    budget.spent = spent  # the daily series, read first
    return watch(session, store, today=today, since=since, budget=budget), budget


def test_an_anomaly_reads_with_impact_root_causes_and_monitor_name(session, store, ce, monitor):
    ce.subscriptions.append(fa.subscription([monitor]))
    ce.anomalies.append(_gpu(monitor))
    result, _ = _watch(session, store)
    [anomaly] = result.anomalies
    assert anomaly.id == "a-gpu" and anomaly.monitor_name == "services"
    assert anomaly.impact == Decimal("1468.80") and round(anomaly.impact_pct) == 1717
    [cause] = anomaly.root_causes
    assert (cause.service, cause.region, cause.usage_type, cause.linked_account) == (
        EC2,
        "eu-west-1",
        "EU-BoxUsage:p3.8xlarge",
        "123456789012",
    )


def test_an_anomaly_is_reported_once(session, store, ce, monitor):
    ce.anomalies.append(_gpu(monitor))
    first, _ = _watch(session, store)
    mark_reported(store, "demo", first.anomalies)
    again, _ = _watch(session, store)
    assert [a.id for a in first.anomalies] == ["a-gpu"]
    assert again.anomalies == []


def test_an_open_anomaly_is_reported_again_when_its_impact_grows(session, store, ce, monitor):
    ce.anomalies.append(_gpu(monitor, actual="585.54"))  # $500
    first, _ = _watch(session, store)
    mark_reported(store, "demo", first.anomalies)
    ce.anomalies[0] = _gpu(monitor, actual="610.54", end=TODAY)  # +$25 (5%): not worth a message
    small, _ = _watch(session, store)
    assert small.anomalies == []
    ce.anomalies[0] = _gpu(monitor, actual="1554.34", end=TODAY)  # $1,468.80: it grew
    grown, _ = _watch(session, store)
    [anomaly] = grown.anomalies
    assert (
        anomaly.grew and anomaly.previous_impact == Decimal("500.00") and anomaly.impact == Decimal("1468.80")
    )
    mark_reported(store, "demo", grown.anomalies)
    same, _ = _watch(session, store)
    assert same.anomalies == []


def test_anomalies_are_read_since_the_last_digest_by_their_last_day(session, store, ce, monitor):
    old = fa.anomaly(
        "old", monitor=monitor, start=date(2026, 11, 1), end=date(2026, 11, 3), actual=50, expected=10
    )
    still_open = fa.anomaly(
        "open", monitor=monitor, start=date(2026, 11, 10), end=TODAY, actual=90, expected=10
    )
    ce.anomalies += [old, still_open]
    result, _ = _watch(session, store, since=TODAY - timedelta(days=2))
    assert [a.id for a in result.anomalies] == ["open"]
    [request] = [p for op, p in ce.requests if op == "GetAnomalies"]
    assert request["DateInterval"] == {"StartDate": "2026-11-21"}


def test_a_first_digest_makes_at_most_three_ce_requests_and_the_next_checks_subscriptions(
    session, store, ce, monitor
):
    ce.subscriptions.append(fa.subscription([monitor]))
    ce.anomalies.append(_gpu(monitor))
    with freeze_time("2026-11-23 09:00"):
        first, budget = _watch(session, store)
    assert budget.spent == 3  # the daily series, the monitors, the anomalies
    assert first.monitors is not None and first.subscriptions is None
    assert first.deferred == ["AnomalySubscriptions"]
    with freeze_time("2026-11-24 09:00"):
        second, budget = _watch(session, store, today=TODAY + timedelta(days=1))
    assert budget.spent == 3 and second.subscriptions.day == date(2026, 11, 24)
    assert second.monitors.day == TODAY  # yesterday's list, reused
    with freeze_time("2026-11-25 09:00"):
        third, budget = _watch(session, store, today=TODAY + timedelta(days=2))
    assert budget.spent == 3 and third.monitors.day == date(2026, 11, 25)  # the older list refreshed
    assert calls_made(store, service="ce") == 3 * 2  # (the daily series is not read in this test)


def test_lists_read_today_are_free_and_leftover_budget_refreshes_the_other(session, store, ce, monitor):
    ce.subscriptions.append(fa.subscription([monitor]))
    _watch(session, store)
    _, budget = _watch(session, store)  # a later /aws-digest the same day
    assert budget.spent == 1 + 2  # the anomalies, and the subscriptions with what was left
    third, budget = _watch(session, store)
    assert budget.spent == 1 + 1  # only the anomalies now
    assert third.subscriptions is not None


def test_no_monitor_means_no_anomaly_request_at_all(session, store, ce):
    result, budget = _watch(session, store)
    assert result.has_monitor is False and result.anomalies == []
    assert budget.spent == 2  # the daily series and the monitors: no subscriptions, no anomalies
    assert [op for op, _ in ce.requests] == ["GetAnomalyMonitors"]


def test_a_list_that_showed_a_gap_is_read_again_first(session, store, ce):
    with freeze_time("2026-11-23 09:00"):
        _watch(session, store)
    ce.monitors.append(fa.monitor("services"))  # someone followed the fix
    with freeze_time("2026-11-24 09:00"):
        result, _ = _watch(session, store, today=TODAY + timedelta(days=1))
    assert result.has_monitor is True


def test_anomaly_pages_are_each_a_request(session, store, ce, monitor):
    ce.page_size = 2
    ce.anomalies += [
        fa.anomaly(f"a{i}", monitor=monitor, start=TODAY, end=TODAY, actual=100 + i, expected=10)
        for i in range(5)
    ]
    ce.subscriptions.append(fa.subscription([monitor]))
    result, budget = _watch(session, store, spent=0)
    assert [a.id for a in result.anomalies] == ["a4", "a3", "a2", "a1", "a0"]  # largest impact first
    assert calls_made(store, service="ce", account="demo") == budget.spent == 2 + 3


def test_an_access_denied_is_a_problem_not_a_failure(session, store, fake, monitor):
    def denied(params, region):
        raise FakeError("AccessDeniedException", "not authorized to perform ce:GetAnomalies", 400)

    fake.on("ce", "GetAnomalies")(denied)
    result, _ = _watch(session, store)
    assert result.anomalies is None and result.monitors is not None
    assert "access denied" in result.problems[0].describe()
