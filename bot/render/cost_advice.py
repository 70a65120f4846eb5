"""The advice half of `/aws-cost`'s thread: Savings Plans (or why they wait for the audit), right-sizing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bot.aws.errors import AwsProblem
from bot.model import money
from bot.render.blocks import Block, context, divider, escape, section, table_or_csv
from bot.render.message import Message
from bot.spend.commitments import COVERAGE, Gate, GateState, SavingsPlanAdvice
from bot.spend.rightsizing import RightSizing

TABLE_ROWS = 10


@dataclass
class CostAdvice:
    """What the thread says beyond the bill: the commitment gate and its advice, and right-sizing."""

    gate: Gate
    savings_plan: SavingsPlanAdvice | None = None
    savings_plan_problem: AwsProblem | None = None
    rightsizing: RightSizing | None = None
    now: datetime | None = None


# --- thread: commitments --------------------------------------------------------------------------
def commitments(account: str, advice: CostAdvice) -> Message:
    gate = advice.gate
    title = "*Savings Plans (Compute, 1 year, no upfront)*"
    if not gate.open:
        reason = gate.reason(escape(account), advice.now)
        icon = "⛔" if gate.state is GateState.NOT_LEGITIMATE else "⏸️"
        text = f"{icon} {title}: not yet. {reason}"
        return Message(
            text=f"Savings Plans: run /aws-audit {account} first",
            blocks=[
                section(text),
                context(
                    "Advice is shown only after an audit of the last 7 days said "
                    "*likely legitimate over-provisioning* and no spike came after it."
                ),
            ],
        )
    lines = [f"✅ {title} — {gate.reason(escape(account), advice.now)}"]
    plan = advice.savings_plan
    notes: list[str] = []
    if advice.savings_plan_problem is not None:
        lines.append(
            f"AWS's recommendation could not be read: {escape(advice.savings_plan_problem.describe())}."
        )
    elif plan is None:
        lines.append("AWS recommends no Compute Savings Plan: no steady compute usage in the last 60 days.")
    else:
        lines.append(
            f"Buy *{_hourly(plan.hourly)}/hour* ≈ {money(plan.monthly_commitment)}/month: "
            f"{COVERAGE:.0%} of the {_hourly(plan.aws_hourly)}/hour AWS recommends "
            f"from the last {plan.lookback_days} days."
        )
        pct = f", {plan.savings_pct}% off the covered on-demand cost" if plan.savings_pct is not None else ""
        lines.append(
            f"Estimated saving ≈ *{money(plan.monthly_savings)}/month* "
            f"(AWS's full recommendation: {money(plan.aws_monthly_savings)}/month{pct})."
        )
        notes.append(
            f"Why {COVERAGE:.0%}: the rest stays on demand as headroom — idle resources get cleaned up "
            "and workloads shrink, and an unused commitment is still billed every hour for a year."
        )
        if plan.min_hourly is not None and plan.avg_hourly is not None:
            notes.append(
                f"Steady floor: lowest hourly on-demand compute spend {money(plan.min_hourly)}/h "
                f"(average {money(plan.avg_hourly)}/h)"
                + (f"; AWS expects its commitment {plan.utilization}% used." if plan.utilization else ".")
            )
    blocks = [section("\n".join(lines))]
    if notes:
        blocks.append(context(*notes))
    return Message(text=f"Savings Plans advice for {account}", blocks=blocks)


# --- thread: right-sizing -------------------------------------------------------------------------
def rightsizing(found: RightSizing | None) -> Message:
    title = "*Right-sizing (Compute Optimizer, EC2)*"
    if found is None:
        return Message(text="Right-sizing: not read", blocks=[section(f"{title}: not read.")])
    if "enrollment" in found.problems:
        text = f"{title}: could not be read — {escape(found.problems['enrollment'].describe())}."
        return Message(text="Right-sizing unavailable", blocks=[section(text)])
    if not found.enrolled:
        reason = f" ({escape(found.reason)})" if found.reason else ""
        text = (
            f"{title}: this account is not opted in to Compute Optimizer — "
            f"status *{escape(found.status)}*{reason}. "
            "Opting in is free: Compute Optimizer console → *Get started*, or "
            "`aws compute-optimizer update-enrollment-status --status Active`; recommendations appear "
            "after about 30 hours of metrics."
        )
        if found.status == "Pending":
            text = f"{title}: opt-in is pending; recommendations appear within a day."
        return Message(text="Right-sizing: Compute Optimizer not enabled", blocks=[section(text)])
    over, under = found.over, found.under
    counts = found.findings
    summary = (
        f"{title}: {len(over)} over-provisioned instance(s)"
        + (f", ≈ {money(found.monthly_savings)}/month if resized" if over else "")
        + f"; {len(under)} under-provisioned; {counts.get('Optimized', 0)} optimized."
    )
    blocks: list[Block] = [section(summary)]
    files = []
    if over:
        rows = [
            [
                i.instance_id,
                i.region,
                i.name,
                f"{i.current_type} → {i.recommended_type or '?'}",
                money(i.monthly_savings),
                _risk(i.performance_risk),
            ]
            for i in over
        ]
        table, csv = table_or_csv(
            "Over-provisioned EC2 instances",
            ["instance", "region", "name", "resize", "saves/month", "risk"],
            rows,
            max_rows=TABLE_ROWS,
            filename="rightsizing-ec2.csv",
        )
        blocks += table
        if csv is not None:
            files.append(csv)
    if under:
        names = ", ".join(
            f"`{i.instance_id}` ({i.current_type} → {i.recommended_type or '?'})" for i in under[:10]
        )
        more = f" and {len(under) - 10} more" if len(under) > 10 else ""
        blocks.append(context(f"Under-provisioned (performance at risk): {names}{more}."))
    if found.problems:
        blocks.append(
            context(
                *[
                    f"{escape(region)}: {escape(problem.describe())}"
                    for region, problem in sorted(found.problems.items())
                ]
            )
        )
    blocks.append(divider())
    return Message(text=f"Right-sizing: {len(over)} over-provisioned instance(s)", blocks=blocks, files=files)


# --- small formatting -----------------------------------------------------------------------------
def _hourly(amount: Decimal) -> str:
    """Savings Plans are sold in $0.001/hour steps: show all three decimals."""
    return f"${amount:,.3f}"


def _risk(value: Decimal | None) -> str:
    if value is None:
        return "?"
    return ["none", "very low", "low", "medium", "high"][max(0, min(4, int(value)))]
