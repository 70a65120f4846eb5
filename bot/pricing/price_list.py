"""Look one price up in the AWS Price List API (`pricing:GetProducts`, served from us-east-1).

Each `PriceKey` maps to a service code, a few TERM_MATCH filters (always the region's `regionCode`)
and the usage type the product must carry, because a filter alone often matches several products
(archive tiers, Outposts, regional NAT gateways). Answers are cached in the store per day (prices
change rarely, and a scan asks the same few dozen questions every time) and every page is counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bot.pricing.keys import PriceKey
from bot.store import Store
from bot.store.cache import cached_call, count_call

CACHE_ACCOUNT = "aws-price-list"  # public prices: one cache for every account


@dataclass(frozen=True)
class ProductQuery:
    service_code: str
    filters: dict[str, str]
    usage: str  # the usage type without its region prefix ("EBS:VolumeUsage.gp3")
    units: dict[str, Decimal] = field(default_factory=dict)  # unit → divisor into the key's unit

    def params(self, region: str) -> dict[str, Any]:
        filters = {"regionCode": region, "locationType": "AWS Region", **self.filters}
        return {
            "ServiceCode": self.service_code,
            "Filters": [{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in sorted(filters.items())],
            "FormatVersion": "aws_v1",
        }

    def matches(self, usagetype: str) -> bool:
        return usagetype == self.usage or usagetype.endswith("-" + self.usage)


def query_for(key: PriceKey) -> ProductQuery | None:
    kind, variant = key.kind, key.variant
    if kind == "ebs":
        usage = "EBS:VolumeUsage" if variant == "standard" else f"EBS:VolumeUsage.{variant}"
        return ProductQuery("AmazonEC2", {"productFamily": "Storage", "volumeApiName": variant}, usage)
    if kind == "ebs_iops":
        return ProductQuery(
            "AmazonEC2",
            {"productFamily": "System Operation", "volumeApiName": variant},
            f"EBS:VolumeP-IOPS.{variant}",
        )
    if kind == "ebs_throughput":
        return ProductQuery(
            "AmazonEC2",
            {"productFamily": "Provisioned Throughput", "volumeApiName": variant},
            f"EBS:VolumeP-Throughput.{variant}",
            units={"GiBps-mo": Decimal(1024)},  # listed per GiB/s-month; the key is per MiB/s-month
        )
    if kind == "snapshot":
        return ProductQuery("AmazonEC2", {"productFamily": "Storage Snapshot"}, "EBS:SnapshotUsage")
    if kind == "ipv4":
        return ProductQuery("AmazonVPC", {}, "PublicIPv4:IdleAddress")
    if kind == "nat":
        return ProductQuery("AmazonEC2", {"productFamily": "NAT Gateway"}, "NatGateway-Hours")
    if kind == "lb":
        family = {"application": "Load Balancer-Application", "network": "Load Balancer-Network"}.get(
            variant, "Load Balancer"
        )
        return ProductQuery("AWSELB", {"productFamily": family}, "LoadBalancerUsage")
    if kind == "logs":
        return ProductQuery("AmazonCloudWatch", {}, "TimedStorage-ByteHrs")
    if kind == "ec2":
        instance_type, system = variant.split("|")
        return ProductQuery(
            "AmazonEC2",
            {
                "instanceType": instance_type,
                "operatingSystem": system,
                "tenancy": "Shared",
                "preInstalledSw": "NA",
                "capacitystatus": "Used",
            },
            f"BoxUsage:{instance_type}",
        )
    if kind == "rds":
        klass, engine, deployment = variant.split("|")
        usage = f"{'Multi-AZUsage' if deployment == 'Multi-AZ' else 'InstanceUsage'}:{klass}"
        return ProductQuery(
            "AmazonRDS",
            {"instanceType": klass, "databaseEngine": engine, "deploymentOption": deployment},
            usage,
        )
    return None


def unit_price(documents: list[str], query: ProductQuery) -> dict[str, Any]:
    """The first-tier on-demand USD price of the product with the wanted usage type, else usd None."""
    for text in documents:
        document = json.loads(text)
        attributes = document.get("product", {}).get("attributes", {})
        usagetype = attributes.get("usagetype", "")
        if not query.matches(usagetype) or "Outposts" in usagetype:
            continue
        for term in document.get("terms", {}).get("OnDemand", {}).values():
            dimensions = sorted(
                term.get("priceDimensions", {}).values(), key=lambda d: Decimal(d.get("beginRange") or 0)
            )
            for dimension in dimensions:
                usd = dimension.get("pricePerUnit", {}).get("USD")
                if usd is None:
                    continue
                divisor = query.units.get(dimension.get("unit", ""), Decimal(1))
                return {
                    "usd": str(Decimal(usd) / divisor),
                    "usagetype": usagetype,
                    "sku": document["product"].get("sku"),
                }
    return {"usd": None}


class PriceList:
    """Price List lookups for any region; `client()` returns the us-east-1 `pricing` client."""

    def __init__(self, client: Callable[[], Any], store: Store | None = None) -> None:
        self._client = client
        self._store = store
        self.requests = 0

    def lookup(self, key: PriceKey) -> Decimal | None:
        """The key's list price, None when the Price List has no such product; raises when unreachable."""
        query = query_for(key)
        if query is None:
            return None
        params = query.params(key.region)

        def fetch() -> dict[str, Any]:
            for page in self._client().get_paginator("get_products").paginate(**params):
                self.requests += 1
                if self._store is not None:
                    count_call(self._store, account=CACHE_ACCOUNT, service="pricing", operation="GetProducts")
                found = unit_price(page.get("PriceList", []), query)
                if found["usd"] is not None:
                    return found  # no need for the next pages
            return {"usd": None}

        if self._store is None:
            answer = fetch()
        else:
            answer = cached_call(
                self._store,
                account=CACHE_ACCOUNT,
                service="pricing",
                operation="GetProducts",
                params={**params, "usage": query.usage},
                fetch=fetch,
                count=False,
            )
        return None if answer.get("usd") is None else Decimal(answer["usd"])
