"""`/aws-cost` as Slack messages: a parent a person can act on, the details in its thread.

Parent: month-to-date, the month's forecast, the change against last month, the three movers that
explain it, and the spike-or-run-rate reading (with the command to run next). Thread: breakdown
tables by service, region, usage type and linked account (overflowing to CSV), the 90-day chart,
the Savings Plans advice (or why it waits for `/aws-audit`) and the Compute Optimizer advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from bot.aws.errors import AwsProblem
from bot.model import money
from bot.render.blocks import Block, context, escape, header, section, table_or_csv
from bot.render.cost_advice import CostAdvice, commitments, rightsizing
from bot.render.message import BinaryFile, Message
from bot.spend.report import CostReport
from bot.spend.signals import Change, Mover, Signal, Spike

__all__ = ["CostAdvice", "chart_title", "render_cost", "render_unavailable"]

TABLE_ROWS = 10
MOVERS = 3
DIMENSION_LABELS = {
    "SERVICE": "service",
    "REGION": "region",
    "USAGE_TYPE": "usage type",
    "LINKED_ACCOUNT": "linked account",
}
CE_PRICE = Decimal("0.01")


def render_cost(report: CostReport, advice: CostAdvice, chart: bytes | None) -> tuple[Message, list[Message]]:
    thread = []
    if report.has_spend:
        thread.append(_breakdowns(report))
    if chart is not None:
        thread.append(_chart(report, chart))
    thread += [commitments(report.account, advice), rightsizing(advice.rightsizing)]
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


def chart_title(account: str, days: int) -> str:
    return f"{account} — daily cost, last {days} days (unblended, USD)"
