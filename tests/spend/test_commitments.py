from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from botocore.stub import Stubber

from bot.accounts import parse_accounts
from bot.aws.session import AwsAccess
from bot.model import Verdict
from bot.spend.commitments import GateState, commitment_gate, savings_plan_advice
from bot.spend.explorer import CostExplorer
from bot.store.cache import calls_made
from bot.store.runs import record_run

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def _audit(store, verdict, at, account="demo"):
    run_id = record_run(
        store,
        command="/aws-audit",
        account=account,
        actor="U1",
        headline="audit",
        summary={"verdict": verdict, "evidence": [], "by_severity": {}, "regions": 3},
        started_at=at - timedelta(minutes=2),
    )
    # record_run stamps finished_at with the real clock: set it to when the audit "ran"
    from sqlalchemy import update

    from bot.store.tables import Run

    with store.tx() as tx:
        tx.execute(update(Run).where(Run.id == run_id).values(finished_at=at))


def test_gate_without_any_audit(store):
    gate = commitment_gate(store, "demo", now=NOW)
    assert gate.state is GateState.NO_AUDIT and not gate.open
    assert "Run `/aws-audit demo` first: no audit on record" in gate.reason("demo", NOW)
    assert "locks the fraudulent usage into a one-year contract" in gate.reason("demo", NOW)


@pytest.mark.parametrize("verdict", [Verdict.LIKELY_COMPROMISE.value, Verdict.INCONCLUSIVE.value, None])
def test_gate_after_an_audit_that_did_not_clear_the_account(store, verdict):
    _audit(store, verdict, NOW - timedelta(hours=1))
    gate = commitment_gate(store, "demo", now=NOW)
    assert gate.state is GateState.NOT_LEGITIMATE and not gate.open
    assert f"says *{verdict or 'no verdict'}*" in gate.reason("demo", NOW)


def test_gate_opens_for_a_fresh_legitimate_audit_up_to_seven_days(store):
    _audit(store, Verdict.LIKELY_LEGITIMATE.value, NOW - timedelta(days=7))
    gate = commitment_gate(store, "demo", now=NOW)
    assert gate.state is GateState.OPEN and gate.open
    assert "7 days ago" in gate.reason("demo", NOW)


def test_gate_closes_a_second_past_seven_days(store):
    _audit(store, Verdict.LIKELY_LEGITIMATE.value, NOW - timedelta(days=7, seconds=1))
    gate = commitment_gate(store, "demo", now=NOW)
    assert gate.state is GateState.STALE
    assert "older than 7 days" in gate.reason("demo", NOW)


def test_gate_reads_the_latest_audit_of_this_account_only(store):
    _audit(store, Verdict.LIKELY_LEGITIMATE.value, NOW - timedelta(days=1), account="other")
    assert commitment_gate(store, "demo", now=NOW).state is GateState.NO_AUDIT
    _audit(store, Verdict.LIKELY_COMPROMISE.value, NOW - timedelta(days=2))
    _audit(store, Verdict.LIKELY_LEGITIMATE.value, NOW - timedelta(days=3))
    assert commitment_gate(store, "demo", now=NOW).state is GateState.NOT_LEGITIMATE  # the newer audit wins


def test_a_spike_after_the_audit_makes_it_stale(store):
    _audit(store, Verdict.LIKELY_LEGITIMATE.value, NOW - timedelta(days=2))
    assert commitment_gate(store, "demo", now=NOW, latest_spike=TODAY - timedelta(days=2)).open
    gate = commitment_gate(store, "demo", now=NOW, latest_spike=TODAY - timedelta(days=1))
    assert gate.state is GateState.STALE and gate.spiked_on == TODAY - timedelta(days=1)
    assert "spiked on 2026-11-22, after the latest audit" in gate.reason("demo", NOW)


def _page(hourly, savings, token=None, details=()):
    page = {
        "Metadata": {"RecommendationId": "r-1", "GenerationTimestamp": "2026-11-23T00:00:00Z"},
        "SavingsPlansPurchaseRecommendation": {
            "SavingsPlansType": "COMPUTE_SP",
            "TermInYears": "ONE_YEAR",
            "PaymentOption": "NO_UPFRONT",
            "LookbackPeriodInDays": "SIXTY_DAYS",
            "SavingsPlansPurchaseRecommendationDetails": list(details),
            "SavingsPlansPurchaseRecommendationSummary": {
                "HourlyCommitmentToPurchase": hourly,
                "EstimatedMonthlySavingsAmount": savings,
                "EstimatedSavingsPercentage": "27.9",
                "CurrentOnDemandSpend": "5132.16",
                "CurrencyCode": "USD",
            },
        },
    }
    if token:
        page["NextPageToken"] = token
    return page


def _detail(hourly, minimum, average, utilization="100.0"):
    return {
        "HourlyCommitmentToPurchase": hourly,
        "CurrentMinimumHourlyOnDemandSpend": minimum,
        "CurrentAverageHourlyOnDemandSpend": average,
        "EstimatedAverageUtilization": utilization,
    }


EXPECTED = {
    "SavingsPlansType": "COMPUTE_SP",
    "TermInYears": "ONE_YEAR",
    "PaymentOption": "NO_UPFRONT",
    "LookbackPeriodInDays": "SIXTY_DAYS",
}


def test_savings_plan_recommendation_through_stubber_is_paged_cached_and_scaled_to_80_percent(
    aws, account, store
):
    session = AwsAccess(aws).for_account(parse_accounts([account])[0], "U1")
    with Stubber(session.client("ce")) as stub:
        stub.add_response(
            "get_savings_plans_purchase_recommendation",
            _page("2.566", "728.47", token="p2", details=[_detail("1.800", "2.4", "2.5")]),
            EXPECTED,
        )
        stub.add_response(
            "get_savings_plans_purchase_recommendation",
            _page("2.566", "728.47", details=[_detail("0.766", "1.1", "1.06", "90.0")]),
            {**EXPECTED, "NextPageToken": "p2"},
        )
        pages = CostExplorer(session, store, today=TODAY).savings_plans_recommendation()
        again = CostExplorer(session, store, today=TODAY).savings_plans_recommendation()  # cached
        stub.assert_no_pending_responses()
    assert again == pages and calls_made(store, service="ce") == 2
    advice = savings_plan_advice(pages)
    assert advice is not None
    assert advice.aws_hourly == Decimal("2.566")
    assert advice.hourly == Decimal("2.052")  # 80% = 2.0528, rounded DOWN to AWS's $0.001 step
    assert advice.monthly_commitment == Decimal("1497.96")  # 2.052 × 730 hours
    assert advice.aws_monthly_savings == Decimal("728.47")
    assert advice.monthly_savings == Decimal("582.55")  # 728.47 × 2.052 / 2.566
    assert advice.min_hourly == Decimal("3.5") and advice.avg_hourly == Decimal("3.56")  # summed details
    assert advice.utilization == Decimal("97.0")  # weighted by each detail's commitment
    assert advice.savings_pct == Decimal("27.9") and advice.on_demand_spend == Decimal("5132.16")


@pytest.mark.parametrize("hourly", ["0", "0.000", "", None])
def test_no_recommendation_when_aws_recommends_no_commitment(hourly):
    page = _page("0", "0")
    page["SavingsPlansPurchaseRecommendation"]["SavingsPlansPurchaseRecommendationSummary"][
        "HourlyCommitmentToPurchase"
    ] = hourly
    assert savings_plan_advice([page]) is None
    assert savings_plan_advice([{"Metadata": {}}]) is None  # an account with no compute at all


def test_a_tiny_commitment_rounds_down_not_up():
    advice = savings_plan_advice([_page("0.004", "0.50")])
    assert advice is not None and advice.hourly == Decimal("0.003")  # 0.0032 → never more than 80%
    assert advice.monthly_savings == Decimal("0.38")


def test_gate_reason_mentions_when_the_audit_ran(store):
    _audit(store, Verdict.LIKELY_LEGITIMATE.value, NOW - timedelta(days=1))
    gate = commitment_gate(store, "demo", now=NOW)
    assert gate.audited_at.date() == date(2026, 11, 22)
    assert gate.reason("demo", NOW) == (
        "The latest audit (2026-11-22 09:00 UTC, yesterday) says *likely legitimate over-provisioning*."
    )
