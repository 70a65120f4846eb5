"""What an idle check returns: a finding (not yet priced) and the charges that make its cost.

Checks stay pure: they say "500 GB-months of gp2 in eu-west-1", not "$50". The scan then looks up
exactly the prices the findings need, in parallel per region, and `price()` turns the charges
into the finding's monthly cost, marked estimated when any price or quantity is an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bot.model import Finding, Severity
from bot.pricing.keys import Price, PriceKey

CENT = Decimal("0.01")
NOTABLE_USD = Decimal(100)  # a finding at or above this a month is MEDIUM, below LOW


@dataclass(frozen=True)
class Charge:
    """`quantity` units a month of `price` (negative for what a right-size would pay instead)."""

    price: PriceKey
    quantity: Decimal


@dataclass(frozen=True)
class Waste:
    finding: Finding
    charges: tuple[Charge, ...] = ()
    known_usd: Decimal | None = None  # a saving AWS already estimated (Compute Optimizer)
    known_source: str = ""
    quantity_estimated: bool = False  # e.g. snapshot size: the volume's size bounds the stored blocks
    min_usd: Decimal | None = None  # dropped once priced if it saves less (a right-size not worth it)


def make(
    check: str,
    view_account: str,
    region: str,
    resource_id: str,
    why: str,
    *,
    action: str | None,
    facts: Mapping[str, Any],
    age_days: int | None,
    size: str,
    resource_arn: str | None = None,
    name: str = "",
) -> Finding:
    """A finding with the display fields the renderer reads (age_days, size, name) beside the facts."""
    evidence = {**facts, "age_days": age_days, "size": size}
    if name:
        evidence["name"] = name
    return Finding(
        check=check,
        severity=Severity.LOW,
        account=view_account,
        region=region,
        resource_id=resource_id,
        title=why,
        evidence=evidence,
        action=action,
        resource_arn=resource_arn,
    )


def price(waste: Waste, lookup: Any) -> Finding:
    """The finding with its monthly cost; `lookup(PriceKey) -> Price | None`.

    A charge whose price is unknown leaves the cost unknown (None) rather than silently low.
    """
    finding = waste.finding
    if waste.known_usd is not None:
        cost = waste.known_usd.quantize(CENT, ROUND_HALF_UP)
        evidence = {**finding.evidence, "price_basis": waste.known_source}
        return replace(
            finding, monthly_cost=cost, estimated=True, evidence=evidence, severity=_severity(cost)
        )
    if not waste.charges:
        return replace(finding, monthly_cost=None, estimated=True)
    total = Decimal(0)
    estimated = waste.quantity_estimated
    basis: list[str] = []
    for charge in waste.charges:
        found: Price | None = lookup(charge.price)
        if found is None:
            evidence = {**finding.evidence, "price_basis": f"no price for {charge.price.describe()}"}
            return replace(finding, monthly_cost=None, estimated=True, evidence=evidence)
        total += charge.quantity * found.usd
        estimated = estimated or found.estimated
        basis.append(f"{_number(charge.quantity)} {charge.price.unit} × {_usd(found.usd)}")
    cost = max(total, Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    evidence = {**finding.evidence, "price_basis": " + ".join(basis).replace("+ -", "− ")}
    return replace(
        finding, monthly_cost=cost, estimated=estimated, evidence=evidence, severity=_severity(cost)
    )


def _severity(cost: Decimal) -> Severity:
    return Severity.MEDIUM if cost >= NOTABLE_USD else Severity.LOW


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _usd(value: Decimal) -> str:
    """$0.10, $0.045, $0.0052: at least cents, never trailing zeros past them."""
    text = _number(value)
    whole, _, cents = text.partition(".")
    return f"${whole}.{cents.ljust(2, '0')}"


def gib(size: int | Decimal) -> str:
    return f"{size:,} GiB"
