"""Amounts in USD: the invoice's own figures first, the FX_RATES setting only as a marked estimate.

In order: an amount already in USD; the invoice's own USD amount (its base currency); the invoice's
own exchange rate between its currency and USD; `FX_RATES` (units of the currency per USD, e.g.
`KRW=1380`), which makes the figure approximate. Without any of these the amount stays in its own
currency and is left out of USD totals, and the answer says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from bot.billing.invoices import Invoice

CENT = Decimal("0.01")


class UsdSource(StrEnum):
    USD = "in USD"
    INVOICE_AMOUNT = "invoice's USD amount"
    INVOICE_RATE = "invoice's exchange rate"
    FX_RATES = "FX_RATES (approximate)"
    NONE = "no exchange rate"


@dataclass(frozen=True)
class Usd:
    value: Decimal | None
    source: UsdSource
    rate: Decimal | None = None  # units of the currency per USD, when a rate was used

    @property
    def approximate(self) -> bool:
        return self.source is UsdSource.FX_RATES

    @property
    def known(self) -> bool:
        return self.value is not None


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_usd(invoice: Invoice, fx_rates: Mapping[str, Decimal]) -> Usd:
    amount, currency = invoice.amount, invoice.currency
    if currency == "USD":
        return Usd(cents(amount), UsdSource.USD)
    if invoice.base_currency == "USD" and invoice.base_amount is not None:
        base = abs(invoice.base_amount)
        return Usd(cents(-base if amount < 0 else base), UsdSource.INVOICE_AMOUNT)
    for rate in invoice.rates:
        if (rate.source, rate.target) == ("USD", currency):
            return Usd(cents(amount / rate.rate), UsdSource.INVOICE_RATE, rate.rate)
        if (rate.source, rate.target) == (currency, "USD"):
            return Usd(cents(amount * rate.rate), UsdSource.INVOICE_RATE, 1 / rate.rate)
    fallback = fx_rates.get(currency)
    if fallback:
        return Usd(cents(amount / fallback), UsdSource.FX_RATES, fallback)
    return Usd(None, UsdSource.NONE)
