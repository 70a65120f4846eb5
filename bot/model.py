"""The shared vocabulary: what audits return and renderers show.

Audits know nothing of Slack: they return these plain values, and rendering turns them into
Block Kit. Keeping them small and frozen lets checks be pure functions that are easy to test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any

GLOBAL = "global"  # the region of account-wide resources (IAM, S3 account settings, billing)


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def emoji(self) -> str:
        return {0: "⚪", 1: "🔵", 2: "🟡", 3: "🟠", 4: "🔴"}[self.value]


@dataclass(frozen=True)
class Finding:
    """One thing a check found, with enough evidence for a person to act on it."""

    check: str
    severity: Severity
    account: str
    region: str
    resource_id: str
    title: str
    evidence: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    monthly_cost: Decimal | None = None
    estimated: bool = True
    action: str | None = None
    resource_arn: str | None = None

    @property
    def key(self) -> str:
        """Stable identity across runs: the same resource found by the same check."""
        return f"{self.check}:{self.account}:{self.region}:{self.resource_id}"


class Verdict(StrEnum):
    """The audit's answer to "compromised, or just over-provisioned?"."""

    LIKELY_COMPROMISE = "likely compromise"
    INCONCLUSIVE = "inconclusive — audit needed"
    LIKELY_LEGITIMATE = "likely legitimate over-provisioning"

    @property
    def emoji(self) -> str:
        return {
            "likely compromise": "🚨",
            "inconclusive — audit needed": "❓",
            "likely legitimate over-provisioning": "✅",
        }[self.value]


def money(value: Decimal | int | str | float | None, currency: str = "USD") -> str:
    """$1,234.56 for USD; whole units for currencies without minor units shown (KRW, IDR, JPY)."""
    if value is None:
        return "—"
    amount = Decimal(str(value))
    places = 0 if currency in {"KRW", "IDR", "JPY", "VND", "CLP"} else 2
    quantum = Decimal(1).scaleb(-places)
    text = f"{abs(amount.quantize(quantum)):,.{places}f}"
    sign = "-" if amount < 0 else ""
    return f"{sign}${text}" if currency == "USD" else f"{sign}{currency} {text}"
