"""Savings Plans advice, and the gate that keeps it away from an account that may be compromised.

**The gate.** A Savings Plan is a one-year contract to pay for an hourly amount of compute. Bought
while an attacker runs GPU instances in the account, it locks the fraudulent usage into a bill that
no AWS abuse refund undoes. So advice is shown only when the account's latest `/aws-audit` said
"likely legitimate over-provisioning", that audit is at most `MAX_AUDIT_AGE` old, and the spend did
not spike after it. Otherwise the answer says to run `/aws-audit` first, and why.

**The 80% rule.** AWS's recommendation (Compute Savings Plan, 1 year, no upfront, looking back
`LOOKBACK` days) sizes an hourly commitment to the compute usage that ran steadily through the
lookback. We advise buying `COVERAGE` (80%) of that hourly commitment — `HourlyCommitmentToPurchase`
of the recommendation's summary × 0.8, rounded down to $0.001/hour (the step AWS sells) — and scale
its estimated monthly savings by the same factor (savings grow linearly while the commitment is
fully used, which a smaller commitment only makes surer). The 20% left on demand is headroom:
idle resources that `/aws-idle` finds will be cleaned up and workloads shrink, and a commitment
that is no longer used is still billed every hour for the rest of the year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from bot.model import Verdict
from bot.store import Store
from bot.store.runs import latest_run
from bot.store.types import utcnow

AUDIT_COMMAND = "/aws-audit"
MAX_AUDIT_AGE = timedelta(days=7)
COVERAGE = Decimal("0.80")
LOOKBACK = "SIXTY_DAYS"
LOOKBACK_DAYS = 60
HOURS_PER_MONTH = Decimal(730)
WHY = (
    "buying a commitment during a compromise locks the fraudulent usage into a one-year contract "
    "that no refund undoes"
)


class GateState(StrEnum):
    NO_AUDIT = "no audit"
    STALE = "stale audit"
    NOT_LEGITIMATE = "audit not legitimate"
    OPEN = "open"


@dataclass(frozen=True)
class Gate:
    state: GateState
    verdict: str | None = None
    audited_at: datetime | None = None
    spiked_on: date | None = None  # a spike after the audit makes it stale

    @property
    def open(self) -> bool:
        return self.state is GateState.OPEN

    def reason(self, account: str, now: datetime | None = None) -> str:
        """One sentence: why the advice is (not) shown, and what to do."""
        when = self._when(now)
        run_audit = f"Run `/aws-audit {account}` first"
        if self.state is GateState.NO_AUDIT:
            return f"{run_audit}: no audit on record for this account, and {WHY}."
        if self.state is GateState.NOT_LEGITIMATE:
            return f"{run_audit}: the latest audit ({when}) says *{self.verdict or 'no verdict'}*, and {WHY}."
        if self.state is GateState.STALE and self.spiked_on is not None:
            return (
                f"{run_audit}: the spend spiked on {self.spiked_on.isoformat()}, after the latest audit "
                f"({when}), and {WHY}."
            )
        if self.state is GateState.STALE:
            return (
                f"{run_audit}: the latest audit ({when}) is older than {MAX_AUDIT_AGE.days} days, and {WHY}."
            )
        return f"The latest audit ({when}) says *{self.verdict}*."

    def _when(self, now: datetime | None) -> str:
        if self.audited_at is None:
            return "never"
        days = ((now or utcnow()) - self.audited_at).days
        age = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
        return f"{self.audited_at:%Y-%m-%d %H:%M} UTC, {age}"


def commitment_gate(
    store: Store, account: str, *, now: datetime | None = None, latest_spike: date | None = None
) -> Gate:
    """Open only for a fresh "likely legitimate" audit with no spike after it."""
    run = latest_run(store, AUDIT_COMMAND, account)
    if run is None:
        return Gate(GateState.NO_AUDIT)
    verdict = (run.summary or {}).get("verdict")
    audited_at = run.finished_at or run.started_at
    if verdict != Verdict.LIKELY_LEGITIMATE.value:
        return Gate(GateState.NOT_LEGITIMATE, verdict, audited_at)
    if (now or utcnow()) - audited_at > MAX_AUDIT_AGE:
        return Gate(GateState.STALE, verdict, audited_at)
    if latest_spike is not None and latest_spike > audited_at.date():
        return Gate(GateState.STALE, verdict, audited_at, spiked_on=latest_spike)
    return Gate(GateState.OPEN, verdict, audited_at)


@dataclass(frozen=True)
class SavingsPlanAdvice:
    """AWS's recommendation and the 80% of it we advise buying."""

    aws_hourly: Decimal  # HourlyCommitmentToPurchase, $/hour at Savings Plan rates
    hourly: Decimal  # COVERAGE × aws_hourly, rounded down to $0.001
    aws_monthly_savings: Decimal
    monthly_savings: Decimal  # aws_monthly_savings scaled by hourly / aws_hourly
    savings_pct: Decimal | None  # of the covered on-demand cost, as AWS estimates it
    on_demand_spend: Decimal | None  # eligible on-demand spend over the lookback
    min_hourly: Decimal | None  # lowest hourly on-demand spend in the lookback: the steady floor
    avg_hourly: Decimal | None
    utilization: Decimal | None  # AWS's estimated average utilization of its commitment, %
    lookback_days: int = LOOKBACK_DAYS

    @property
    def monthly_commitment(self) -> Decimal:
        return (self.hourly * HOURS_PER_MONTH).quantize(Decimal("0.01"))


def savings_plan_advice(pages: Sequence[dict[str, Any]]) -> SavingsPlanAdvice | None:
    """The advice from every page of GetSavingsPlansPurchaseRecommendation; None when AWS recommends none."""
    summary: dict[str, Any] = {}
    details: list[dict[str, Any]] = []
    for page in pages:
        recommendation = page.get("SavingsPlansPurchaseRecommendation") or {}
        summary = summary or recommendation.get("SavingsPlansPurchaseRecommendationSummary") or {}
        details += recommendation.get("SavingsPlansPurchaseRecommendationDetails") or []
    aws_hourly = _dec(summary.get("HourlyCommitmentToPurchase")) or Decimal(0)
    if aws_hourly <= 0:
        return None
    hourly = (aws_hourly * COVERAGE).quantize(Decimal("0.001"), rounding=ROUND_DOWN)
    aws_savings = _dec(summary.get("EstimatedMonthlySavingsAmount")) or Decimal(0)
    return SavingsPlanAdvice(
        aws_hourly=aws_hourly,
        hourly=hourly,
        aws_monthly_savings=aws_savings.quantize(Decimal("0.01")),
        monthly_savings=(aws_savings * hourly / aws_hourly).quantize(Decimal("0.01")),
        savings_pct=_dec(summary.get("EstimatedSavingsPercentage")),
        on_demand_spend=_dec(summary.get("CurrentOnDemandSpend")),
        min_hourly=_sum(details, "CurrentMinimumHourlyOnDemandSpend"),
        avg_hourly=_sum(details, "CurrentAverageHourlyOnDemandSpend"),
        utilization=_utilization(details),
    )


def _dec(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _sum(details: list[dict[str, Any]], key: str) -> Decimal | None:
    values = [v for v in (_dec(d.get(key)) for d in details) if v is not None]
    return sum(values, Decimal(0)) if values else None


def _utilization(details: list[dict[str, Any]]) -> Decimal | None:
    """Commitment-weighted average of AWS's estimated utilization across the recommendation's details."""
    pairs = [
        (_dec(d.get("HourlyCommitmentToPurchase")), _dec(d.get("EstimatedAverageUtilization")))
        for d in details
    ]
    pairs = [(w, u) for w, u in pairs if w and u is not None]
    weight = sum((w for w, _ in pairs), Decimal(0))
    if not weight:
        return None
    return (sum((w * u for w, u in pairs), Decimal(0)) / weight).quantize(Decimal("0.1"))
