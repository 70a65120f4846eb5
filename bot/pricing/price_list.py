"""Prices from the AWS Price List API (`pricing:GetProducts`, served from us-east-1), a family at a time.

GetProducts is slow and throttled hard (a token bucket of 10 requests, refilled at 5 a second, per
account), and a scan needs dozens of prices: asking once per price made ~85 requests for one cold
scan of a big account. So each `PriceKey` belongs to a *family* (a service code and the TERM_MATCH
filters every key of its kind shares, with the region's `regionCode`): the first lookup in a
family fetches all of its products in that region, page by page, and every other lookup in it is
answered from what was fetched, by the attributes and usage type its product must carry (a filter
alone often matches several products: archive tiers, Outposts, regional NAT gateways).
EC2 instances and RDS databases are the exception: their family is sent down to the type.

A family's products are cached in the store for a week (list prices change rarely), fetched once
even when several scans want them at the same moment, and at most `IN_FLIGHT` requests are out
at once in the whole process, so concurrent scans stay under the throttle. Every page is counted.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bot.pricing.keys import PriceKey
from bot.store import Store
from bot.store.cache import cached_call, count_call

CACHE_ACCOUNT = "aws-price-list"  # public prices: one cache for every account
CACHE_DAYS = 7
IN_FLIGHT = 3  # GetProducts requests out at once, process-wide
PAGE_SIZE = 100  # the most GetProducts returns per page

# The product attributes a key's product is told apart by, within its family (kept in the cache).
MATCH_FIELDS = ("productFamily", "volumeApiName", "instanceType", "deploymentOption")

_requests = threading.BoundedSemaphore(IN_FLIGHT)
_fetching: dict[tuple[str, ...], threading.Lock] = {}  # family → held while one thread fetches it
_fetching_guard = threading.Lock()


@dataclass(frozen=True)
class ProductQuery:
    service_code: str
    filters: dict[str, str]  # sent: shared by every key of the family
    usage: str  # the usage type without its region prefix ("EBS:VolumeUsage.gp3")
    match: dict[str, str] = field(default_factory=dict)  # MATCH_FIELDS the product must carry
    units: dict[str, Decimal] = field(default_factory=dict)  # unit → divisor into the key's unit

    def params(self, region: str) -> dict[str, Any]:
        filters = {"regionCode": region, "locationType": "AWS Region", **self.filters}
        return {
            "ServiceCode": self.service_code,
            "Filters": [{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in sorted(filters.items())],
            "FormatVersion": "aws_v1",
        }

    def family(self, region: str) -> tuple[str, ...]:
        """What is fetched in one go: every key with the same family shares one fetch."""
        return (self.service_code, region, *(f"{k}={v}" for k, v in sorted(self.filters.items())))

    def matches(self, usagetype: str) -> bool:
        return usagetype == self.usage or usagetype.endswith("-" + self.usage)

    def picks(self, product: dict[str, Any]) -> bool:
        """Whether this product (as `products()` keeps it) is the key's."""
        if not self.matches(product["usagetype"]):
            return False
        return all(str(product.get(k, "")).lower() == v.lower() for k, v in self.match.items())


def query_for(key: PriceKey) -> ProductQuery | None:
    kind, variant = key.kind, key.variant
    if kind == "ebs":
        usage = "EBS:VolumeUsage" if variant == "standard" else f"EBS:VolumeUsage.{variant}"
        return ProductQuery("AmazonEC2", {"productFamily": "Storage"}, usage, {"volumeApiName": variant})
    if kind == "ebs_iops":
        return ProductQuery(
            "AmazonEC2",
            {"productFamily": "System Operation"},
            f"EBS:VolumeP-IOPS.{variant}",
            {"volumeApiName": variant},
        )
    if kind == "ebs_throughput":
        return ProductQuery(
            "AmazonEC2",
            {"productFamily": "Provisioned Throughput"},
            f"EBS:VolumeP-Throughput.{variant}",
            {"volumeApiName": variant},
            units={"GiBps-mo": Decimal(1024)},  # listed per GiB/s-month; the key is per MiB/s-month
        )
    if kind == "snapshot":
        return ProductQuery("AmazonEC2", {"productFamily": "Storage Snapshot"}, "EBS:SnapshotUsage")
    if kind == "ipv4":
        return ProductQuery("AmazonVPC", {}, "PublicIPv4:IdleAddress")
    if kind == "nat":
        return ProductQuery("AmazonEC2", {"productFamily": "NAT Gateway"}, "NatGateway-Hours")
    if kind == "lb":  # one family: ALB, NLB and CLB hours share the usage type, told apart by family
        family = {"application": "Load Balancer-Application", "network": "Load Balancer-Network"}.get(
            variant, "Load Balancer"
        )
        return ProductQuery("AWSELB", {}, "LoadBalancerUsage", {"productFamily": family})
    if kind == "logs":
        return ProductQuery("AmazonCloudWatch", {}, "TimedStorage-ByteHrs")
    # Instances and databases are asked for by type: a region's whole instance family is hundreds
    # of products of several kB each (many pages, megabytes to parse) where a scan needs a few.
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
    if kind == "rds":  # a class and engine at a time, both deployments in one answer
        klass, engine, deployment = variant.split("|")
        usage = f"{'Multi-AZUsage' if deployment == 'Multi-AZ' else 'InstanceUsage'}:{klass}"
        return ProductQuery(
            "AmazonRDS",
            {"productFamily": "Database Instance", "databaseEngine": engine, "instanceType": klass},
            usage,
            {"deploymentOption": deployment},
        )
    return None


def products(documents: Iterable[str]) -> list[dict[str, Any]]:
    """Each priced product's usage type, MATCH_FIELDS, and first-tier on-demand USD price and unit.

    Only this much is kept (and cached) of documents that are mostly reserved terms. Outposts
    products are dropped: their usage types end like the region's own.
    """
    kept = []
    for text in documents:
        document = json.loads(text)
        product = document.get("product", {})
        attributes = product.get("attributes", {})
        usagetype = attributes.get("usagetype", "")
        if "Outposts" in usagetype:
            continue
        price = _first_tier(document)
        if price is None:
            continue
        fields = {"productFamily": product.get("productFamily", ""), **attributes}
        kept.append(
            {
                "usagetype": usagetype,
                "sku": product.get("sku"),
                **price,
                **{k: fields[k] for k in MATCH_FIELDS if fields.get(k)},
            }
        )
    return kept


def _first_tier(document: dict[str, Any]) -> dict[str, str] | None:
    for term in document.get("terms", {}).get("OnDemand", {}).values():
        dimensions = sorted(
            term.get("priceDimensions", {}).values(), key=lambda d: Decimal(d.get("beginRange") or 0)
        )
        for dimension in dimensions:
            usd = dimension.get("pricePerUnit", {}).get("USD")
            if usd is not None:
                return {"usd": usd, "unit": dimension.get("unit", "")}
    return None


def unit_price(found: list[dict[str, Any]], query: ProductQuery) -> Decimal | None:
    """The price of the family's product that is the key's, in the key's unit; None if there is none."""
    for product in found:
        if query.picks(product):
            return Decimal(product["usd"]) / query.units.get(product["unit"], Decimal(1))
    return None


class PriceList:
    """Price List lookups for any region; `client()` returns the us-east-1 `pricing` client."""

    def __init__(self, client: Callable[[], Any], store: Store | None = None) -> None:
        self._client = client
        self._store = store
        self._families: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self.requests = 0

    def lookup(self, key: PriceKey) -> Decimal | None:
        """The key's list price, None when the Price List has no such product; raises when unreachable."""
        query = query_for(key)
        if query is None:
            return None
        return unit_price(self._family(query, key.region), query)

    def _family(self, query: ProductQuery, region: str) -> list[dict[str, Any]]:
        family = query.family(region)
        with _fetching_guard:
            lock = _fetching.setdefault(family, threading.Lock())
        with lock:  # a second scan wanting the same family waits, then reads the cache
            if family not in self._families:
                self._families[family] = self._cached(query.params(region))
            return self._families[family]

    def _cached(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self._store is None:
            return self._fetch(params)
        found: list[dict[str, Any]] = cached_call(
            self._store,
            account=CACHE_ACCOUNT,
            service="pricing",
            operation="GetProducts",
            params=params,
            fetch=lambda: self._fetch(params),
            count=False,
            days=CACHE_DAYS,
        )
        return found

    def _fetch(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every page of the family: each request waits for one of the process's IN_FLIGHT slots."""
        pages = (
            self._client()
            .get_paginator("get_products")
            .paginate(**params, PaginationConfig={"PageSize": PAGE_SIZE})
        )
        found: list[dict[str, Any]] = []
        iterator = iter(pages)
        while True:
            with _requests:  # the request goes out inside next()
                page = next(iterator, None)
            if page is None:
                return found
            self.requests += 1
            if self._store is not None:
                count_call(self._store, account=CACHE_ACCOUNT, service="pricing", operation="GetProducts")
            found += products(page.get("PriceList", []))
