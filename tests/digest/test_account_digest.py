from datetime import date, timedelta
from decimal import Decimal

from freezegun import freeze_time

from bot.aws.fakes import FakeError
from bot.devtools import fake_anomalies as fa
from bot.devtools.harness import Harness
from bot.digest.report import build_account, spend_of
from bot.model import Severity
from bot.spend.explorer import DailyCost

TODAY = date(2026, 11, 23)


def _series(amounts):
    """Daily amounts ending today (the last one is today's partial day)."""
    return [
        DailyCost(TODAY - timedelta(days=len(amounts) - 1 - i), Decimal(a)) for i, a in enumerate(amounts)
    ]


def test_yesterday_against_the_seven_days_before_it():
    spend = spend_of(_series(["999", "100", "110", "90", "100", "100", "120", "80", "350", "12"]), TODAY)
    assert spend.day == date(2026, 11, 22) and spend.amount == Decimal(350)
    assert spend.average == Decimal("100.00")  # the 999 eight days back and today's partial 12 are left out
    assert spend.change.describe() == "+$250.00 (+250.0%)"
    assert spend.jumped()


def test_a_small_or_cheap_change_is_not_a_jump():
    assert not spend_of(_series(["100"] * 7 + ["140", "0"]), TODAY).jumped()  # +40%
    assert not spend_of(_series(["1"] * 7 + ["9", "0"]), TODAY).jumped()  # +800% but $8
    assert spend_of(_series(["0"] * 7 + ["25", "0"]), TODAY).jumped()  # from nothing to $25


def test_no_data_for_yesterday_is_no_spend_line():
    assert spend_of([], TODAY) is None


def test_a_part_that_fails_is_a_problem_line_and_the_rest_reports(aws, account, ce, fake):
    def denied(params, region):
        raise FakeError("AccessDeniedException", "not authorized to perform ce:GetCostAndUsage")

    fake.on("ce", "GetCostAndUsage")(denied)
    m = fa.monitor()
    ce.monitors.append(m)
    ce.subscriptions.append(fa.subscription([m]))
    with (
        Harness(accounts=[account], base_session=aws, aws_hooks=[fake.attach]) as bot,
        freeze_time("2026-11-23 09:00"),
    ):
        digest = build_account(bot.services, bot.services.accounts[0], "U1", since=None)
    assert digest.spend is None and digest.error is None
    assert digest.problems == [
        "Cost Explorer (daily cost): GetCostAndUsage: access denied (AccessDeniedException) — "
        "the audit role lacks this permission (see infra/ for the role template)"
    ]
    assert digest.budgets == [] and [g.check for g in digest.gaps] == ["digest.no_budget"]
    # the refused request spent nothing, so the budget covered both lists as well as the anomalies
    assert digest.watch.anomalies == [] and digest.watch.subscriptions is not None
    assert digest.ce_requests == 3
    assert digest.severity is Severity.MEDIUM
