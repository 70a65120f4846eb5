"""A Price List API (`pricing:GetProducts`) answering from a price table, behind the real boto3 client.

moto has no Price List. This fake answers the family queries `bot/pricing/price_list.py` makes
with every product of the family, in documents shaped like AWS's (usage types with region
prefixes, the attributes the bot tells products apart by, an on-demand term, an Outposts decoy
that must not be picked), priced from the bundled table times a per-region factor, in pages of
`page_size` with a NextToken as AWS pages them. Each answer is checked against the service model
by `FakeAws`; `requests` holds every request's parameters, so tests can count them.
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
    page_size: int = 100  # at most this many products a page, as AWS's MaxResults

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
        start = int(params.get("NextToken") or 0)
        size = min(self.page_size, params.get("MaxResults") or 100)
        answer = {
            "FormatVersion": "aws_v1",
            "PriceList": [json.dumps(d) for d in documents[start : start + size]],
        }
        if start + size < len(documents):
            answer["NextToken"] = str(start + size)
        return answer

    def _documents(self, key: PriceKey, query: ProductQuery, usd: Decimal) -> list[dict[str, Any]]:
        prefix = PREFIX.get(key.region, key.region.upper().replace("-", "")[:4] + "-")
        unit = key.unit
        if "GiBps-mo" in query.units:  # listed per GiB/s, as AWS lists gp3 throughput
            unit, usd = "GiBps-mo", usd * query.units["GiBps-mo"]
        attributes = {**query.filters, **query.match}
        n = len(self.requests)
        decoy = _document(f"{prefix}Outposts-{query.usage}", unit, usd * 5, f"D{n}{key.variant}", attributes)
        return [decoy, _document(f"{prefix}{query.usage}", unit, usd, f"S{n}{key.variant}", attributes)]


def _document(
    usagetype: str, unit: str, usd: Decimal, sku: str, attributes: dict[str, str]
) -> dict[str, Any]:
    family = attributes.get("productFamily", "")  # AWS puts it beside the attributes, not in them
    listed = {k: v for k, v in attributes.items() if k != "productFamily"}
    return {
        "product": {
            "sku": sku,
            "productFamily": family,
            "attributes": {**listed, "usagetype": usagetype, "locationType": "AWS Region"},
        },
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
