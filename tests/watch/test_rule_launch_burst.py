"""Launch burst: ≥ 20 instances or ≥ 5 RunInstances calls by one principal within 10 minutes."""

from watch_helpers import NOW, Trail, minutes, run_rule

from bot.cleanup.catalog import ACTIONS

RULE = "watch.launch_burst"


def test_five_launches_within_ten_minutes_fire_four_do_not():
    trail = Trail()
    four = [trail.launch(NOW + minutes(2 * i)) for i in range(4)]
    assert run_rule(RULE, four) == []
    fifth = trail.launch(NOW + minutes(10))  # exactly 10 minutes after the first: the same window
    [hit] = run_rule(RULE, [*four, fifth])
    assert len(hit.events) == 5 and "5 RunInstances call(s)" in hit.title


def test_five_launches_spread_over_eleven_minutes_do_not_fire():
    trail = Trail()
    spread = [trail.launch(NOW + minutes(2.75 * i)) for i in range(5)]  # 0 … 11 min
    assert run_rule(RULE, spread) == []


def test_twenty_instances_in_one_call_fire_nineteen_do_not():
    trail = Trail()
    assert run_rule(RULE, [trail.launch(NOW, 19)]) == []
    [hit] = run_rule(RULE, [trail.launch(NOW + minutes(30), 20, kind="p3.8xlarge")])
    assert hit.title.startswith("20 instance(s) launched in 1 RunInstances call(s)")
    terminate = [f for f in hit.containment if f.action == "ec2.terminate_instance"]
    assert len(terminate) == 20
    assert all(set(ACTIONS[f.action]) <= set(f.evidence) for f in hit.containment)


def test_refused_calls_count_as_launches():
    trail = Trail()
    refused = [
        trail.launch(NOW + minutes(i), kind="p4d.24xlarge", error="VcpuLimitExceeded") for i in range(5)
    ]
    [hit] = run_rule(RULE, refused)
    assert "0 instance(s)" in hit.title and "5 call(s) refused" in hit.title


def test_a_burst_is_per_principal():
    trail = Trail()
    mixed = [trail.launch(NOW + minutes(i), user="alice" if i % 2 else "bob") for i in range(6)]
    assert run_rule(RULE, mixed) == []  # 3 each


def test_a_burst_spread_over_two_batches_fires_when_the_second_completes_it():
    trail = Trail()
    first = [trail.launch(NOW + minutes(i)) for i in range(3)]
    assert run_rule(RULE, first) == []
    second = [trail.launch(NOW + minutes(3 + i)) for i in range(2)]
    [hit] = run_rule(RULE, second, before=first)
    assert len(hit.events) == 5  # the whole burst, earlier batch included


def test_a_burst_already_alerted_fires_again_only_with_new_launches():
    trail = Trail()
    burst = [trail.launch(NOW + minutes(i)) for i in range(5)]
    assert run_rule(RULE, [], before=burst) == []  # nothing new: nothing to say
    late = trail.launch(NOW + minutes(40))  # outside the window: alone it is no burst
    assert run_rule(RULE, [late], before=burst) == []
