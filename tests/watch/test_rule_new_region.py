"""Activity in a region the account has not used in 90 days."""

from datetime import timedelta

from watch_helpers import ALL_SEEDED, NOW, Trail, run_rule

from bot.watch.rules import History

RULE = "watch.new_region"


def test_a_launch_in_a_region_unused_for_91_days_fires_89_days_does_not():
    trail = Trail()
    launch = trail.launch(NOW, region="ap-northeast-2")
    stale = History(regions={"ap-northeast-2": NOW - timedelta(days=91)}, seeded=ALL_SEEDED)
    fresh = History(regions={"ap-northeast-2": NOW - timedelta(days=89)}, seeded=ALL_SEEDED)
    [hit] = run_rule(RULE, [launch], history=stale)
    assert "in ap-northeast-2" in hit.title and "no activity there in the 90 days before" in hit.title
    assert run_rule(RULE, [launch], history=fresh) == []


def test_a_never_used_region_fires_even_when_every_call_was_refused():
    trail = Trail()
    refused = trail.launch(NOW, region="eu-west-1", error="UnauthorizedOperation")
    [hit] = run_rule(RULE, [refused], history=History(seeded=ALL_SEEDED))
    assert "(every call refused)" in hit.title


def test_global_events_and_unknown_regions_say_nothing():
    trail = Trail()
    assert run_rule(RULE, [trail.create_user("x", NOW)], history=History(seeded=ALL_SEEDED)) == []
    unseeded = History(seeded=frozenset({"iam"}))  # eu-west-1's history not read yet
    assert run_rule(RULE, [trail.launch(NOW, region="eu-west-1")], history=unseeded) == []
