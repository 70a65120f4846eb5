"""The past-due picture of one account: read the three AWS sources at once, apply the ledger, age.

`summarize()` is what `/aws-pastdue` renders and what the daily digest calls for its 91+ reminder.
Each source failing (AccessDenied on Invoicing, say) is kept as a problem to show, never raised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from bot.aws.errors import AwsProblem, classify
from bot.aws.regions import FanOut
from bot.billing.aging import Aging, age
from bot.billing.fx import cents
from bot.billing.invoices import Invoice, list_invoice_summaries, parse_summaries
from bot.billing.ledger import LedgerStatus, ledger_status, payments_for
from bot.billing.signals import TROUBLED_STATES, PaymentAction, account_state, payment_actions
from bot.store import Store
from bot.store.types import utcnow

SOURCES = {
    "invoices": "Invoicing (ListInvoiceSummaries)",
    "actions": "Billing recommended actions (ListRecommendedActions)",
    "account": "Account (GetAccountInformation)",
}


@dataclass
class PastDueReport:
    account: str
    account_id: str
    as_of: date
    aging: Aging | None  # None when the invoices could not be read
    ledger: LedgerStatus
    actions: list[PaymentAction] | None = None  # None when they could not be read
    account_state: str | None = None
    problems: dict[str, AwsProblem] = field(default_factory=dict)
    malformed: list[str] = field(default_factory=list)
    invoices_read: int = 0

    @property
    def past_due_actions(self) -> list[PaymentAction]:
        return [a for a in self.actions or [] if a.type == "PAYMENTS_PAST_DUE"]

    @property
    def account_in_trouble(self) -> bool:
        return self.account_state in TROUBLED_STATES

    @property
    def aws_contradicts_ledger(self) -> bool:
        """AWS reports nothing past due while the ledger leaves invoices unpaid and late."""
        return (
            self.actions is not None
            and not self.past_due_actions
            and self.aging is not None
            and self.aging.oldest_bucket is not None
        )

    def summary(self) -> dict[str, Any]:
        """The run summary other areas read (`/aws-pastdue` keys in HELPERS.md)."""
        aging = self.aging
        return {
            "past_due_usd": str(cents(aging.past_due_usd)) if aging else None,
            "usd_91_plus": str(cents(aging.usd_91_plus)) if aging else None,
            "oldest_bucket": aging.oldest_bucket if aging else None,
            "approximate": bool(aging and aging.approximate),
        }


def _attempt(fn: Callable[[], Any]) -> tuple[Any, AwsProblem | None]:
    try:
        return fn(), None
    except Exception as exc:  # every source failing is reported, not fatal
        return None, classify(exc)


def summarize(
    session: Any,
    store: Store,
    *,
    fx_rates: Mapping[str, Decimal],
    fanout: FanOut | None = None,
    today: date | None = None,
) -> PastDueReport:
    """Read invoices, payment signals and account state for `session`'s account; age what is unpaid.

    For the digest's daily 91+ reminder: `report = summarize(aws.for_account(account, SCHEDULER),
    services.store, fx_rates=settings.fx_rates, fanout=services.fanout)`, then remind when
    `report.aging and report.aging.usd_91_plus > 0` (or `report.aging.sellers_in("91+")`, which
    also holds sellers whose currency has no USD rate); `report.summary()` gives the run keys.
    `session` is an `AccountSession` (or anything with `.account` and `.client(service)`).
    """
    today = today or utcnow().date()
    account = session.account
    tasks: dict[str, Callable[[], Any]] = {
        "invoices": lambda: list_invoice_summaries(
            session.client("invoicing"), account.account_id, today=today
        ),
        "actions": lambda: payment_actions(session.client("bcm-recommended-actions")),
        "account": lambda: account_state(session.client("account")),
    }
    results: dict[str, tuple[Any, AwsProblem | None]] = {}
    if fanout is not None:
        for key, result in fanout.run(tasks).items():
            results[key] = (result.value, result.error)
    else:
        results = {key: _attempt(task) for key, task in tasks.items()}

    report = PastDueReport(
        account=account.name,
        account_id=account.account_id,
        as_of=today,
        aging=None,
        ledger=ledger_status(store),
    )
    for key, (_, problem) in results.items():
        if problem is not None:
            report.problems[key] = problem
    actions, problem = results["actions"]
    report.actions = actions if problem is None else None
    report.account_state = results["account"][0]
    summaries, problem = results["invoices"]
    if problem is None:
        invoices, report.malformed = parse_summaries(summaries or [])
        report.invoices_read = len(invoices)
        report.aging = age_with_ledger(store, invoices, fx_rates, today)
    return report


def age_with_ledger(
    store: Store, invoices: list[Invoice], fx_rates: Mapping[str, Decimal], today: date
) -> Aging:
    ids = {i.invoice_id for i in invoices} | {
        i.original_invoice_id for i in invoices if i.original_invoice_id
    }
    return age(invoices, payments_for(store, ids), fx_rates, today)
