"""What the bot can verify by itself, from what commands already recorded and two cheap reads.

- access: an `/aws-audit` ran through the read-only role.
- guardduty: the latest audit found a detector enabled in every region it read.
- pastdue: the latest `/aws-pastdue` found nothing 91+ days past due.
- guardrails: a cost budget (Budgets `DescribeBudgets`, free) and an anomaly monitor (the digest's
  cached list, at most two days old, else one cached Cost Explorer request) exist.

Each answer is True (ticked), False (not yet, with why) or None (cannot tell yet, with what to run).
No new paid request is made when the store already knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from botocore.exceptions import BotoCoreError, ClientError

from bot.aws.errors import classify
from bot.aws.session import AccountSession
from bot.digest.anomalies import current_monitors
from bot.digest.budgets import read_budgets
from bot.model import Verdict, money
from bot.store import Store
from bot.store.runs import latest_run
from bot.store.tables import Run
from bot.store.types import utcnow


@dataclass(frozen=True)
class Verification:
    ok: bool | None
    detail: str


def _day(run: Run) -> str:
    return run.finished_at.strftime("%Y-%m-%d %H:%M UTC") if run.finished_at else "?"


def access(store: Store, account: str) -> Verification:
    run = latest_run(store, "/aws-audit", account)
    if run is None:
        return Verification(None, "no `/aws-audit` yet: run it")
    return Verification(True, f"the audit role answered (`/aws-audit` {_day(run)})")


def guardduty(store: Store, account: str) -> Verification:
    run = latest_run(store, "/aws-audit", account)
    if run is None or "guardduty_off" not in run.summary:
        return Verification(None, "no `/aws-audit` has read GuardDuty yet: run it")
    off = list(run.summary.get("guardduty_off") or [])
    unread = list(run.summary.get("guardduty_unread") or [])
    if off:
        return Verification(
            False, f"GuardDuty off in {', '.join(f'`{r}`' for r in off)} (`/aws-audit` {_day(run)})"
        )
    if unread:
        return Verification(None, f"GuardDuty unreadable in {', '.join(f'`{r}`' for r in unread)}")
    regions = run.summary.get("regions")
    return Verification(True, f"GuardDuty on in all {regions} regions audited ({_day(run)})")


def pastdue(store: Store, account: str) -> Verification:
    run = latest_run(store, "/aws-pastdue", account)
    if run is None:
        return Verification(None, "no `/aws-pastdue` yet: run it")
    raw = run.summary.get("usd_91_plus")
    try:
        amount = Decimal(str(raw)) if raw is not None else None
    except InvalidOperation:
        amount = None
    if amount is None:
        return Verification(None, f"`/aws-pastdue` {_day(run)} could not total the 91+ bucket")
    if amount > 0:
        approx = "≈ " if run.summary.get("approximate") else ""
        return Verification(False, f"{approx}{money(amount)} 91+ days past due (`/aws-pastdue` {_day(run)})")
    return Verification(True, f"nothing 91+ days past due (`/aws-pastdue` {_day(run)})")


def guardrails(session: AccountSession, store: Store) -> Verification:
    """Reads AWS: a free Budgets call and (at most once a day) one cached Cost Explorer request."""
    problems, missing, found = [], [], []
    try:
        budgets = [b for b in read_budgets(session) if b.budget_type == "COST"]
        if budgets:
            found.append(f"budget `{budgets[0].name}`")
        else:
            missing.append("no cost budget")
    except (ClientError, BotoCoreError) as exc:
        problems.append(f"Budgets: {classify(exc).code}")
    try:
        listing = current_monitors(session, store, today=utcnow().date())
        if listing.items:
            found.append(f"monitor `{listing.items[0].get('MonitorName', '?')}`")
        else:
            missing.append("no anomaly monitor")
    except (ClientError, BotoCoreError) as exc:
        problems.append(f"Cost Anomaly Detection: {classify(exc).code}")
    if missing:
        return Verification(False, " · ".join(missing) + " (the digest says how to add it)")
    if problems:
        return Verification(None, "could not read " + ", ".join(problems))
    return Verification(True, " and ".join(found) + " exist")


def compromise_ruled_out(store: Store, account: str) -> bool:
    run = latest_run(store, "/aws-audit", account)
    return run is not None and run.summary.get("verdict") == Verdict.LIKELY_LEGITIMATE.value
