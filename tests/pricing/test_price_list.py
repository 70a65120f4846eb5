import json
from decimal import Decimal

import boto3
import pytest
from botocore.stub import Stubber
from freezegun import freeze_time

from bot.pricing import bundled
from bot.pricing.book import PriceBook
from bot.pricing.keys import PriceKey, Source, rds_variant
from bot.pricing.price_list import PriceList, products, query_for, unit_price
from bot.store.cache import calls_made

GP3 = PriceKey("ebs", "eu-west-1", "gp3")


def _document(usagetype, usd, unit="GB-Mo", begin="0", family="Storage", **attributes):
    attributes = {"volumeApiName": "gp3", **attributes, "usagetype": usagetype}
    return json.dumps(
        {
            "product": {"productFamily": family, "sku": "SKU1", "attributes": attributes},
            "terms": {
                "OnDemand": {
                    "SKU1.T": {
                        "priceDimensions": {
                            "SKU1.T.D": {"unit": unit, "beginRange": begin, "pricePerUnit": {"USD": usd}}
                        }
                    }
                }
            },
        }
    )


@pytest.fixture
def pricing():
    client = boto3.client("pricing", region_name="us-east-1")
    with Stubber(client) as stub:
        yield client, stub


def test_the_region_usage_type_is_picked_not_outposts_or_other_regions(pricing):
    client, stub = pricing
    documents = [
        _document("EU-Outposts-EBS:VolumeUsage.gp3", "0.50"),
        _document("EU-EBS:VolumeUsage.gp3", "0.0880000000"),
    ]
    params = query_for(GP3).params("eu-west-1")
    assert {"Type": "TERM_MATCH", "Field": "regionCode", "Value": "eu-west-1"} in params["Filters"]
    stub.add_response(
        "get_products", {"PriceList": documents, "FormatVersion": "aws_v1"}, {**params, "MaxResults": 100}
    )
    assert PriceList(lambda: client).lookup(GP3) == Decimal("0.088")


def test_one_request_answers_every_key_of_the_family_told_apart_by_attributes(pricing):
    client, stub = pricing
    documents = [
        _document("EU-EBS:VolumeUsage.gp2", "0.11", volumeApiName="gp2"),
        _document("EU-EBS:VolumeUsage.gp3", "0.088"),
        _document("EU-EBS:VolumeUsage.st1", "0.05", volumeApiName="st1"),
    ]
    stub.add_response("get_products", {"PriceList": documents[:2], "NextToken": "2"}, None)
    stub.add_response("get_products", {"PriceList": documents[2:]}, None)
    price_list = PriceList(lambda: client)
    prices = {v: price_list.lookup(PriceKey("ebs", "eu-west-1", v)) for v in ["gp2", "gp3", "st1", "io2"]}
    assert prices == {"gp2": Decimal("0.11"), "gp3": Decimal("0.088"), "st1": Decimal("0.05"), "io2": None}
    assert price_list.requests == 2  # the family's two pages, then nothing
    stub.assert_no_pending_responses()


def test_load_balancers_share_a_usage_type_and_are_told_apart_by_product_family():
    documents = [
        _document("EU-LoadBalancerUsage", "0.0252", unit="Hrs", family=family)
        for family in ["Load Balancer-Network", "Load Balancer-Application", "Load Balancer"]
    ]
    documents[0] = documents[0].replace("0.0252", "0.0250")
    found = products(documents)
    assert unit_price(found, query_for(PriceKey("lb", "eu-west-1", "network"))) == Decimal("0.0250")
    assert unit_price(found, query_for(PriceKey("lb", "eu-west-1", "application"))) == Decimal("0.0252")


def test_gp3_throughput_listed_per_gib_is_priced_per_mib(pricing):
    key = PriceKey("ebs_throughput", "us-east-1", "gp3")
    documents = [_document("EBS:VolumeP-Throughput.gp3", "40.96", unit="GiBps-mo")]
    query = query_for(key)
    assert unit_price(products(documents), query) == Decimal("0.04")


def test_nat_hours_do_not_match_regional_nat_gateways():
    query = query_for(PriceKey("nat", "eu-west-1"))
    assert query.matches("EU-NatGateway-Hours") and query.matches("NatGateway-Hours")
    assert not query.matches("EU-RegionalNatGateway-Hours")


def test_families_are_cached_for_a_week_and_counted(pricing, store):
    client, stub = pricing
    response = {"PriceList": [_document("EU-EBS:VolumeUsage.gp3", "0.088")], "FormatVersion": "aws_v1"}
    with freeze_time("2026-02-01 09:00"):
        stub.add_response("get_products", response, None)
        assert PriceList(lambda: client, store).lookup(GP3) == Decimal("0.088")
        assert PriceList(lambda: client, store).lookup(GP3) == Decimal("0.088")  # no second request
    with freeze_time("2026-02-07 23:00"):
        assert PriceList(lambda: client, store).lookup(PriceKey("ebs", "eu-west-1", "gp2")) is None  # cached
    with freeze_time("2026-02-08 09:00"):
        stub.add_response("get_products", response, None)
        PriceList(lambda: client, store).lookup(GP3)
    stub.assert_no_pending_responses()
    assert calls_made(store, service="pricing") == 2


def test_access_denied_falls_back_to_the_bundled_table_once_and_says_so(pricing):
    client, stub = pricing
    stub.add_client_error("get_products", "AccessDeniedException", "no pricing:GetProducts", 400)
    price_list = PriceList(lambda: client)
    book = PriceBook(price_list)
    book.load([GP3, PriceKey("nat", "eu-west-1"), PriceKey("ipv4", "eu-west-1")])
    stub.assert_no_pending_responses()  # one request: after the first failure, no more tries
    price = book.price(GP3)
    assert price.source is Source.BUNDLED and price.estimated
    assert price.usd == Decimal("0.08") and "us-east-1" in price.note and "not eu-west-1" in price.note
    assert book.price(PriceKey("nat", "eu-west-1")).usd == Decimal("0.045")
    assert "AccessDeniedException" in book.describe() and bundled.as_of() in book.describe()
    assert not book.live


def test_not_in_the_price_list_falls_back_per_key(pricing):
    client, stub = pricing
    stub.add_response("get_products", {"PriceList": [], "FormatVersion": "aws_v1"}, None)
    stub.add_response(
        "get_products", {"PriceList": [_document("EBS:VolumeUsage.gp2", "0.1", volumeApiName="gp2")]}, None
    )
    book = PriceBook(PriceList(lambda: client))
    assert book.price(PriceKey("ec2", "us-east-1", "m5.large|Linux")).source is Source.BUNDLED
    assert book.price(PriceKey("ebs", "us-east-1", "gp2")).source is Source.PRICE_LIST
    assert book.live and "where it had none" in book.describe()


def test_what_neither_knows_has_no_price():
    book = PriceBook()
    assert book.price(PriceKey("ec2", "us-east-1", "u-24tb1.metal|Linux")) is None
    assert rds_variant("db.m5.large", "sqlserver-se", False) is None  # licensed: no single list price
    assert book.price(PriceKey("rds", "us-east-1", "db.r5.large|MySQL|Multi-AZ")).usd == Decimal("0.50")


def test_the_fake_price_list_answers_what_the_bot_asks(aws, account):
    from bot.accounts import parse_accounts
    from bot.aws.fakes import FakeAws
    from bot.aws.session import AwsAccess
    from bot.devtools.fake_pricing import FakePriceList

    fake = FakePriceList(factors={"eu-west-1": Decimal("1.1")}).attach_to(FakeAws())
    session = AwsAccess(aws, client_hooks=[fake.attach]).for_account(parse_accounts([account])[0], "U1")
    book = PriceBook(PriceList(lambda: session.client("pricing")))
    for key, usd in [
        (PriceKey("ebs", "eu-west-1", "gp2"), "0.110"),
        (PriceKey("ebs_throughput", "us-east-1", "gp3"), "0.04"),
        (PriceKey("lb", "us-east-1", "classic"), "0.025"),
        (PriceKey("rds", "us-east-1", "db.r5.large|MySQL|Multi-AZ"), "0.50"),
    ]:
        price = book.price(key)
        assert price.source is Source.PRICE_LIST and price.usd == Decimal(usd), key
