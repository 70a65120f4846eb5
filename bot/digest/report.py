"""One account's digest: spend, budgets, anomalies, coverage gaps and reminders, and how bad it is.

`build_account` reads AWS through the account's audit role (as the scheduler, or as the person who
asked); every part that fails becomes a problem line and the rest still reports. A role that
cannot be assumed makes the whole account one error line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from botocore.exceptions import BotoCoreError, ClientError

from bot.accounts import Account
from bot.aws.errors import classify
from bot.aws.session import AssumeRoleError
from bot.digest import anomalies, coverage, reminders
from bot.digest.anomalies import AnomalyWatch, RequestBudget
from bot.digest.budgets import BudgetStatus, Level, read_budgets
from bot.digest.reminders import Reminder
from bot.model import Finding, Severity, money
from bot.services import Services
from bot.spend.explorer import CostExplorer, DailyCost, last_month_total, month_to_date, total
from bot.spend.signals import Change
from bot.store.types import utcnow

log = logging.getLogger(__name__)

AVERAGE_DAYS = 7


@dataclass(frozen=True)
class Rules:
    jump_pct: Decimal = Decimal(50)  # yesterday this far above the 7-day average is worth a look…
    jump_min_usd: Decimal = Decimal(10)  # …when it is also this many dollars above it


RULES = Rules()


@dataclass(frozen=True)
class Spend:
    """Yesterday (the last complete UTC day) against the average of the 7 days before it."""

    day: date
    amount: Decimal
    average: Decimal
    month_to_date: Decimal
    last_month: Decimal

    @property
    def change(self) -> Change:
        return Change(self.amount, self.average)

    def jumped(self, rules: Rules = RULES) -> bool:
        pct = self.change.pct
        return self.change.delta >= rules.jump_min_usd and (pct is None or pct >= rules.jump_pct)


@dataclass
class AccountDigest:
    account: Account
    error: str | None = None  # the role could not be assumed: nothing else was read
    spend: Spend | None = None
    budgets: list[BudgetStatus] | None = None  # None: not read
    watch: AnomalyWatch = field(default_factory=AnomalyWatch)
    gaps: list[Finding] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ce_requests: int = 0

    @property
    def anomalies(self) -> list[anomalies.Anomaly]:
        return self.watch.anomalies or []

    def signals(self) -> list[tuple[Severity, str]]:
        """What the parent's line says about this account, worst first."""
        if self.error:
            return [(Severity.HIGH, "⛔ could not read the account (role)")]
        out: list[tuple[Severity, str]] = [(r.severity, r.short) for r in self.reminders]
        if self.anomalies:
            new = [a for a in self.anomalies if not a.grew]
            grown = [a for a in self.anomalies if a.grew]
            impact = sum((a.impact for a in self.anomalies), Decimal(0))
            parts = [f"{len(new)} new anomal{'y' if len(new) == 1 else 'ies'}" if new else ""]
            parts.append(f"{len(grown)} growing" if grown else "")
            out.append((Severity.HIGH, f"{' + '.join(p for p in parts if p)} ({money(impact)})"))
        for b in self.budgets or []:
            if b.severity > Severity.INFO:
                which, value = (
                    ("actual", b.actual) if b.actual_level is not Level.OK else ("forecast", b.forecast)
                )
                out.append((b.severity, f"budget `{b.name}` {which} {b.pct(value)}"))
        if self.spend is not None:
            sev = Severity.MEDIUM if self.spend.jumped() else Severity.INFO
            pct = self.spend.change.pct
            vs = f"{pct:+.0f}% vs 7-day avg" if pct is not None else f"7-day avg {money(self.spend.average)}"
            out.append((sev, f"yesterday {money(self.spend.amount)} ({vs})"))
        if self.gaps:
            out.append((Severity.MEDIUM, "coverage: " + ", ".join(_gap_word(g) for g in self.gaps)))
        if self.problems:
            out.append((Severity.LOW, f"{len(self.problems)} part(s) unreadable"))
        out.sort(key=lambda s: -s[0])
        return out

    @property
    def severity(self) -> Severity:
        return max((s for s, _ in self.signals()), default=Severity.INFO)


def build_account(
    services: Services,
    account: Account,
    actor: str,
    *,
    since: date | None,
    today: date | None = None,
) -> AccountDigest:
    """Everything the digest says about one account; never raises for an AWS failure."""
    today = today or utcnow().date()
    digest = AccountDigest(account)
    try:
        session = services.aws.for_account(account, actor, "audit")
        session.verify()
    except AssumeRoleError as exc:
        digest.error = str(exc)
        return digest
    store = services.store
    budget = RequestBudget()

    explorer = CostExplorer(session, store, today=today)
    series: list[DailyCost] = []
    try:
        series = explorer.daily()
        digest.spend = spend_of(series, today)
    except (ClientError, BotoCoreError) as exc:
        digest.problems.append(f"Cost Explorer (daily cost): {classify(exc).describe()}")
    budget.spent += explorer.requests

    try:
        digest.budgets = read_budgets(session)
    except (ClientError, BotoCoreError) as exc:
        digest.problems.append(f"Budgets: {classify(exc).describe()}")

    first_look = today - timedelta(days=AVERAGE_DAYS)
    digest.watch = anomalies.watch(session, store, today=today, since=since or first_look, budget=budget)
    digest.problems += [f"Cost Anomaly Detection: {p.describe()}" for p in digest.watch.problems]
    digest.ce_requests = budget.spent

    last_month = last_month_total(series, today) if series else None
    digest.gaps = coverage.gaps(account, digest.watch, digest.budgets, last_month=last_month)
    digest.reminders = reminders.collect(store, account)
    return digest


def spend_of(series: list[DailyCost], today: date) -> Spend | None:
    """Yesterday and the 7 days before it, from the daily series (no request of its own)."""
    yesterday = today - timedelta(days=1)
    if not any(d.day == yesterday for d in series):
        return None
    amount = total(series, yesterday, yesterday)
    before = total(series, yesterday - timedelta(days=AVERAGE_DAYS), yesterday - timedelta(days=1))
    return Spend(
        day=yesterday,
        amount=amount,
        average=(before / AVERAGE_DAYS).quantize(Decimal("0.01")),
        month_to_date=month_to_date(series, today),
        last_month=last_month_total(series, today),
    )


def _gap_word(finding: Finding) -> str:
    return {
        coverage.NO_MONITOR: "no anomaly monitor",
        coverage.NO_SUBSCRIPTION: "no anomaly subscription",
        coverage.NO_BUDGET: "no budget",
    }.get(finding.check, finding.title)
