"""Offers: what a command showed with a cleanup button, stored so the button carries only an ID.

`/aws-idle` and `/aws-audit` call `offer()` for findings that suggest an action; the returned ID
goes into the button's value. Clicking files a request with the approval engine, which re-checks
the stored facts against AWS before anything is done. Nothing in a Slack payload is trusted.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from bot.model import Finding
from bot.store import Store
from bot.store.tables import CleanupOffer


def new_id(prefix: str) -> str:
    """Unguessable: a button value cannot be forged into someone else's request."""
    return f"{prefix}_{secrets.token_urlsafe(18)}"


def offer_items(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [
        {
            "action": f.action,
            "region": f.region,
            "resource_id": f.resource_id,
            "check": f.check,
            "title": f.title,
            "facts": _plain(dict(f.evidence)),
            "monthly_cost": None if f.monthly_cost is None else str(f.monthly_cost),
        }
        for f in findings
        if f.action
    ]


def offer(
    store: Store,
    findings: Sequence[Finding],
    *,
    account: str,
    source: str,
    created_by: str,
    label: str = "",
    channel: str | None = None,
    thread_ts: str | None = None,
) -> str | None:
    """Store one offer covering these findings (one item each); None if none suggests an action."""
    items = offer_items(findings)
    if not items:
        return None
    offer_id = new_id("of")
    with store.tx() as tx:
        tx.add(
            CleanupOffer(
                id=offer_id,
                account=account,
                source=source,
                created_by=created_by,
                label=label,
                items=items,
                channel=channel,
                thread_ts=thread_ts,
            )
        )
    return offer_id


def get_offer(store: Store, offer_id: str) -> CleanupOffer | None:
    with store.tx() as tx:
        return tx.get(CleanupOffer, offer_id)


def _plain(value: Any) -> Any:
    """Evidence as JSON-safe values (dates and Decimals as strings) for the store."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
