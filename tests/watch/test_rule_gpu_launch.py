"""GPU or large instances launched: accelerated families, 16xlarge and up, metal, high memory."""

import pytest
from watch_helpers import NOW, Trail, run_rule

from bot.watch.rules.gpu_launch import costly

RULE = "watch.gpu_launch"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("p3.8xlarge", True),
        ("g5.xlarge", True),
        ("inf2.xlarge", True),
        ("trn1.2xlarge", True),
        ("c5.18xlarge", True),
        ("m5.16xlarge", True),
        ("m7i.metal-48xl", True),
        ("x2idn.16xlarge", True),
        ("u-6tb1.metal", True),
        ("m5.12xlarge", False),
        ("t3.micro", False),
        ("r5.8xlarge", False),
    ],
)
def test_what_counts_as_gpu_or_large(kind, expected):
    assert costly(kind) is expected


def test_a_gpu_launch_fires_and_offers_to_terminate_it():
    trail = Trail()
    [hit] = run_rule(RULE, [trail.launch(NOW, 2, kind="p3.8xlarge")])
    assert "2× p3.8xlarge" in hit.title
    assert [f.action for f in hit.containment].count("ec2.terminate_instance") == 2
    assert any(
        f.action == "iam.deactivate_access_key" and f.resource_id == "AKIAEXAMPLEOLDKEY001"
        for f in hit.containment
    )


def test_a_general_purpose_launch_does_not_fire():
    trail = Trail()
    assert run_rule(RULE, [trail.launch(NOW, 4, kind="m5.12xlarge")]) == []


def test_a_refused_gpu_launch_launched_nothing():
    trail = Trail()
    assert run_rule(RULE, [trail.launch(NOW, kind="p3.8xlarge", error="InsufficientInstanceCapacity")]) == []
