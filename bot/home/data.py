"""What the Home tab shows, read from the store: latest runs, pending requests, the open checklist.

Month to date comes from today's cached Cost Explorer daily series when a command already asked for
it (`cached_daily`: no request), else from the latest `/aws-cost` run; the forecast only from that run.
Opening Home never makes a request to AWS.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.accounts import Account
from bot.cleanup.engine import pending_requests
from bot.incident.checklist import Checklist, open_for
from bot.spend.explorer import cached_daily, month_to_date
from bot.store import Store
from bot.store.runs import latest_run
from bot.store.tables import CleanupRequest, Run
from bot.store.types import utcnow


@dataclass(frozen=True)
class AccountHome:
    account: Account
    audit: Run | None
    cost: Run | None
    idle: Run | None
    pastdue: Run | None
    pending: list[CleanupRequest]
    checklist: Checklist | None
    mtd_today: Decimal | None = None  # from today's cached daily series, when there is one
    today: date | None = None


def gather(store: Store, accounts: Sequence[Account]) -> list[AccountHome]:
    today = utcnow().date()
    pending = pending_requests(store)
    homes = []
    for account in accounts:
        series = cached_daily(store, account.name, today=today)
        homes.append(
            AccountHome(
                account=account,
                audit=latest_run(store, "/aws-audit", account.name),
                cost=latest_run(store, "/aws-cost", account.name),
                idle=latest_run(store, "/aws-idle", account.name),
                pastdue=latest_run(store, "/aws-pastdue", account.name),
                pending=[r for r in pending if r.account == account.name],
                checklist=open_for(store, account.name),
                mtd_today=month_to_date(series, today) if series else None,
                today=today,
            )
        )
    return homes
