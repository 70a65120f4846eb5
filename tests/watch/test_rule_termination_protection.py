"""Termination protection set on ≥ 3 instances by one principal within an hour."""

from watch_helpers import NOW, Trail, minutes, run_rule

RULE = "watch.termination_protection"


def test_protection_at_launch_on_three_instances_fires_on_two_does_not():
    trail = Trail()
    assert run_rule(RULE, [trail.launch(NOW, 2, protection=True)]) == []
    [hit] = run_rule(RULE, [trail.launch(NOW, 3, protection=True, kind="p3.8xlarge")])
    assert "set on 3 instances" in hit.title
    terminate = [f for f in hit.containment if f.action == "ec2.terminate_instance"]
    assert len(terminate) == 3 and all(f.evidence["instance_type"] == "p3.8xlarge" for f in terminate)


def test_protection_set_later_over_two_batches_adds_up():
    trail = Trail()
    first = [
        trail.protect("i-0aaa00000000000001", NOW),
        trail.protect("i-0aaa00000000000002", NOW + minutes(5)),
    ]
    assert run_rule(RULE, first) == []
    [hit] = run_rule(RULE, [trail.protect("i-0aaa00000000000003", NOW + minutes(20))], before=first)
    assert "`i-0aaa00000000000001`" in hit.title and len(hit.events) == 3


def test_protection_spread_over_more_than_an_hour_does_not_fire():
    trail = Trail()
    before = [
        trail.protect("i-0bbb00000000000001", NOW),
        trail.protect("i-0bbb00000000000002", NOW + minutes(40)),
    ]
    assert run_rule(RULE, [trail.protect("i-0bbb00000000000003", NOW + minutes(90))], before=before) == []


def test_launches_without_protection_do_not_fire():
    trail = Trail()
    assert run_rule(RULE, [trail.launch(NOW, 10)]) == []
