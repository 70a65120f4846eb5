"""The bundled price table (`bundled.json`): used when the Price List API cannot be reached.

It holds us-east-1 on-demand list prices of the date in the file. Multi-AZ RDS is priced at twice
Single-AZ, as AWS prices it. Every price from here is marked estimated, with the table's date.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from bot.pricing.keys import Price, PriceKey, Source

PATH = Path(__file__).with_name("bundled.json")


@cache
def table() -> dict[str, Any]:
    return json.loads(PATH.read_text())


def as_of() -> str:
    return str(table()["as_of"])


def describe() -> str:
    return f"bundled {table()['region']} list prices of {as_of()}"


def lookup(key: PriceKey, *, why: str = "") -> Price | None:
    prices: dict[str, str] = table()["prices"].get(key.kind, {})
    value = prices.get(key.variant)
    if value is None and key.kind == "rds" and key.variant.endswith("|Multi-AZ"):
        single = prices.get(key.variant.removesuffix("|Multi-AZ") + "|Single-AZ")
        value = None if single is None else str(Decimal(single) * 2)
    if value is None:
        return None
    note = describe()
    if key.region != table()["region"]:
        note += f", not {key.region}'s"
    if why:
        note += f"; {why}"
    return Price(Decimal(value), Source.BUNDLED, note)
