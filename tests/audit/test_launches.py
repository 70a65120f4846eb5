from datetime import UTC, datetime, timedelta

from bot.audit.launches import bursts, launches
from bot.devtools.audit_records import AuditBuilder

T0 = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=10)


def _times(n, every):
    return [T0 + every * i for i in range(n)]


def test_threshold_launches_inside_the_window_are_a_burst():
    assert bursts(_times(100, timedelta(seconds=6)), WINDOW, 100) == [(0, 99, 100)]  # 99 × 6 s = 9 min 54 s


def test_one_launch_short_of_the_threshold_is_not():
    assert bursts(_times(99, timedelta(seconds=6)), WINDOW, 100) == []


def test_the_window_is_closed_exactly_ten_minutes_apart_counts():
    times = _times(100, WINDOW / 99)  # the last one exactly 10 minutes after the first
    assert bursts(times, WINDOW, 100) == [(0, 99, 100)]
    stretched = _times(100, WINDOW / 99 + timedelta(milliseconds=10))
    assert bursts(stretched, WINDOW, 100) == []


def test_the_window_slides_a_burst_after_hours_of_quiet_is_found():
    quiet = _times(20, timedelta(hours=1))
    burst = [T0 + timedelta(days=2, seconds=3 * i) for i in range(150)]
    found = bursts(quiet + burst, WINDOW, 100)
    assert len(found) == 1
    first, last, peak = found[0]
    assert (first, last) == (20, 169) and peak == 150


def test_two_bursts_apart_stay_two_and_overlapping_windows_merge():
    a = [T0 + timedelta(seconds=i) for i in range(100)]
    b = [T0 + timedelta(hours=3, seconds=i) for i in range(100)]
    assert [(f, last) for f, last, _ in bursts(a + b, WINDOW, 100)] == [(0, 99), (100, 199)]
    long = [T0 + timedelta(seconds=10 * i) for i in range(200)]  # 10 per 100 s: every window holds 61
    assert bursts(long, WINDOW, 61) == [(0, 199, 61)]


def test_degenerate_thresholds():
    assert bursts([], WINDOW, 1) == []
    assert bursts([T0], WINDOW, 0) == []
    assert bursts([T0], WINDOW, 1) == [(0, 0, 1)]


def test_launches_merge_cloudtrail_and_inventory_and_follow_protection_changes():
    b = AuditBuilder()
    b.trail.run_instances(
        region="eu-west-1",
        time=b.ago(2),
        instances=[("i-a", "p3.2xlarge"), ("i-b", "p3.2xlarge")],
        protection=True,
        access_key="AKIAX",
    )
    b.trail.event(
        "ModifyInstanceAttribute",
        region="eu-west-1",
        time=b.ago(1),
        source="ec2.amazonaws.com",
        request={"instanceId": "i-b", "attribute": "disableApiTermination", "value": "false"},
    )
    b.instance("i-a", region="eu-west-1", instance_type="p3.2xlarge", launched=b.ago(1))  # restarted since
    b.instance("i-old", region="us-east-1", launched=b.ago(1))  # restarted yesterday: not a launch
    found = {launch.instance_id: launch for launch in launches(b.build())}
    assert set(found) == {"i-a", "i-b"}
    assert found["i-a"].protected is True and found["i-a"].state == "running"
    assert found["i-b"].protected is False and found["i-b"].state is None  # gone from the inventory
    assert found["i-a"].access_key == "AKIAX"
    assert found["i-a"].time == b.ago(2) and found["i-a"].launch_time == b.ago(
        1
    )  # a clean-up re-checks EC2's


def test_where_cloudtrail_was_not_read_inventory_launches_count_and_protection_is_unknown():
    b = AuditBuilder()
    b.instance("i-new", region="eu-west-1", launched=b.ago(1))
    found = launches(b.build(unread=[("eu-west-1", "RunInstances")]))
    assert [(launch.instance_id, launch.principal, launch.protected) for launch in found] == [
        ("i-new", None, None)
    ]
