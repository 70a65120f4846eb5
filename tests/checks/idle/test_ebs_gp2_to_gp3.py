from decimal import Decimal

import pytest
from idle_helpers import ids, launch, volume

from bot.checks.idle.ebs_gp2_to_gp3 import gp3_equivalent
from bot.checks.idle.thresholds import Thresholds

CHECK = "idle.ebs_gp2_to_gp3"


def _attached(ec2, size, volume_type="gp2"):
    (instance,) = launch(ec2)
    vol = volume(ec2, size, volume_type)
    ec2.attach_volume(VolumeId=vol, InstanceId=instance, Device="/dev/sdf")
    return vol


def test_gp2_in_use_saves_by_becoming_gp3_and_offers_the_modify_action(ec2, idle):
    vol = _attached(ec2, 100)
    report = idle(CHECK)
    assert ids(report) == {vol}  # root volumes (8 GiB) save $0.16, under the $1 threshold
    (finding,) = report.findings
    assert finding.monthly_cost == Decimal("2.00")  # 100 × ($0.10 − $0.08)
    assert finding.action == "ec2.modify_volume_gp3"
    assert finding.evidence["volume_type"] == "gp2" and finding.evidence["size_gib"] == 100


def test_saving_below_the_threshold_is_not_shown(ec2, idle):
    vol = _attached(ec2, 40)  # saves $0.80
    assert ids(idle(CHECK)) == set()
    assert ids(idle(CHECK, thresholds=Thresholds(gp3_min_monthly_saving=Decimal("0.80")))) == {vol}


def test_large_volume_pays_for_matching_iops_and_throughput(ec2, idle):
    vol = _attached(ec2, 2000)
    (finding,) = idle(CHECK).findings
    assert finding.resource_id == vol
    # 2000 × $0.02 − 3,000 extra IOPS × $0.005 − 125 extra MiB/s × $0.04
    assert finding.monthly_cost == Decimal("20.00")
    assert finding.evidence["target_iops"] == 6000 and finding.evidence["target_throughput"] == 250


def test_gp3_and_unattached_gp2_are_not_right_size_candidates(ec2, idle):
    _attached(ec2, 500, "gp3")
    volume(ec2, 500, "gp2")  # unattached: listed as idle (delete), not as a right-size
    assert ids(idle(CHECK)) == set()


@pytest.mark.parametrize(
    ("size", "expected"),
    [(100, (3000, 125)), (1000, (3000, 250)), (1001, (3003, 250)), (6000, (16000, 250))],
)
def test_gp3_equivalent_matches_gp2_performance(size, expected):
    assert gp3_equivalent(size) == expected
