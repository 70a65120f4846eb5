"""How many GetProducts requests a scan's prices cost: one per family and region, cold; none, warm.

The Price List throttles at 10 requests in a burst, 5 a second, per account, and each request is
slow: these tests pin the budget (counted by the fake, as AWS would count them), the week-long
cache across scans, and the process-wide cap on requests in flight.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from bot.accounts import parse_accounts
from bot.aws.fakes import FakeAws
from bot.aws.session import AwsAccess
from bot.devtools.fake_pricing import FakePriceList
from bot.pricing.book import PriceBook
from bot.pricing.keys import PriceKey, Source
from bot.pricing.price_list import IN_FLIGHT, PAGE_SIZE, PriceList, query_for

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-2", "eu-central-1"]
INSTANCE_TYPES = ["t3.micro", "t3.large", "m5.large", "m5.xlarge", "m6i.large", "t2.micro", "t3a.small"]


def _keys(region):
    """What a big account's scan asks in one region: every kind, several variants of most."""
    return [
        *(PriceKey("ebs", region, v) for v in ["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"]),
        PriceKey("ebs_iops", region, "gp3"),
        PriceKey("ebs_throughput", region, "gp3"),
        PriceKey("snapshot", region),
        PriceKey("ipv4", region),
        PriceKey("nat", region),
        *(PriceKey("lb", region, v) for v in ["application", "network", "classic"]),
        PriceKey("logs", region),
        *(PriceKey("ec2", region, f"{t}|Linux") for t in INSTANCE_TYPES),
        PriceKey("ec2", region, "m5.large|Windows"),
        PriceKey("rds", region, "db.r5.large|MySQL|Single-AZ"),
        PriceKey("rds", region, "db.r5.large|MySQL|Multi-AZ"),
        PriceKey("rds", region, "db.t3.medium|PostgreSQL|Single-AZ"),
    ]


FAMILIES = {query_for(k).family("") for k in _keys("")}  # 18: 5 EC2, VPC, ELB, Logs, 8 instances, 2 RDS


@pytest.fixture
def prices(aws, account):
    fake = FakePriceList(factors={"eu-west-1": Decimal("1.1")})
    aws_fake = FakeAws()
    aws_fake.on("pricing", "GetProducts")(lambda params, region: fake._get_products(params, region))
    session = AwsAccess(aws, client_hooks=[aws_fake.attach])
    session = session.for_account(parse_accounts([account])[0], "U1")
    fake.client = lambda: session.client("pricing")
    return fake


def _scan(prices, store=None, regions=REGIONS):
    """The pricing phase of a scan: one task per region loads that region's keys, as `scan` does."""
    book = PriceBook(PriceList(prices.client, store))
    with ThreadPoolExecutor(len(regions)) as pool:
        list(pool.map(lambda region: book.load(_keys(region)), regions))
    return book


def test_a_cold_scan_asks_once_per_family_and_region_and_a_warm_one_not_at_all(prices, store):
    book = _scan(prices, store)
    keys = len(_keys("")) * len(REGIONS)  # 135: what asking once per key cost (90 now)
    assert len(prices.requests) <= len(FAMILIES) * len(REGIONS) < keys
    assert book.live and book.sources() == {Source.PRICE_LIST}
    assert book.price(PriceKey("ebs", "eu-west-1", "gp2")).usd == Decimal("0.110")
    assert book.price(PriceKey("lb", "us-east-1", "network")).usd == Decimal("0.0225")
    assert book.price(PriceKey("rds", "us-west-2", "db.r5.large|MySQL|Multi-AZ")).usd == Decimal("0.50")

    prices.requests.clear()
    again = _scan(prices, store)  # another scan, the same week: all from the store
    assert prices.requests == [] and again.sources() == {Source.PRICE_LIST}


def test_a_family_of_several_pages_is_fetched_whole_once(prices):
    prices.page_size = 3  # fewer than asked for, as AWS may: EBS storage's volume types span pages
    book = _scan(prices, regions=["eu-west-1"])
    storage = [
        r
        for r in prices.requests
        if {"Field": "productFamily", "Type": "TERM_MATCH", "Value": "Storage"} in r["Filters"]
    ]
    assert len(storage) > 1 and all(r["MaxResults"] == PAGE_SIZE for r in storage)
    assert len({r.get("NextToken") for r in storage}) == len(storage)  # page after page, never the same one
    assert book.sources() == {Source.PRICE_LIST}


def test_concurrent_scans_share_fetches_and_keep_at_most_three_requests_in_flight(prices, store):
    lock, state = threading.Lock(), {"now": 0, "most": 0}
    answer = prices._get_products

    def slow(params, region):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.02)
        with lock:
            state["now"] -= 1
        return answer(params, region)

    prices._get_products = slow  # the fixture's hook looks the handler up at each request
    with ThreadPoolExecutor(4) as pool:
        books = list(pool.map(lambda _: _scan(prices, store), range(4)))
    assert state["most"] <= IN_FLIGHT == 3
    assert len(prices.requests) <= len(FAMILIES) * len(REGIONS)  # four scans, one fetch per family
    assert all(b.sources() == {Source.PRICE_LIST} for b in books)
