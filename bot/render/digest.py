"""The daily digest in Slack: one parent a day (a line per account, worst first), a reply per account.

Pure: account digests in, Messages out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.digest.anomalies import CE_REQUESTS_PER_DIGEST, Anomaly, AnomalyWatch
from bot.digest.budgets import BudgetStatus
from bot.digest.report import AccountDigest
from bot.model import Finding, Severity, money
from bot.render.blocks import Block, context, divider, escape, header, line_sections, section
from bot.render.message import Message

WHY = "Budgets catch slow creep, Cost Anomaly Detection catches spikes."
MAX_ITEMS = 3  # signals per account on the parent's line
MAX_ANOMALIES = 10  # per reply, largest first; the rest are counted
MAX_BUDGETS = 15  # per reply, worst first; the rest are counted


@dataclass(frozen=True)
class Line:
    """An account's line on the day's parent."""

    account: str
    severity: Severity
    text: str


def account_line(digest: AccountDigest) -> Line:
    name = digest.account.name
    if digest.error:
        return Line(name, Severity.HIGH, f"⛔ *{name}* — could not read the account: its role failed")
    signals = digest.signals()
    severity = digest.severity
    shown = [text for _, text in signals[:MAX_ITEMS]]
    if severity is Severity.INFO:
        shown.append("nothing new")
    return Line(name, severity, f"{_emoji(severity)} *{name}* — " + " · ".join(shown))


def parent(day: date, lines: Sequence[Line]) -> Message:
    ordered = sorted(lines, key=lambda line: (-line.severity, line.account))
    attention = sum(1 for line in ordered if line.severity >= Severity.MEDIUM)
    title = f"AWS digest — {day.isoformat()}"
    if not ordered:
        summary = "no accounts configured"
    elif attention:
        verb = "needs" if attention == 1 else "need"
        summary = f"{attention} of {len(ordered)} account{'s' if len(ordered) > 1 else ''} {verb} attention"
    else:
        summary = "all quiet"
    blocks: list[Block] = [header(title), *line_sections([line.text for line in ordered])]
    blocks.append(context(f"{summary} · details per account in the thread · {WHY}"))
    return Message(text=f"{title}: {summary}", blocks=blocks)


def rerun(day: date, lines: Sequence[Line], *, asked_by: str | None, at: str) -> Message:
    """The first reply of a later digest in the day's thread (on demand, or the schedule after one)."""
    who = f"asked by <@{asked_by}>" if asked_by else "scheduled"
    ordered = sorted(lines, key=lambda line: (-line.severity, line.account))
    text = f"🔁 Digest again at {at} ({who})"
    blocks = [section(f"*{text}*"), *line_sections([line.text for line in ordered])]
    return Message(text=f"{text}: {day.isoformat()}", blocks=blocks)


def account_reply(digest: AccountDigest) -> Message:
    account = digest.account
    title = f"*{escape(account.name)}* ({account.account_id})"
    line = account_line(digest)
    if digest.error:
        text = f"⛔ {title}: {escape(digest.error)}"
        return Message(text=f"{account.name}: could not read the account", blocks=[section(text)])
    blocks: list[Block] = [section(f"{title}\n{line.text.split(' — ', 1)[-1]}")]
    blocks += _spend(digest)
    blocks += _budgets(digest.budgets)
    blocks += _anomalies(digest.watch)
    blocks += _gaps(digest.gaps)
    if digest.reminders:
        blocks += [section("*Reminders*"), *line_sections([r.text for r in digest.reminders])]
    if digest.problems:
        blocks += line_sections([f"⚠️ {escape(p)}" for p in digest.problems])
    blocks.append(context(_footer(digest)))
    return Message(text=f"{account.name}: {line.text.split(' — ', 1)[-1]}", blocks=blocks)


def _spend(digest: AccountDigest) -> list[Block]:
    spend = digest.spend
    if spend is None:
        return []
    text = (
        f"*Yesterday* ({spend.day.isoformat()}): *{money(spend.amount)}* — {spend.change.describe()} "
        f"against the 7-day average of {money(spend.average)}"
    )
    if spend.jumped():
        text = "📈 " + text
    return [section(text)]


def _budgets(budgets: list[BudgetStatus] | None) -> list[Block]:
    if budgets is None:
        return []  # not read: the problem line says why
    if not budgets:
        return [section("*Budgets*: none (see coverage below)")]
    lines = ["*Budgets*"]
    for b in sorted(budgets, key=lambda b: -b.severity)[:MAX_BUDGETS]:
        forecast = "no forecast yet"
        if b.forecast_level is not None:
            state = f"{b.forecast_level.emoji} {b.forecast_level}"
            forecast = f"forecast {b.amount(b.forecast)} ({b.pct(b.forecast)}) {state}"
        lines.append(
            f"• `{escape(b.name)}` ({b.time_unit.lower()}) — {b.period} {b.amount(b.actual)} of "
            f"{b.amount(b.limit)} ({b.pct(b.actual)}) {b.actual_level.emoji} {b.actual_level} · {forecast}"
        )
    if len(budgets) > MAX_BUDGETS:
        lines.append(f"…and {len(budgets) - MAX_BUDGETS} more, no worse than these, in the Budgets console.")
    return line_sections(lines)


def _anomalies(watch: AnomalyWatch) -> list[Block]:
    since = watch.since.isoformat() if watch.since else "?"
    if watch.anomalies is None:
        if "Anomalies" in watch.deferred:
            return [section("*Anomalies*: not read in this digest (Cost Explorer request budget).")]
        return []
    if not watch.anomalies:
        if watch.has_monitor is False:
            return []  # the coverage gap says it
        return [section(f"*Anomalies*: nothing new since {since}.")]
    lines = [f"*Anomalies* since {since} (Cost Anomaly Detection)"]
    for anomaly in sorted(watch.anomalies, key=lambda a: -a.impact)[:MAX_ANOMALIES]:
        lines.append(_anomaly(anomaly))
    if len(watch.anomalies) > MAX_ANOMALIES:
        lines.append(
            f"…and {len(watch.anomalies) - MAX_ANOMALIES} more in the Cost Anomaly Detection console."
        )
    return line_sections(lines)


def _anomaly(a: Anomaly) -> str:
    pct = f" (+{a.impact_pct:,.0f}%)" if a.impact_pct is not None else ""
    status = f"📈 grew from {money(a.previous_impact)} to" if a.grew else "🆕"
    monitor = f"`{escape(a.monitor_name)}`" if a.monitor_name else f"`{a.monitor_arn.rsplit('/', 1)[-1]}`"
    period = a.start.isoformat() if a.start else "?"
    if a.end and a.end != a.start:
        period += f" → {a.end.isoformat()}"
    head = f"{status} *{money(a.impact)}*{pct} impact, {period}, monitor {monitor} — anomaly `{escape(a.id)}`"
    causes = []
    for cause in a.root_causes[:3]:
        where = [
            cause.service,
            cause.region,
            cause.usage_type,
            f"account {cause.linked_account}"
            + (f" ({cause.linked_account_name})" if cause.linked_account_name else "")
            if cause.linked_account
            else None,
        ]
        share = f" ({money(cause.contribution)})" if cause.contribution is not None else ""
        causes.append("    ↳ " + " · ".join(escape(w) for w in where if w) + share)
    return "\n".join([head, *causes])


def _gaps(gaps: Sequence[Finding]) -> list[Block]:
    if not gaps:
        return []
    blocks: list[Block] = [divider(), section(f"*Coverage gaps* — {WHY} You need both.")]
    for gap in gaps:
        evidence = gap.evidence
        blocks.append(
            section(
                f"⚠️ *{escape(gap.title)}*\nConsole: {escape(evidence['console'])}\n"
                f"CLI:\n```{escape(evidence['cli'])}```"
            )
        )
    return blocks


def _footer(digest: AccountDigest) -> str:
    watch = digest.watch
    parts = [f"Cost Explorer requests: {digest.ce_requests} (limit {CE_REQUESTS_PER_DIGEST} per account)"]
    if watch.monitors is not None:
        parts.append(f"monitors read {watch.monitors.day.isoformat()}")
    if watch.subscriptions is not None:
        parts.append(f"subscriptions read {watch.subscriptions.day.isoformat()}")
    if "AnomalySubscriptions" in watch.deferred:
        parts.append("subscriptions: checked at the next digest (request budget)")
    return " · ".join(parts)


def _emoji(severity: Severity) -> str:
    return "✅" if severity is Severity.INFO else severity.emoji
