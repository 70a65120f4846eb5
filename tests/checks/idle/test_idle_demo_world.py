"""Every check against the demo seed's account: each finds its resource and carries its action's facts."""

from types import SimpleNamespace

import pytest

from bot.aws.fakes import FakeAws
from bot.checks.registry import checks_of
from bot.cleanup.catalog import ACTIONS
from bot.demo.seeds import idle as idle_seed
from bot.devtools.harness import DEMO_ACCOUNT


@pytest.fixture
def demo_report(aws, account, fanout):
    from bot.accounts import parse_accounts
    from bot.aws.session import AwsAccess
    from bot.checks.idle.scan import scan
    from bot.pricing.book import PriceBook
    from bot.pricing.price_list import PriceList

    world = SimpleNamespace(session=aws, fake=FakeAws(), account=dict(DEMO_ACCOUNT))
    idle_seed.seed(world)
    session = AwsAccess(aws, client_hooks=[world.fake.attach]).for_account(parse_accounts([account])[0], "U1")
    book = PriceBook(PriceList(lambda: session.client("pricing")))
    return scan(session, fanout, price_book=book)


def test_every_check_finds_the_seeded_resource_with_its_catalog_facts(demo_report):
    found = demo_report.by_check()
    for check in checks_of("idle"):
        assert found[check.id], f"{check.id} found nothing in the demo world"
        for finding in found[check.id]:
            if finding.action is None:
                continue
            assert finding.action in check.actions and finding.action in ACTIONS
            missing = set(ACTIONS[finding.action]) - set(finding.evidence)
            assert not missing, f"{finding.key} lacks {missing} for {finding.action}"
    assert demo_report.gaps == []
    assert demo_report.prices_live  # the demo's fake Price List answered
    assert len({f.key for f in demo_report.findings}) == len(demo_report.findings)
