"""`/aws-cost` as Slack messages: a parent a person can act on, the details in its thread.

Parent: month-to-date, the month's forecast, the change against last month, the three movers that
explain it, and the spike-or-run-rate reading (with the command to run next). Thread: breakdown
tables by service, region, usage type and linked account (overflowing to CSV), the 90-day chart,
the Savings Plans advice (or why it waits for `/aws-audit`) and the Compute Optimizer advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bot.aws.errors import AwsProblem
from bot.model import money
from bot.render.blocks import Block, context, divider, escape, header, section, table_or_csv
from bot.render.message import BinaryFile, Message
from bot.spend.commitments import COVERAGE, Gate, GateState, SavingsPlanAdvice
from bot.spend.report import CostReport
from bot.spend.rightsizing import RightSizing
from bot.spend.signals import Change, Mover, Signal, Spike

TABLE_ROWS = 10
MOVERS = 3
DIMENSION_LABELS = {
    "SERVICE": "service",
    "REGION": "region",
    "USAGE_TYPE": "usage type",
    "LINKED_ACCOUNT": "linked account",
}
CE_PRICE = Decimal("0.01")


@dataclass
class CostAdvice:
    """What the thread says beyond the bill: the commitment gate and its advice, and right-sizing."""

    gate: Gate
    savings_plan: SavingsPlanAdvice | None = None
    savings_plan_problem: AwsProblem | None = None
    rightsizing: RightSizing | None = None
    now: datetime | None = None


def render_cost(report: CostReport, advice: CostAdvice, chart: bytes | None) -> tuple[Message, list[Message]]:
    thread = []
    if report.has_spend:
        thread.append(_breakdowns(report))
    if chart is not None:
        thread.append(_chart(report, chart))
    thread += [_commitments(report.account, advice), _rightsizing(advice.rightsizing)]
    return _parent(report), thread


def render_unavailable(account: str, problem: AwsProblem) -> Message:
    """Cost Explorer refused (or is not enabled): one clear answer instead of an empty report."""
    text = f":no_entry: Cannot read the bill of *{escape(account)}*: Cost Explorer said {problem.describe()}."
    hint = (
        "The audit role needs `ce:GetCostAndUsage`, `ce:GetCostForecast` and "
        "`ce:GetSavingsPlansPurchaseRecommendation`, and Cost Explorer must have been enabled once "
        "in the account's Billing console (it takes up to 24 hours to fill)."
    )
    return Message(text=text, blocks=[section(text), context(hint)])


# --- parent ---------------------------------------------------------------------------------------
def _parent(report: CostReport) -> Message:
    account = escape(report.account)
    if not report.has_spend:
        text = f"💰 {report.account}: no spend recorded in the last {len(report.series)} days."
        return Message(
            text=text,
            blocks=[
                section(f"💰 *{account}*: no spend recorded in the last {len(report.series)} days."),
                context(
                    "Cost Explorer shows no cost for this account: a new account, an account whose "
                    "usage is billed elsewhere in the organization, or Cost Explorer enabled less than "
                    "a day ago. " + _requests(report)
                ),
            ],
        )
    periods = report.periods
    month = f"{report.today:%B}"
    last_label = f"{periods.last_month[0]:%B}"
    lines = []
    if report.forecast is not None:
        versus = report.forecast_change
        lines.append(
            f"*Forecast for {month}:* {money(report.forecast)} "
            f"(vs {last_label}'s {money(report.last_month)}: {_describe(versus)})"
        )
    elif "forecast" in report.problems:
        lines.append(f"*Forecast:* unavailable — {escape(report.problems['forecast'].describe())}")
    else:
        lines.append(
            f"*Forecast:* too little history for AWS to forecast · {last_label}: {money(report.last_month)}"
        )
    lines.append(f"*Against {_span(periods.same_period)}:* {_describe(report.change)}")
    blocks: list[Block] = [
        header(f"💰 {report.account} — {money(report.month_to_date)} month-to-date"),
        section("\n".join(lines)),
    ]
    movers = _significant(report.movers("SERVICE", "REGION", n=MOVERS))
    if movers:
        body = [f"*Top movers* (vs {_span(periods.same_period)})"]
        for mover in movers:
            share = f" — {abs(mover.share):.0%} of the change" if mover.share is not None else ""
            body.append(
                f"• {escape(' · '.join(mover.key))}: {_signed(mover.delta)} "
                f"({money(mover.previous)} → {money(mover.current)}){share}"
            )
        blocks.append(section("\n".join(body)))
    elif "SERVICE+REGION" in report.problems or "SERVICE+REGION (same period)" in report.problems:
        blocks.append(
            context("Top movers unavailable: the breakdown by service could not be read (see thread).")
        )
    blocks.append(section(_reading(report)))
    blocks.append(
        context(
            "Breakdowns, the 90-day chart, commitment and right-size advice in the thread · "
            + _requests(report)
        )
    )
    text = (
        f"{report.account}: {money(report.month_to_date)} month-to-date"
        + (f", forecast {money(report.forecast)}" if report.forecast is not None else "")
        + f", {_describe(report.change)} vs {_span(periods.same_period)}; {report.signal.value}"
    )
    return Message(text=text, blocks=blocks)


def _reading(report: CostReport) -> str:
    account = escape(report.account)
    signal = report.signal
    rules = report.rules
    if signal is Signal.SPIKE:
        found = report.spikes
        latest = _latest_run(found)
        peak = max(latest, key=lambda s: s.ratio)
        since = f" since {latest[0].day.day.isoformat()}" if len(latest) > 1 else ""
        earlier = len(found) - len(latest)
        more = f" ({earlier} earlier spike day(s) in the last {len(report.series)} days)" if earlier else ""
        return (
            f"🚨 *Vertical spike{since}* — peak {peak.describe()}{more}. Spend jumped, it did not "
            f"creep: run `/aws-audit {account}` before anything else."
        )
    if signal is Signal.FLAT and report.run_rate is not None:
        return (
            f"📏 *Flat run-rate* — {report.run_rate.describe()}: always-on resources, not a burst. "
            f"`/aws-idle {account}` lists what is idle and what it costs."
        )
    if signal is Signal.NORMAL:
        return (
            f"📈 *No spike, no flat run-rate* — no day reached {rules.spike_factor}× its "
            f"{rules.baseline_days}-day median, and daily cost varies more than {rules.flat_max_cv:.0%}."
        )
    return (
        f"❔ *Too little history* for the spike and run-rate rules (they need {rules.baseline_days + 1} "
        "days with spend)."
    )


def _latest_run(spikes: Sequence[Spike]) -> list[Spike]:
    """The most recent run of consecutive spike days."""
    run = [spikes[-1]]
    for spike in reversed(spikes[:-1]):
        if (run[0].day.day - spike.day.day).days > 1:
            break
        run.insert(0, spike)
    return run


def _requests(report: CostReport) -> str:
    if report.requests == 0:
        return "Cost Explorer: every answer from today's cache (no request billed)."
    return (
        f"Cost Explorer: {report.requests} request(s) billed now (${report.requests * CE_PRICE:.2f}), "
        "cached for the rest of the day."
    )


# --- thread: breakdowns ---------------------------------------------------------------------------
def _breakdowns(report: CostReport) -> Message:
    periods = report.periods
    same, last = _span(periods.same_period), f"{periods.last_month[0]:%B}"
    blocks: list[Block] = [header(f"Where the money goes — {_span(periods.this_month)} vs {same} and {last}")]
    files = []
    for dimension, label in DIMENSION_LABELS.items():
        rows = report.table(dimension)
        blocks.append(section(f"*By {label}*"))
        if rows is None:
            blocks.append(context(f"Unavailable: {escape(_pair_problem(report, dimension))}"))
            continue
        if not rows:
            blocks.append(context("No cost in these periods."))
            continue
        table = [
            [key or "(none)", money(mtd), _change_cell(Change(mtd, before)), money(whole)]
            for key, mtd, before, whole in rows
        ]
        filename = f"cost-by-{label.replace(' ', '-')}-{report.account}-{report.today.isoformat()}.csv"
        found, csv = table_or_csv(
            f"{report.account}: cost by {label}",
            [label, "month to date", f"vs {same}", last],
            table,
            max_rows=TABLE_ROWS,
            filename=filename,
        )
        blocks += found
        if csv is not None:
            files.append(csv)
    movers = _significant(report.movers("USAGE_TYPE", n=5))
    if movers:
        lines = [f"*Usage types that moved most* (vs {same})"]
        lines += [
            f"• `{escape(m.key[0])}`: {_signed(m.delta)} ({money(m.previous)} → {money(m.current)})"
            for m in movers
        ]
        blocks.append(section("\n".join(lines)))
    blocks.append(context(f"Unblended cost in USD. Today ({report.today.isoformat()}) is still partial."))
    return Message(text=f"{report.account}: cost breakdown", blocks=blocks, files=files)


def _pair_problem(report: CostReport, dimension: str) -> str:
    for label, problem in report.problems.items():
        if dimension in label.split(" ")[0].split("+"):
            return problem.describe()
    return "not read"


# --- thread: chart --------------------------------------------------------------------------------
def _chart(report: CostReport, chart: bytes) -> Message:
    first, last = report.series[0].day, report.series[-1].day
    filename = f"cost-{report.account}-{first.isoformat()}-{last.isoformat()}.png"
    text = (
        f"*Daily cost, {first.isoformat()} to {last.isoformat()}* — red bars are spike days (at least "
        f"{report.rules.spike_factor}× the median of the {report.rules.baseline_days} days before, dashed)."
    )
    return Message(
        text=f"{report.account}: daily cost, last {len(report.series)} days",
        blocks=[section(text)],
        files=[
            BinaryFile(filename=filename, title=f"{report.account}: daily cost, last 90 days", data=chart)
        ],
    )


# --- thread: commitments --------------------------------------------------------------------------
def _commitments(account: str, advice: CostAdvice) -> Message:
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
def _rightsizing(found: RightSizing | None) -> Message:
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


def _significant(movers: list[Mover[tuple[str, ...]]]) -> list[Mover[tuple[str, ...]]]:
    """Movers that explain at least 1% of the change: the rest is day-to-day noise."""
    return [m for m in movers if m.share is None or abs(m.share) >= Decimal("0.01")]


# --- small formatting -----------------------------------------------------------------------------
def _span(period: tuple[date, date]) -> str:
    first, last = period
    return f"{first:%b} {first.day}" if first == last else f"{first:%b} {first.day}–{last.day}"


def _signed(amount: Decimal) -> str:
    return ("+" if amount >= 0 else "") + money(amount)


def _describe(change: Change | None) -> str:
    if change is None:
        return "—"
    return change.describe() if change.previous else f"{_signed(change.delta)} (nothing before)"


def _change_cell(change: Change) -> str:
    if change.delta == 0:
        return "="
    if change.previous == 0:
        return f"{_signed(change.delta)} new"
    return f"{_signed(change.delta)} ({change.pct:+}%)"


def _hourly(amount: Decimal) -> str:
    """Savings Plans are sold in $0.001/hour steps: show all three decimals."""
    return f"${amount:,.3f}"


def _risk(value: Decimal | None) -> str:
    if value is None:
        return "?"
    return ["none", "very low", "low", "medium", "high"][max(0, min(4, int(value)))]


def chart_title(account: str, days: int) -> str:
    return f"{account} — daily cost, last {days} days (unblended, USD)"
