from bot.checks.audit.gpu_launch import gpu_launch, summary
from bot.collect.inventory_ec2 import is_gpu


def test_gpu_families():
    assert all(
        is_gpu(t)
        for t in (
            "p3.8xlarge",
            "g5.xlarge",
            "g4dn.metal",
            "inf2.xlarge",
            "trn1.32xlarge",
            "dl1.24xlarge",
            "f1.2xlarge",
            "gr6.4xlarge",
        )
    )
    assert not any(is_gpu(t) for t in ("m5.large", "c7g.xlarge", "r6i.2xlarge", "t3.micro", "x2gd.large"))


def test_recent_gpu_launches_are_listed_old_ones_and_cpu_are_not(b):
    b.trail.run_instances(
        region="eu-west-1", time=b.ago(1), instances=[("i-gpu", "g5.12xlarge"), ("i-cpu", "c5.large")]
    )
    b.trail.run_instances(region="eu-west-1", time=b.ago(40), instances=[("i-oldgpu", "p3.2xlarge")])
    for i in ("i-gpu", "i-cpu"):
        b.instance(i, region="eu-west-1", launched=b.ago(1))
    found = gpu_launch(b.build())
    assert [f.resource_id for f in found] == ["i-gpu"]
    assert found[0].action == "ec2.terminate_instance"
    assert "1× g5.12xlarge" in summary(found)
