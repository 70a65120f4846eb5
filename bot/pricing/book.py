"""A scan's prices: looked up once per key, from the Price List when it answers, else the table.

The first failure to reach the Price List (access denied, no network, throttled past retries) is
remembered and every later key goes straight to the bundled table, so a scan over 17 regions does
not wait on the same failure 17 times, and the answer can say once why its prices are estimates.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from bot.aws.errors import AwsProblem, classify
from bot.pricing import bundled
from bot.pricing.keys import Price, PriceKey, Source
from bot.pricing.price_list import PriceList

log = logging.getLogger(__name__)


class PriceBook:
    def __init__(self, price_list: PriceList | None = None) -> None:
        self._price_list = price_list
        self._prices: dict[PriceKey, Price | None] = {}
        self._lock = threading.Lock()
        self.problem: AwsProblem | None = None  # why the Price List could not be used, if it could not

    @property
    def live(self) -> bool:
        return self._price_list is not None and self.problem is None

    def load(self, keys: Iterable[PriceKey]) -> None:
        """Look these keys up now (one fan-out task per region calls this with its keys)."""
        for key in keys:
            self.price(key)

    def price(self, key: PriceKey) -> Price | None:
        with self._lock:
            if key in self._prices:
                return self._prices[key]
        found = self._lookup(key)
        with self._lock:
            self._prices[key] = found
        return found

    def _lookup(self, key: PriceKey) -> Price | None:
        if self._price_list is None:
            return bundled.lookup(key, why="Price List not used")
        if self.problem is not None:
            return bundled.lookup(key, why="Price List unreachable")
        try:
            usd = self._price_list.lookup(key)
        except Exception as exc:  # any failure: fall back, say why once
            problem = classify(exc)
            log.warning("Price List unusable (%s); using the bundled table", problem.describe())
            with self._lock:
                self.problem = self.problem or problem
            return bundled.lookup(key, why="Price List unreachable")
        if usd is None:
            return bundled.lookup(key, why="not found in the Price List")
        return Price(usd, Source.PRICE_LIST)

    def sources(self) -> set[Source]:
        with self._lock:
            return {p.source for p in self._prices.values() if p is not None}

    def describe(self) -> str:
        """One line for the answer: where this scan's prices came from."""
        used = self.sources()
        if self._price_list is None:
            return f"Prices: {bundled.describe()} (estimates)."
        if self.problem is not None:
            return (
                f"Prices: {bundled.describe()} — the AWS Price List could not be used: "
                f"{self.problem.kind.value} ({self.problem.code})."
            )
        if used == {Source.BUNDLED}:
            return f"Prices: {bundled.describe()} (not found in the AWS Price List)."
        if Source.BUNDLED in used:
            return f"Prices: AWS Price List, on-demand, per region; {bundled.describe()} where it had none."
        return "Prices: AWS Price List, on-demand, per region."
