from decimal import Decimal

from idle_helpers import ids, launch

CHECK = "idle.eip_unassociated"


def test_unassociated_address_is_idle_and_associated_ones_are_not(ec2, idle):
    spare = ec2.allocate_address(Domain="vpc")
    used = ec2.allocate_address(Domain="vpc")
    (instance,) = launch(ec2)
    ec2.associate_address(AllocationId=used["AllocationId"], InstanceId=instance)
    report = idle(CHECK)
    assert ids(report) == {spare["AllocationId"]}
    (finding,) = report.findings
    assert finding.monthly_cost == Decimal("3.65")  # 730 h × $0.005
    assert finding.action == "ec2.release_address"
    assert finding.evidence["public_ip"] == spare["PublicIp"] and finding.evidence["association_id"] is None


def test_address_of_a_nat_gateway_is_not_idle(ec2, idle):
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    address = ec2.allocate_address(Domain="vpc")
    ec2.create_nat_gateway(SubnetId=subnet, AllocationId=address["AllocationId"])
    assert ids(idle(CHECK)) == set()
