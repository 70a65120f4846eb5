"""AWS's own word on payments: recommended actions for the PAYMENTS feature, and the account state.

These are the only first-party signals that something is overdue or that the account is already
suspended, so the answer leads with them when AWS gives any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PAYMENT_FILTER = {"actions": [{"key": "FEATURE", "matchOption": "EQUALS", "values": ["PAYMENTS"]}]}

ACTION_LABELS = {
    "PAYMENTS_PAST_DUE": "payment past due",
    "PAYMENTS_DUE": "payment due soon",
    "UPDATE_EXPIRED_PAYMENT_METHOD": "payment method expired",
    "UPDATE_INVALID_PAYMENT_METHOD": "payment method invalid",
}
SEVERITY_ORDER = {"CRITICAL": 0, "WARNING": 1, "INFO": 2}
TROUBLED_STATES = {"SUSPENDED", "CLOSED", "PENDING_ACTIVATION"}


@dataclass(frozen=True)
class PaymentAction:
    """One recommended action AWS shows in the Billing console for payments."""

    action_id: str
    type: str
    severity: str
    next_steps: tuple[str, ...] = ()
    context: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    updated: str | None = None

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.type, self.type.replace("_", " ").lower())


def payment_actions(client: Any) -> list[PaymentAction]:
    """Recommended actions of the PAYMENTS feature, most severe first, all pages."""
    pages = client.get_paginator("list_recommended_actions").paginate(filter=PAYMENT_FILTER)
    actions = [
        PaymentAction(
            action_id=str(item.get("id") or ""),
            type=str(item.get("type") or "UNKNOWN"),
            severity=str(item.get("severity") or "INFO"),
            next_steps=tuple(str(s) for s in item.get("nextSteps") or ()),
            context={str(k): str(v) for k, v in (item.get("context") or {}).items()},
            updated=item.get("lastUpdatedTimeStamp"),
        )
        for page in pages
        for item in page.get("recommendedActions", [])
        if item.get("feature", "PAYMENTS") == "PAYMENTS"
    ]
    return sorted(actions, key=lambda a: (SEVERITY_ORDER.get(a.severity, 3), a.type))


def account_state(client: Any) -> str | None:
    """ACTIVE, SUSPENDED, CLOSED or PENDING_ACTIVATION for the account the role lives in."""
    return client.get_account_information().get("AccountState")
