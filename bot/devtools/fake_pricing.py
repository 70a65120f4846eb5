"""A Price List API (`pricing:GetProducts`) answering from a price table, behind the real boto3 client.

moto has no Price List. This fake answers exactly the queries `bot/pricing/price_list.py` makes
with product documents shaped like AWS's (usage types with region prefixes, an on-demand term, a
decoy product that must not be picked), priced from the bundled table times a per-region factor.
Each answer is checked against the service model by `FakeAws`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bot.aws.fakes import FakeAws, FakeError
from bot.pricing import bundled
from bot.pricing.keys import PriceKey
from bot.pricing.price_list import ProductQuery, query_for

PREFIX = {"us-east-1": "", "eu-west-1": "EU-", "ap-northeast-2": "APN2-", "us-west-2": "USW2-"}


@dataclass
class FakePriceList:
    factors: dict[str, Decimal] = field(default_factory=dict)  # region → multiplier of the table
    fail: str | None = None  # answer every call with this error code
    requests: list[dict[str, Any]] = field(default_factory=list)

    def attach_to(self, fake: FakeAws) -> FakeAws:
        fake.on("pricing", "GetProducts")(self._get_products)
        return fake

    def _get_products(self, params: dict[str, Any], _: str) -> dict[str, Any]:
        self.requests.append(params)
        if self.fail:
            raise FakeError(self.fail, f"fake {self.fail}", 400)
        wanted = {f["Field"]: f["Value"] for f in params.get("Filters", [])}
        region = wanted.get("regionCode", "")
        documents = []
        for kind, variants in _table().items():
            for variant, usd in variants.items():
                key = PriceKey(kind, region, variant)
                query = query_for(key)
                if query is None or query.params(region)["ServiceCode"] != params["ServiceCode"]:
                    continue
                if {f["Field"]: f["Value"] for f in query.params(region)["Filters"]} != wanted:
                    continue
                documents += self._documents(key, query, usd * self.factors.get(region, Decimal(1)))
        return {"FormatVersion": "aws_v1", "PriceList": [json.dumps(d) for d in documents]}

    def _documents(self, key: PriceKey, query: ProductQuery, usd: Decimal) -> list[dict[str, Any]]:
        prefix = PREFIX.get(key.region, key.region.upper().replace("-", "")[:4] + "-")
        unit = key.unit
        if "GiBps-mo" in query.units:  # listed per GiB/s, as AWS lists gp3 throughput
            unit, usd = "GiBps-mo", usd * query.units["GiBps-mo"]
        decoy = _document(f"{prefix}Outposts-{query.usage}", unit, usd * 5, f"D{len(self.requests)}")
        return [decoy, _document(f"{prefix}{query.usage}", unit, usd, f"S{len(self.requests)}")]


def _document(usagetype: str, unit: str, usd: Decimal, sku: str) -> dict[str, Any]:
    return {
        "product": {"sku": sku, "attributes": {"usagetype": usagetype, "locationType": "AWS Region"}},
        "serviceCode": "fake",
        "terms": {
            "OnDemand": {
                f"{sku}.JRTCKXETXF": {
                    "priceDimensions": {
                        f"{sku}.JRTCKXETXF.6YS6EN2CT7": {
                            "unit": unit,
                            "beginRange": "0",
                            "endRange": "Inf",
                            "pricePerUnit": {"USD": f"{usd:f}"},
                        }
                    }
                }
            }
        },
    }


def _table() -> dict[str, dict[str, Decimal]]:
    """The bundled table, with Multi-AZ RDS at twice Single-AZ as AWS prices it."""
    table = {
        kind: {v: Decimal(p) for v, p in variants.items()}
        for kind, variants in bundled.table()["prices"].items()
    }
    table["rds"].update({v.replace("Single-AZ", "Multi-AZ"): p * 2 for v, p in table["rds"].items()})
    return table
